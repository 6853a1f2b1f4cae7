"""Ordered funnel, time to convert and the growth-model number helpers.

Every expected number below is worked out by hand in the comments from the small event table.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lib.funnel import (
    GROWTH_MODELS,
    funnel_from_rates,
    ordered_funnel,
    time_to_convert,
    viral_amplification,
    viral_coefficient,
    viral_generations,
)

STEPS = ["visit", "signup", "purchase"]


def _ev(rows):
    return pd.DataFrame(rows, columns=["user_id", "event", "timestamp", "channel"]).assign(
        timestamp=lambda d: pd.to_datetime(d["timestamp"])
    )


@pytest.fixture
def events() -> pd.DataFrame:
    # u1: visit -> signup (1 h later) -> purchase: complete.
    # u2: visit, purchase, never signs up: stops at visit.
    # u3: signup BEFORE its only visit (ignored), visit 01-02, signup 01-04, purchase 01-20 (18 days after visit).
    # u4: visits 01-05 and 01-10, signup 01-12 (exactly 7 days after the FIRST visit), purchase 01-13.
    # u5: only a purchase: never enters the funnel.
    # u6: visit and signup at the same second: signup is not STRICTLY after, so stops at visit.
    return _ev([
        ("u1", "visit", "2024-01-01 10:00", "ads"),
        ("u1", "signup", "2024-01-01 11:00", "ads"),
        ("u1", "purchase", "2024-01-03 00:00", "ads"),
        ("u2", "visit", "2024-01-02 00:00", "ads"),
        ("u2", "purchase", "2024-01-03 00:00", "ads"),
        ("u3", "signup", "2024-01-01 00:00", "social"),
        ("u3", "visit", "2024-01-02 00:00", "social"),
        ("u3", "signup", "2024-01-04 00:00", "social"),
        ("u3", "purchase", "2024-01-20 00:00", "social"),
        ("u4", "visit", "2024-01-05 00:00", "social"),
        ("u4", "visit", "2024-01-10 00:00", "social"),
        ("u4", "signup", "2024-01-12 00:00", "social"),
        ("u4", "purchase", "2024-01-13 00:00", "social"),
        ("u5", "purchase", "2024-01-01 00:00", "ads"),
        ("u6", "visit", "2024-01-01 12:00", "ads"),
        ("u6", "signup", "2024-01-01 12:00", "ads"),
    ])


# ------------------------------------------------------------------ ordered_funnel
def test_funnel_no_window(events):
    out = ordered_funnel(events, STEPS)
    # visit: u1 u2 u3 u4 u6 = 5; signup: u1 u3 u4 = 3; purchase: u1 u3 u4 = 3
    assert out["step"].tolist() == STEPS
    assert out["users"].tolist() == [5, 3, 3]
    assert out["step_conversion"].tolist() == pytest.approx([1.0, 0.6, 1.0])
    assert out["overall_conversion"].tolist() == pytest.approx([1.0, 0.6, 0.6])
    assert out["drop_off"].tolist() == [0, 2, 0]
    # visit->signup: u1 1 h, u3 2 days, u4 7 days -> median 2 days
    # signup->purchase: u1 1 day 13 h, u3 16 days, u4 1 day -> median 1 day 13 h
    med = out["median_time_from_previous"]
    assert pd.isna(med.iloc[0])
    assert med.iloc[1] == pd.Timedelta(days=2)
    assert med.iloc[2] == pd.Timedelta(days=1, hours=13)


def test_funnel_window_first_anchor(events):
    out = ordered_funnel(events, STEPS, window=pd.Timedelta(days=7))
    # signup within 7 days of the first visit: u1 (1 h), u3 (2 d), u4 (7 d, boundary counts) = 3
    # purchase within 7 days of the first visit: u1 (2 d); u3 18 d and u4 8 d are too late = 1
    assert out["users"].tolist() == [5, 3, 1]
    assert out["step_conversion"].tolist() == pytest.approx([1.0, 0.6, 1 / 3])
    assert out["overall_conversion"].tolist() == pytest.approx([1.0, 0.6, 0.2])


def test_funnel_window_any_anchor(events):
    out = ordered_funnel(events, STEPS, window=pd.Timedelta(days=7), start="any")
    # u4 can start at its second visit (01-10): signup 2 d, purchase 3 d later -> counts at purchase
    assert out["users"].tolist() == [5, 3, 2]
    # without a window, "any" and "first" agree
    assert ordered_funnel(events, STEPS, start="any")["users"].tolist() == [5, 3, 3]


def test_funnel_count_events(events):
    out = ordered_funnel(events, STEPS, count="events")
    # raw rows: visit 6 (u4 twice), signup 5 (u3 twice, u6 counted), purchase 5 (u2, u5 counted)
    assert out["users"].tolist() == [6, 5, 5]
    assert out["step_conversion"].tolist() == pytest.approx([1.0, 5 / 6, 1.0])
    assert out["median_time_from_previous"].isna().all()


def test_funnel_segments(events):
    out = ordered_funnel(events, STEPS, segment_col="channel").set_index(["channel", "step"])
    # ads: visit u1 u2 u6 = 3, signup u1 = 1, purchase u1 = 1; social: u3 and u4 all the way = 2, 2, 2
    assert out.loc["ads", "users"].tolist() == [3, 1, 1]
    assert out.loc["social", "users"].tolist() == [2, 2, 2]
    assert out.loc["ads", "step_conversion"].tolist() == pytest.approx([1.0, 1 / 3, 1.0])


def test_funnel_segment_is_taken_from_the_anchor_row():
    ev = _ev([
        ("x", "visit", "2024-01-02", "later"),
        ("x", "visit", "2024-01-01", "first"),  # the first visit anchors -> segment "first"
        ("x", "signup", "2024-01-03", "later"),
    ])
    out = ordered_funnel(ev, ["visit", "signup"], segment_col="channel")
    assert out["channel"].tolist() == ["first", "first"]
    assert out["users"].tolist() == [1, 1]


def test_funnel_accepts_other_column_names_and_does_not_mutate(events):
    ev = events.rename(columns={"user_id": "who", "event": "what", "timestamp": "when"})
    before = ev.copy()
    out = ordered_funnel(ev, STEPS, user_col="who", event_col="what", time_col="when")
    assert out["users"].tolist() == [5, 3, 3]
    pd.testing.assert_frame_equal(ev, before)


def test_funnel_step_never_reached_gives_zero(events):
    # purchase -> signup: u3 signs up... no: u3's purchase (01-20) has no later signup; u1 neither -> 0
    out = ordered_funnel(events, ["purchase", "signup"])
    assert out["users"].tolist() == [5, 0]
    assert out["overall_conversion"].tolist() == [1.0, 0.0]


BAD_FUNNEL = [
    (lambda e: ordered_funnel(e.iloc[:0], STEPS), "events is empty"),
    (lambda e: ordered_funnel(e.drop(columns="user_id"), STEPS), "user_id.*user_col"),
    (lambda e: ordered_funnel(e, ["visit", "sign_up"]), "'sign_up'"),
    (lambda e: ordered_funnel(e, ["visit", "signup", "visit"]), "duplicate step 'visit'"),
    (lambda e: ordered_funnel(e.assign(user_id=[None] + e["user_id"].tolist()[1:]), STEPS), "user_col"),
    (lambda e: ordered_funnel(e.assign(timestamp=["bad"] * len(e)), STEPS), "time_col"),
    (lambda e: ordered_funnel(e, STEPS, window="a week"), "window"),
    (lambda e: ordered_funnel(e, STEPS, window=pd.Timedelta(days=-1)), "window"),
    (lambda e: ordered_funnel(e, STEPS, start="last"), "start"),
    (lambda e: ordered_funnel(e, STEPS, count="sessions"), "count"),
    (lambda e: ordered_funnel(e, "visit"), "steps"),
    (lambda e: ordered_funnel(e, STEPS, segment_col="campaign"), "campaign.*segment_col"),
    (lambda e: ordered_funnel(e, STEPS, count="events", segment_col="channel"), "segment_col"),
]


@pytest.mark.filterwarnings("ignore:Could not infer format")
@pytest.mark.parametrize("call, match", BAD_FUNNEL)
def test_funnel_bad_input(events, call, match):
    with pytest.raises(ValueError, match=match):
        call(events)


# ------------------------------------------------------------------ time_to_convert
def test_time_to_convert(events):
    out = time_to_convert(events, "signup", "purchase")
    # u1: 01-01 11:00 -> 01-03 00:00 = 1 d 13 h; u3: first signup 01-01 -> purchase 01-20 = 19 d;
    # u4: 01-12 -> 01-13 = 1 d; u6 never buys after signing up -> left out
    assert out.index.name == "user_id"
    assert out.to_dict() == {
        "u1": pd.Timedelta(days=1, hours=13), "u3": pd.Timedelta(days=19), "u4": pd.Timedelta(days=1),
    }
    # with a 2-day window u3 (19 d) drops out
    assert list(time_to_convert(events, "signup", "purchase", window=pd.Timedelta(days=2)).index) == ["u1", "u4"]


BAD_TTC = [
    (lambda e: time_to_convert(e, "visit", "visit"), "duplicate step"),
    (lambda e: time_to_convert(e, "visit", "checkout"), "'checkout'"),
    (lambda e: time_to_convert(e.drop(columns="timestamp"), "visit", "signup"), "timestamp.*time_col"),
    (lambda e: time_to_convert(e.iloc[:0], "visit", "signup"), "empty"),
    (lambda e: time_to_convert(e, "visit", "signup", window=pd.Timedelta("NaT")), "window"),
    (lambda e: time_to_convert(e, "visit", "signup", event_col="action"), "action.*event_col"),
]


@pytest.mark.parametrize("call, match", BAD_TTC)
def test_time_to_convert_bad_input(events, call, match):
    with pytest.raises(ValueError, match=match):
        call(events)


# ------------------------------------------------------------------ property tests
def _brute_funnel(df, steps, window, start):
    """Per-user Python loops: the definition written out directly."""
    depth = {}
    for u, g in df.groupby("user_id"):
        rows = list(zip(g["event"], g["timestamp"]))
        starts = [t for e, t in rows if e == steps[0]]
        if not starts:
            continue
        if start == "first":
            starts = [min(starts)]
        best = 0
        for t0 in starts:
            prev, d = t0, 1
            for s in steps[1:]:
                cands = [t for e, t in rows if e == s and t > prev and (window is None or t - t0 <= window)]
                if not cands:
                    break
                prev, d = min(cands), d + 1
            best = max(best, d)
        depth[u] = best
    return [sum(1 for v in depth.values() if v > k) for k in range(len(steps))]


event_rows = st.lists(
    st.tuples(st.integers(0, 5), st.sampled_from(["a", "b", "c", "x"]), st.integers(0, 40)),
    min_size=1, max_size=40,
)


@settings(max_examples=50, deadline=None)
@given(rows=event_rows, window=st.one_of(st.none(), st.integers(0, 20)), start=st.sampled_from(["first", "any"]))
def test_funnel_matches_brute_force_and_never_increases(rows, window, start):
    df = pd.DataFrame(rows, columns=["user_id", "event", "minute"])
    df["timestamp"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(df["minute"], unit="min")
    steps = [s for s in ["a", "b", "c"] if s in set(df["event"])]
    if not steps:
        return
    w = None if window is None else pd.Timedelta(minutes=window)
    out = ordered_funnel(df, steps, window=w, start=start)
    users = out["users"].tolist()
    assert users == _brute_funnel(df, steps, w, start)
    assert all(b <= a for a, b in zip(users, users[1:]))
    conv = out["step_conversion"]
    # a step after an empty step has no conversion (0 / 0): NaN, never a made-up number
    assert (conv.isna() == (out["users"].shift(1, fill_value=1) == 0)).all()
    assert ((conv.dropna() >= 0) & (conv.dropna() <= 1)).all()


# ------------------------------------------------------------------ growth models
def test_viral_coefficient_and_amplification():
    assert viral_coefficient(4, 0.125) == 0.5  # 4 invites x 12.5% = 0.5 new users per user
    assert viral_coefficient(0, 0.3) == 0.0
    assert viral_amplification(0.5) == 2.0  # 1 + 0.5 + 0.25 + ... = 2
    assert viral_amplification(0.75) == 4.0
    assert viral_amplification(0) == 1.0
    assert viral_amplification(1) == math.inf  # critical value
    assert viral_amplification(1.5) == math.inf


def test_viral_generations():
    out = viral_generations(100, 2, 2)
    # 100, then 200, then 400 new users; running totals 100, 300, 700
    assert out.index.name == "generation"
    assert out["new_users"].tolist() == [100.0, 200.0, 400.0]
    assert out["total_users"].tolist() == [100.0, 300.0, 700.0]
    # K = 0.5 never gets past seed x 1/(1-K) = 2 x seed
    assert viral_generations(10, 0.5, 60)["total_users"].iloc[-1] == pytest.approx(20.0)


@pytest.mark.parametrize("call, match", [
    (lambda: viral_coefficient(3, 1.5), "invite_conversion"),
    (lambda: viral_coefficient(3, -0.1), "invite_conversion"),
    (lambda: viral_coefficient(3, float("nan")), "invite_conversion"),
    (lambda: viral_coefficient(-1, 0.1), "invites_per_user"),
    (lambda: viral_coefficient("3", 0.1), "invites_per_user"),
    (lambda: viral_coefficient(True, 0.1), "invites_per_user"),
    (lambda: viral_amplification(-0.2), "k"),
    (lambda: viral_amplification(float("nan")), "k"),
    (lambda: viral_amplification("0.5"), "k"),
    (lambda: viral_amplification(None), "k"),
    (lambda: viral_amplification(math.inf), "k"),
    (lambda: viral_generations(100, 0.5, -1), "n must"),
    (lambda: viral_generations(100, 0.5, 2.5), "n must"),
    (lambda: viral_generations(-100, 0.5, 2), "seed_users"),
    (lambda: viral_generations(100, -0.5, 2), "k"),
    (lambda: viral_generations(100, "0.5", 2), "k"),
])
def test_viral_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_funnel_from_rates_list_and_mapping():
    out = funnel_from_rates(1000, [0.5, 0.2])
    # 1000 -> 500 -> 100
    assert out["step"].tolist() == ["step 1", "step 2", "step 3"]
    assert out["users"].tolist() == [1000.0, 500.0, 100.0]
    assert out["overall_conversion"].tolist() == pytest.approx([1.0, 0.5, 0.1])
    assert out["drop_off"].tolist() == [0.0, 500.0, 400.0]
    assert "revenue" not in out
    out = funnel_from_rates(10_000, {"interest": 0.2, "intent": 0.3, "buy": 0.5}, value_per_conversion=80)
    # 10000 -> 2000 -> 600 -> 300 buyers x 80 = 24000 revenue, only at the last stage
    assert out["step"].tolist() == ["top", "interest", "intent", "buy"]
    assert out["users"].tolist() == pytest.approx([10_000, 2000, 600, 300])
    assert out["revenue"].tolist() == pytest.approx([0, 0, 0, 24_000])


def test_funnel_from_rates_growth_models_and_per_stage_values():
    for name, stages in GROWTH_MODELS.items():
        out = funnel_from_rates(100, [0.5] * (len(stages) - 1), steps=stages)
        assert out["step"].tolist() == stages, name
        assert out["users"].iloc[-1] == pytest.approx(100 * 0.5 ** (len(stages) - 1))
    out = funnel_from_rates(200, [0.5, 0.1], steps=["notification_received", "notification_opened", "converted"],
                            value_per_conversion=[0.0, 1.0, 50.0])
    # 200 received, 100 opened (x1 = 100), 10 converted (x50 = 500)
    assert out["revenue"].tolist() == pytest.approx([0.0, 100.0, 500.0])
    # zero rate: everybody drops off
    assert funnel_from_rates(50, [0.0])["users"].tolist() == [50.0, 0.0]


@pytest.mark.parametrize("call, match", [
    (lambda: funnel_from_rates(100, [0.5, 1.2]), r"rates\[1\]"),
    (lambda: funnel_from_rates(100, [-0.1]), r"rates\[0\]"),
    (lambda: funnel_from_rates(100, {"buy": 2}), r"rates\['buy'\]"),
    (lambda: funnel_from_rates(100, [float("nan")]), r"rates\[0\]"),
    (lambda: funnel_from_rates(-5, [0.5]), "top"),
    (lambda: funnel_from_rates(100, [0.5], steps=["a", "b", "c"]), "steps"),
    (lambda: funnel_from_rates(100, [0.5], value_per_conversion=[1.0]), "value_per_conversion"),
    (lambda: funnel_from_rates(100, [0.5], value_per_conversion=-3), "value_per_conversion"),
    (lambda: funnel_from_rates(100, "0.5"), "rates"),
])
def test_funnel_from_rates_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_funnel_on_larger_random_log_matches_brute_force():
    rng = np.random.default_rng(0)
    n = 3000
    df = pd.DataFrame({
        "user_id": rng.integers(0, 300, n),
        "event": rng.choice(["a", "b", "c", "x"], n),
        "timestamp": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 10_000, n), unit="min"),
    })
    for w in (None, pd.Timedelta(minutes=500)):
        for start in ("first", "any"):
            assert ordered_funnel(df, ["a", "b", "c"], window=w, start=start)["users"].tolist() == \
                _brute_funnel(df, ["a", "b", "c"], w, start)


def test_funnel_from_rates_accepts_arrays_and_series():
    # 1000 -> x0.5 = 500 -> x0.2 = 100, worked by hand
    from playbook_lib.funnel import funnel_from_rates

    arr = funnel_from_rates(1000, np.array([0.5, 0.2]))
    assert arr["users"].tolist() == [1000.0, 500.0, 100.0]
    ser = funnel_from_rates(1000, pd.Series({"signup": 0.5, "buy": 0.2}))
    assert ser["users"].tolist() == [1000.0, 500.0, 100.0]
    assert ser.iloc[:, 0].tolist()[1:] == ["signup", "buy"]
