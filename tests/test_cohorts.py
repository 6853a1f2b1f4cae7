"""Cohort retention, N-day retention, lifecycle stages and product lifecycle phases.

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lib.cohorts import (
    LIFECYCLE_STAGES,
    cohort_retention,
    cohort_sizes,
    lifecycle_stage,
    n_day_retention,
    product_lifecycle_phase,
    retention_curve,
    stage_transitions,
)

NAN = np.nan


def _orders(rows, user="customer_id", time="order_date"):
    return pd.DataFrame(rows, columns=[user, time]).assign(**{time: lambda d: pd.to_datetime(d[time], format="ISO8601")})


@pytest.fixture
def orders() -> pd.DataFrame:
    # a: Jan (twice), Mar        -> Jan cohort
    # b: Jan 31 only             -> Jan cohort
    # c: Feb (twice), Mar 31     -> Feb cohort
    # d: Feb, Apr                -> Feb cohort
    # data runs Jan..Apr: the Feb cohort's period 3 (May) is not observable
    return _orders([
        ("a", "2024-01-05"), ("a", "2024-01-20"), ("a", "2024-03-02"),
        ("b", "2024-01-31 23:59"),
        ("c", "2024-02-01"), ("c", "2024-02-15"), ("c", "2024-03-31"),
        ("d", "2024-02-10"), ("d", "2024-04-01"),
    ])


# ------------------------------------------------------------------ cohort_retention
def test_classic_monthly(orders):
    out = cohort_retention(orders)
    # Jan (a, b): period 1 nobody, period 2 a, period 3 nobody; Feb (c, d): Mar c, Apr d, May unknown
    expected = pd.DataFrame([[1.0, 0.0, 0.5, 0.0], [1.0, 0.5, 0.5, NAN]],
                            index=pd.PeriodIndex(["2024-01", "2024-02"], freq="M", name="cohort"),
                            columns=pd.RangeIndex(4, name="period"))
    pd.testing.assert_frame_equal(out, expected)


def test_rolling_monthly(orders):
    out = cohort_retention(orders, kind="rolling")
    # rolling = active in that month or later. Jan: a last seen month 2, b month 0 -> [1, .5, .5, 0]
    # Feb: c last month 1, d last month 2 -> [1, 1, .5, NaN]
    np.testing.assert_allclose(out.to_numpy(), [[1.0, 0.5, 0.5, 0.0], [1.0, 1.0, 0.5, NAN]])


def test_counts_and_sizes(orders):
    out = cohort_retention(orders, counts=True)
    np.testing.assert_allclose(out.to_numpy(), [[2, 0, 1, 0], [2, 1, 1, NAN]])
    sizes = cohort_sizes(orders)
    assert sizes.name == "cohort_size"
    assert sizes.tolist() == [2, 2]
    assert sizes.index.equals(out.index)


def test_weekly_cohorts_start_on_monday():
    # 2024-01-01 is a Monday and 2024-01-07 the Sunday of the same week; 2024-01-08 starts the next
    df = _orders([("u1", "2024-01-01"), ("u1", "2024-01-08"), ("u2", "2024-01-07 22:00")])
    out = cohort_retention(df, period="W")
    assert out.index[0] == pd.Period("2024-01-01", freq="W-SUN")
    assert out.index[0].start_time == pd.Timestamp("2024-01-01")
    # one cohort of 2 users, week 1: u1 only
    np.testing.assert_allclose(out.to_numpy(), [[1.0, 0.5]])


def test_daily_cohorts_and_other_column_names():
    # u1: 23:59 on Jan 1 and 00:01 on Jan 2 -> back on day 1; u2 starts Jan 2 (the last day)
    df = _orders([("u1", "2024-01-01 23:59"), ("u1", "2024-01-02 00:01"), ("u2", "2024-01-02 08:00")],
                 user="user_id", time="timestamp")
    before = df.copy()
    out = cohort_retention(df, user_col="user_id", time_col="timestamp", period="D")
    np.testing.assert_allclose(out.to_numpy(), [[1.0, 1.0], [1.0, NAN]])
    assert [str(p) for p in out.index] == ["2024-01-01", "2024-01-02"]
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.filterwarnings("ignore:Could not infer format")
@pytest.mark.parametrize("call, match", [
    (lambda o: cohort_retention(o.iloc[:0]), "activity is empty"),
    (lambda o: cohort_retention(o.drop(columns="order_date")), "order_date.*time_col"),
    (lambda o: cohort_retention(o, user_col="user_id"), "user_id.*user_col"),
    (lambda o: cohort_retention(o, period="Q"), "period"),
    (lambda o: cohort_retention(o, kind="n-day"), "kind"),
    (lambda o: cohort_retention(o.assign(order_date="soon")), "time_col"),
    (lambda o: cohort_retention(o.assign(customer_id=None)), "missing id"),
])
def test_cohort_retention_bad_input(orders, call, match):
    with pytest.raises(ValueError, match=match):
        call(orders)


@pytest.mark.parametrize("call, match", [
    (lambda o: cohort_sizes(o.iloc[:0]), "empty"),
    (lambda o: cohort_sizes(o, period="Y"), "period"),
    (lambda o: cohort_sizes(o, time_col="date"), "date.*time_col"),
    (lambda o: cohort_sizes(o.assign(order_date=1.5)), "time_col"),
    (lambda o: cohort_sizes(o.assign(customer_id=[None] * len(o))), "user_col"),
])
def test_cohort_sizes_bad_input(orders, call, match):
    with pytest.raises(ValueError, match=match):
        call(orders)


# ------------------------------------------------------------------ retention_curve
def test_retention_curve_weights_observable_cohorts(orders):
    curve = retention_curve(cohort_retention(orders), cohort_sizes(orders))
    # sizes 2 and 2: p1 (0 + .5)/2 = .25, p2 (.5 + .5)/2 = .5, p3 only Jan = 0
    assert curve.tolist() == pytest.approx([1.0, 0.25, 0.5, 0.0])
    assert curve.name == "retention"
    r = pd.DataFrame({0: [1.0, 1.0], 1: [0.5, 0.2], 2: [0.4, NAN]}, index=["x", "y"])
    # p1: (100 x .5 + 300 x .2) / 400 = 110 / 400 = .275; p2: only x -> .4 (not (40 + 0) / 400)
    assert retention_curve(r, pd.Series([100, 300], index=["x", "y"])).tolist() == pytest.approx([1.0, 0.275, 0.4])


@pytest.mark.parametrize("call, match", [
    (lambda r, s: retention_curve(r.iloc[:0], s), "retention"),
    (lambda r, s: retention_curve(r, s.to_list()), "sizes"),
    (lambda r, s: retention_curve(r, s.iloc[:1]), "sizes has no size"),
    (lambda r, s: retention_curve(r, -s), "sizes.*negative"),
    (lambda r, s: retention_curve(r * 5, s), "between 0 and 1"),
    (lambda r, s: retention_curve(r.to_numpy(), s), "retention"),
])
def test_retention_curve_bad_input(orders, call, match):
    with pytest.raises(ValueError, match=match):
        call(cohort_retention(orders), cohort_sizes(orders))


# ------------------------------------------------------------------ property test
activity_rows = st.lists(st.tuples(st.integers(0, 8), st.integers(0, 120)), min_size=1, max_size=60)


@settings(max_examples=50, deadline=None)
@given(rows=activity_rows, period=st.sampled_from(["D", "W", "M"]), kind=st.sampled_from(["classic", "rolling"]))
def test_retention_is_a_share_and_one_at_period_zero(rows, period, kind):
    df = pd.DataFrame(rows, columns=["customer_id", "day"])
    df["order_date"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(df["day"], unit="D")
    out = cohort_retention(df, period=period, kind=kind)
    vals = out.to_numpy()
    assert (out[0] == 1.0).all()
    seen = vals[~np.isnan(vals)]
    assert ((seen >= 0) & (seen <= 1)).all()
    # NaN exactly in the not-yet-observable triangle: cohort i (in periods from the first) + offset > last
    n = out.shape[1]
    first = out.index[0].ordinal
    rel = np.array([p.ordinal - first for p in out.index])
    assert (np.isnan(vals) == (rel[:, None] + np.arange(n)[None, :] > n - 1)).all()
    if kind == "rolling":
        filled = np.nan_to_num(vals, nan=0.0)
        assert (np.diff(filled, axis=1) <= 1e-12).all()
    assert cohort_sizes(df, period=period).sum() == df["customer_id"].nunique()


# ------------------------------------------------------------------ n_day_retention
@pytest.fixture
def log() -> pd.DataFrame:
    # a: starts Jan 1 23:00 (a visit), Jan 2 01:00 (signup), Jan 8 10:00 (the data's last time)
    # b: Jan 2 10:00 (signup), Jan 3 09:00, Jan 4 11:00
    # c: Jan 5 12:00 only, no signup
    return pd.DataFrame({
        "user_id": ["a", "a", "a", "b", "b", "b", "c"],
        "event": ["visit", "signup", "purchase", "signup", "visit", "visit", "visit"],
        "timestamp": pd.to_datetime(["2024-01-01 23:00", "2024-01-02 01:00", "2024-01-08 10:00",
                                     "2024-01-02 10:00", "2024-01-03 09:00", "2024-01-04 11:00",
                                     "2024-01-05 12:00"]),
    })


def _ndr(log, n, **kw):
    return n_day_retention(log, n, user_col="user_id", time_col="timestamp", **kw)


def test_n_day_calendar(log):
    out = _ndr(log, [0, 1, 7])
    # day 0: all 3 active by definition
    # day 1: a (Jan 2) yes, b (Jan 3) yes, c (Jan 6, observable: <= Jan 8) no -> 2 / 3
    # day 7: a (Jan 8) yes; b (Jan 9) and c (Jan 12) are after the data -> excluded -> 1 / 1
    assert out.index.tolist() == [0, 1, 7]
    assert out["users"].tolist() == [3, 3, 1]
    assert out["retained"].tolist() == [3, 2, 1]
    assert out["retention"].tolist() == pytest.approx([1.0, 2 / 3, 1.0])


def test_n_day_24h_windows(log):
    out = _ndr(log, [1, 2], method="24h")
    # day 1 windows: a [Jan 2 23:00, Jan 3 23:00) none (Jan 2 01:00 is only 2 h in: day 0);
    # b [Jan 3 10:00, Jan 4 10:00) none (Jan 3 09:00 is 23 h in; Jan 4 11:00 is 25 h in);
    # c [Jan 6 12:00, ...) none, observable -> 0 / 3
    # day 2: b's Jan 4 11:00 is in [Jan 4 10:00, Jan 5 10:00) -> 1 / 3 (a's and c's windows observable)
    assert out["users"].tolist() == [3, 3]
    assert out["retained"].tolist() == [0, 1]


def test_n_day_start_event_and_start_series(log):
    out = _ndr(log, [1, 6], start_event="signup")
    # signup: a Jan 2 01:00, b Jan 2 10:00; c never signs up -> left out
    # day 1 = Jan 3: a no, b yes -> 1 / 2; day 6 = Jan 8: a yes, b no -> 1 / 2
    assert out["users"].tolist() == [2, 2]
    assert out["retained"].tolist() == [1, 1]
    start = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"]), index=["a", "b", "z"])
    out = _ndr(log, 1, start=start)
    # a: Jan 2 yes; b: Jan 3 yes; z: never active -> no; c is not in start -> left out
    assert out["users"].tolist() == [3]
    assert out["retained"].tolist() == [2]


def test_n_day_observation_end(log):
    out = _ndr(log, [1, 6], observation_end="2024-01-03 12:00")
    # day 1: a (Jan 2) yes, b (Jan 3) yes; c starts after the end -> 2 / 2
    # day 6: nobody observable -> 0 users, retention NaN
    assert out["users"].tolist() == [2, 0]
    assert out["retained"].tolist() == [2, 0]
    assert np.isnan(out["retention"].iloc[1])


@pytest.mark.parametrize("call, match", [
    (lambda e: _ndr(e, -1), "n must"),
    (lambda e: _ndr(e, [1, 2.5]), "n must"),
    (lambda e: _ndr(e, "7"), "n must"),
    (lambda e: _ndr(e, 1, method="hours"), "method"),
    (lambda e: _ndr(e, 1, start_event="register"), "start_event 'register'"),
    (lambda e: _ndr(e, 1, start_event="signup", event_col="action"), "action.*event_col"),
    (lambda e: _ndr(e, 1, start=[1, 2]), "start must be a Series"),
    (lambda e: _ndr(e, 1, start=pd.Series(["2024-01-01"] * 2, index=["a", "a"])), "duplicate"),
    (lambda e: _ndr(e, 1, start_event="signup", start=pd.Series(dtype="datetime64[ns]")), "either"),
    (lambda e: _ndr(e, 1, observation_end="someday"), "observation_end"),
    (lambda e: _ndr(e, 1, observation_end="2023-01-01"), "observation_end"),
    (lambda e: _ndr(e.iloc[:0], 1), "empty"),
])
def test_n_day_bad_input(log, call, match):
    with pytest.raises(ValueError, match=match):
        call(log)


# ------------------------------------------------------------------ lifecycle
@pytest.fixture
def life() -> pd.DataFrame:
    # Read on 2024-06-30 with the defaults (onboarding 30, dormant 60, churn 180, trend 90 days).
    # recent window: days after 2024-04-01 (06-30 minus 90 days); previous: 2024-01-03 .. 2024-04-01
    return _orders([
        ("a", "2024-06-20"),                                   # tenure 10 -> onboarding
        ("b", "2024-01-15"), ("b", "2024-04-15"), ("b", "2024-05-15"), ("b", "2024-06-15"),  # 3 recent vs 1 -> growth
        ("c", "2024-03-01"),                                   # 121 days since -> dormant
        ("d", "2023-12-01"),                                   # 212 days since -> churned
        ("e", "2024-01-10"), ("e", "2024-02-10"), ("e", "2024-03-10"),
        ("e", "2024-04-10"), ("e", "2024-05-10"), ("e", "2024-06-10"),  # 3 recent vs 3 -> maturity
        ("f", "2024-07-05"),                                   # after as_of -> not listed
        ("g", "2024-06-01"), ("g", "2024-06-30"),              # tenure 29 -> onboarding
        ("h", "2024-05-31"), ("h", "2024-06-30"),              # tenure 30: not onboarding; 2 vs 0 -> growth
        ("i", "2024-05-01"),                                   # exactly 60 days since -> dormant
        ("j", "2024-05-02"),                                   # 59 days since, tenure 59, 1 vs 0 -> growth
        ("k", "2024-01-02"),                                   # exactly 180 days since -> churned
    ])


def test_lifecycle_stage(life):
    out = lifecycle_stage(life, "2024-06-30")
    assert out["stage"].astype(str).to_dict() == {
        "a": "onboarding", "b": "growth", "c": "dormant", "d": "churned", "e": "maturity",
        "g": "onboarding", "h": "growth", "i": "dormant", "j": "growth", "k": "churned",
    }
    assert out.loc["c", "days_since_last"] == 121
    assert out.loc["b", "recent_active_days"] == 3 and out.loc["b", "previous_active_days"] == 1
    assert out.loc["a", "stage_zh"] == "导入期" and out.loc["d", "stage_zh"] == "流失期"
    assert list(out["stage"].cat.categories) == list(LIFECYCLE_STAGES)
    assert out.loc["e", "first_active"] == pd.Timestamp("2024-01-10")


def test_lifecycle_thresholds_are_parameters(life):
    out = lifecycle_stage(life, "2024-06-30", dormant_days=100, churn_days=200, onboarding_days=5)
    # c: 121 days since -> dormant (100 <= 121 < 200); d: 212 -> churned; k: 180 -> dormant now;
    # a: tenure 10 >= 5 -> growth (1 recent active day vs 0); i: 60 days since < 100 -> 1 vs 0 -> growth
    got = out["stage"].astype(str)
    assert (got["c"], got["d"], got["k"], got["a"], got["i"]) == ("dormant", "churned", "dormant", "growth", "growth")


@pytest.mark.parametrize("call, match", [
    (lambda d: lifecycle_stage(d, "2024-06-30", dormant_days=200, churn_days=180), "dormant_days must be less"),
    (lambda d: lifecycle_stage(d, "2024-06-30", onboarding_days=0), "onboarding_days"),
    (lambda d: lifecycle_stage(d, "2024-06-30", trend_days=7.5), "trend_days"),
    (lambda d: lifecycle_stage(d, "not a date"), "as_of"),
    (lambda d: lifecycle_stage(d, "2020-01-01"), "before every activity"),
    (lambda d: lifecycle_stage(d.drop(columns="customer_id"), "2024-06-30"), "customer_id.*user_col"),
    (lambda d: lifecycle_stage(d.iloc[:0], "2024-06-30"), "empty"),
])
def test_lifecycle_bad_input(life, call, match):
    with pytest.raises(ValueError, match=match):
        call(life)


def test_stage_transitions(life):
    df = life[life["customer_id"].isin(list("abcde"))]
    out = stage_transitions(df, "2024-03-31", "2024-06-30")
    # on 03-31 (recent window: after 2024-01-01): a not yet acquired -> new; b last 01-15, 76 days -> dormant;
    # c first 03-01, tenure 30 (not onboarding), 1 recent vs 0 -> growth; d 121 days -> dormant;
    # e tenure 81, 3 recent vs 0 -> growth.  On 06-30: a onboarding, b growth, c dormant, d churned, e maturity.
    assert list(out.index) == ["new", *LIFECYCLE_STAGES]
    assert list(out.columns) == list(LIFECYCLE_STAGES)
    assert int(out.to_numpy().sum()) == 5
    assert out.loc["new", "onboarding"] == 1
    assert out.loc["dormant", "growth"] == 1
    assert out.loc["growth", "dormant"] == 1
    assert out.loc["dormant", "churned"] == 1
    assert out.loc["growth", "maturity"] == 1
    out = stage_transitions(df, "2024-03-31", "2024-06-30", include_new=False)
    assert "new" not in out.index and int(out.to_numpy().sum()) == 4


@pytest.mark.parametrize("call, match", [
    (lambda d: stage_transitions(d, "2024-06-30", "2024-03-31"), "end must be after start"),
    (lambda d: stage_transitions(d, "2024-06-30", "2024-06-30"), "end must be after start"),
    (lambda d: stage_transitions(d, "yesterday-ish", "2024-06-30"), "start"),
    (lambda d: stage_transitions(d, "2024-01-01", "2024-06-30", churn_days=30), "dormant_days"),
    (lambda d: stage_transitions(d.iloc[:0], "2024-01-01", "2024-06-30"), "empty"),
    (lambda d: stage_transitions(d, "2024-01-01", "2024-06-30", time_col="day"), "day.*time_col"),
])
def test_stage_transitions_bad_input(life, call, match):
    with pytest.raises(ValueError, match=match):
        call(life)


# ------------------------------------------------------------------ product lifecycle
def test_product_lifecycle_phase():
    s = pd.Series([1, 2, 10, 30, 60, 62, 63, 40, 20], index=pd.period_range("2023-01", periods=9, freq="M"))
    out = product_lifecycle_phase(s, smooth=1)
    # peak 63 (month 7); 10% of it = 6.3: months 1-2 below it and before the peak -> introduction;
    # growth 400%, 200%, 100% -> growth; +3.3%, +1.6% -> maturity; -37%, -50% -> decline
    assert out["phase"].astype(str).tolist() == [
        "introduction", "introduction", "growth", "growth", "growth", "maturity", "maturity", "decline", "decline"]
    assert out.index.equals(s.index)
    s2 = pd.Series([2, 4, 10, 20, 20, 20, 10])
    out = product_lifecycle_phase(s2, smooth=2, intro_share=0.2)
    # 2-period means: 2, 3, 7, 15, 20, 20, 15; peak 20, 20% = 4 -> first two introduction;
    # 7/3, 15/7, 20/15 growth; 20/20 flat -> maturity; 15/20 = -25% -> decline
    assert out["smoothed"].tolist() == [2, 3, 7, 15, 20, 20, 15]
    assert out["phase"].astype(str).tolist() == [
        "introduction", "introduction", "growth", "growth", "growth", "maturity", "decline"]


@pytest.mark.parametrize("call, match", [
    (lambda: product_lifecycle_phase([1, 2, 3]), "series must be a pandas Series"),
    (lambda: product_lifecycle_phase(pd.Series([5])), "at least 2"),
    (lambda: product_lifecycle_phase(pd.Series([1, -2, 3])), "series.*negative"),
    (lambda: product_lifecycle_phase(pd.Series([1, np.nan, 3])), "series.*NaN"),
    (lambda: product_lifecycle_phase(pd.Series(["1", "2"])), "series.*expected numbers"),
    (lambda: product_lifecycle_phase(pd.Series([1, 2]), smooth=0), "smooth"),
    (lambda: product_lifecycle_phase(pd.Series([1, 2]), growth_rate=0), "growth_rate"),
    (lambda: product_lifecycle_phase(pd.Series([1, 2]), decline_rate=-0.1), "decline_rate"),
    (lambda: product_lifecycle_phase(pd.Series([1, 2]), intro_share=1.5), "intro_share"),
])
def test_product_lifecycle_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
