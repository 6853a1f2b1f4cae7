"""compare: hand-worked examples, agreement with the pipeline/funnel helpers, bad input, no mutation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lib import compare, datasets, funnel, pipeline


def ts(*values: str, name: str | None = "timestamp") -> pd.Series:
    return pd.Series(pd.to_datetime(list(values)), name=name)


# ------------------------------------------------------------------------------ activity_profile
def test_activity_profile_hand_worked():
    # 2024-01-01 is a Monday, 2024-01-07 a Sunday
    s = ts("2024-01-01 09:00", "2024-01-01 09:59", "2024-01-03 14:30", "2024-01-07 23:59")
    counts = compare.activity_profile(s, normalize=False)
    assert counts.shape == (7, 24)
    assert list(counts.index) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert list(counts.columns) == list(range(24))
    assert counts.loc["Mon", 9] == 2 and counts.loc["Wed", 14] == 1 and counts.loc["Sun", 23] == 1
    assert counts.to_numpy().sum() == 4
    shares = compare.activity_profile(s)
    assert shares.loc["Mon", 9] == pytest.approx(0.5)
    assert shares.to_numpy().sum() == pytest.approx(1.0)


def test_activity_profile_parses_strings_and_names_the_column_on_bad_input():
    s = pd.Series(["2024-01-01 10:00", "2024-01-02 11:00"], name="opened_at")
    assert compare.activity_profile(s, normalize=False).loc["Tue", 11] == 1
    with pytest.raises(ValueError, match="'opened_at'.*cannot be parsed"):
        compare.activity_profile(pd.Series(["2024-01-01", "soon"], name="opened_at"))
    with pytest.raises(ValueError, match="'opened_at'.*missing"):
        compare.activity_profile(pd.Series(pd.to_datetime(["2024-01-01", None]), name="opened_at"))
    with pytest.raises(ValueError, match="'opened_at'.*dtype"):
        compare.activity_profile(pd.Series([1, 2], name="opened_at"))
    with pytest.raises(ValueError, match="Series"):
        compare.activity_profile(pd.DataFrame({"t": pd.to_datetime(["2024-01-01"])}))
    with pytest.raises(ValueError, match="empty"):
        compare.activity_profile(pd.Series([], dtype="datetime64[ns]"))


def test_activity_profile_accepts_time_zone_aware_times_as_local_wall_time():
    s = pd.Series(pd.to_datetime(["2024-01-01 09:30"]).tz_localize("Asia/Shanghai"), name="t")
    assert compare.activity_profile(s, normalize=False).loc["Mon", 9] == 1


# ------------------------------------------------------------------------------ work_hours_share
def test_work_hours_share_boundaries():
    s = ts("2024-01-05 08:59", "2024-01-05 09:00", "2024-01-05 17:59", "2024-01-05 18:00", "2024-01-06 12:00")
    assert compare.work_hours_share(s) == pytest.approx(2 / 5)
    assert compare.work_hours_share(s, start_hour=8, end_hour=19) == pytest.approx(4 / 5)
    assert compare.work_hours_share(s, days=[5], start_hour=0, end_hour=24) == pytest.approx(1 / 5)
    assert compare.work_hours_share(s, days=range(7), start_hour=0, end_hour=24) == 1.0


@pytest.mark.parametrize("kw, match", [
    ({"days": []}, "days"),
    ({"days": [7]}, "days"),
    ({"days": [-1, 2]}, "days"),
    ({"start_hour": 10, "end_hour": 10}, "start_hour"),
    ({"start_hour": -1}, "start_hour"),
    ({"end_hour": 25}, "end_hour"),
])
def test_work_hours_share_rejects_bad_windows(kw, match):
    with pytest.raises(ValueError, match=match):
        compare.work_hours_share(ts("2024-01-01 10:00"), **kw)


@settings(max_examples=60, deadline=None)
@given(
    seconds=st.lists(st.integers(min_value=0, max_value=60 * 86400), min_size=1, max_size=200),
    start=st.integers(min_value=0, max_value=23),
    length=st.integers(min_value=1, max_value=24),
    days=st.sets(st.integers(min_value=0, max_value=6), min_size=1),
)
def test_work_hours_share_equals_the_profile_cells_of_the_window(seconds, start, length, days):
    end = min(24, start + length)
    s = pd.Series(pd.Timestamp("2024-01-01") + pd.to_timedelta(seconds, unit="s"), name="t")
    profile = compare.activity_profile(s)
    expected = profile.iloc[sorted(days), start:end].to_numpy().sum()
    assert compare.work_hours_share(s, days=days, start_hour=start, end_hour=end) == pytest.approx(expected)


# ------------------------------------------------------------------------------ decision_cycle
def test_decision_cycle_units_ids_and_undecided_rows():
    df = pd.DataFrame({
        "lead_id": ["L1", "L2", "L3", "L4"],
        "created_at": pd.to_datetime(["2024-01-01 00:00", "2024-01-01 06:00", "2024-01-02 00:00", None]),
        "closed_at": pd.to_datetime(["2024-01-03 00:00", "2024-01-01 18:00", None, "2024-01-09 00:00"]),
    })
    days = compare.decision_cycle(df, start_col="created_at", end_col="closed_at", id_col="lead_id")
    assert days.name == "cycle_days" and days.index.name == "lead_id"
    assert days.to_dict() == {"L1": 2.0, "L2": 0.5}
    hours = compare.decision_cycle(df, start_col="created_at", end_col="closed_at", unit="hours")
    assert hours.to_dict() == {0: 48.0, 1: 12.0}
    assert compare.decision_cycle(df, start_col="created_at", end_col="closed_at", unit="minutes").iloc[1] == 720.0


def test_decision_cycle_parses_strings():
    df = pd.DataFrame({"a": ["2024-01-01 00:00", "2024-01-02 00:00"], "b": ["2024-01-01 12:00", None]})
    assert compare.decision_cycle(df, start_col="a", end_col="b", unit="hours").tolist() == [12.0]


@pytest.mark.parametrize("kw, match", [
    ({"start_col": "nope", "end_col": "b"}, "'nope' \\(start_col\\) not found"),
    ({"start_col": "a", "end_col": "b", "id_col": "id"}, "'id' \\(id_col\\) not found"),
    ({"start_col": "a", "end_col": "b", "unit": "weeks"}, "unit must be one of"),
    ({"start_col": "b", "end_col": "a"}, "'a' \\(end_col\\) is before 'b' \\(start_col\\) in 1 row"),
    ({"start_col": "a", "end_col": "n"}, "'n' \\(end_col\\) has dtype"),
    ({"start_col": "a", "end_col": "s"}, "'s' \\(end_col\\) has 1 value\\(s\\) that cannot be parsed"),
])
def test_decision_cycle_bad_input(kw, match):
    df = pd.DataFrame({"a": pd.to_datetime(["2024-01-01"]), "b": pd.to_datetime(["2024-01-02"]), "n": [3.0],
                       "s": ["later"]})
    with pytest.raises(ValueError, match=match):
        compare.decision_cycle(df, **kw)
    with pytest.raises(ValueError, match="empty"):
        compare.decision_cycle(df.iloc[:0], start_col="a", end_col="b")


# ------------------------------------------------------------------------------ scale_summary
def test_scale_summary_hand_worked():
    deals = pd.DataFrame({"account_id": ["A1", "A2", "A3", "A3"], "deal_value": [100.0, 200.0, 300.0, 400.0]})
    s = compare.scale_summary(deals, customer_col="account_id", value_col="deal_value", prospects=40)
    assert s.to_dict() == {"transactions": 4.0, "customers": 3.0, "revenue": 1000.0, "average_ticket": 250.0,
                           "revenue_per_customer": pytest.approx(1000 / 3), "transactions_per_customer": pytest.approx(4 / 3),
                           "prospects": 40.0, "conversion": 0.075}
    no_prospects = compare.scale_summary(deals, customer_col="account_id", value_col="deal_value")
    assert np.isnan(no_prospects["prospects"]) and np.isnan(no_prospects["conversion"])


@pytest.mark.parametrize("df, kw, match", [
    (pd.DataFrame({"c": ["a"], "v": [-1.0]}), {}, "'v' \\(value_col\\) has 1 negative"),
    (pd.DataFrame({"c": ["a"], "v": [np.nan]}), {}, "'v' \\(value_col\\) has 1 missing"),
    (pd.DataFrame({"c": [None], "v": [1.0]}), {}, "'c' \\(customer_col\\) has 1 missing id"),
    (pd.DataFrame({"c": ["a", "b"], "v": [1.0, 2.0]}), {"prospects": 1}, "prospects must be a whole number >= the 2"),
    (pd.DataFrame({"c": ["a"], "v": [1.0]}), {"prospects": 2.5}, "prospects"),
    (pd.DataFrame({"c": ["a"], "v": [1.0]}), {"prospects": True}, "prospects"),
    (pd.DataFrame({"x": ["a"], "v": [1.0]}), {}, "'c' \\(customer_col\\) not found"),
])
def test_scale_summary_bad_input(df, kw, match):
    with pytest.raises(ValueError, match=match):
        compare.scale_summary(df, customer_col="c", value_col="v", **kw)


# ------------------------------------------------------------------------------ on the course data
@pytest.fixture(scope="module")
def course() -> dict[str, pd.DataFrame]:
    return {"events": datasets.load_events(), "orders": datasets.load_orders(), "leads": datasets.load_leads(),
            "usage": datasets.load_usage()}


def test_b2b_cycle_agrees_with_pipeline_sales_cycle(course):
    leads = course["leads"]
    won = leads[leads["outcome"] == "won"]
    days = compare.decision_cycle(won, start_col="created_at", end_col="closed_at")
    ref = pipeline.sales_cycle(leads).loc["all"]
    assert len(days) == ref["deals"]
    assert days.median() == pytest.approx(ref["median_days"]) and days.mean() == pytest.approx(ref["mean_days"])


def test_b2c_cycle_agrees_with_funnel_time_to_convert(course):
    ev, orders = course["events"], course["orders"]
    per_buyer = pd.DataFrame({
        "first_visit": ev[ev["event"] == "visit"].groupby("user_id")["timestamp"].min(),
        "first_purchase": orders.groupby("customer_id")["order_date"].min(),
    })
    hours = compare.decision_cycle(per_buyer, start_col="first_visit", end_col="first_purchase", unit="hours")
    ref = funnel.time_to_convert(ev, "visit", "purchase").dt.total_seconds() / 3600
    pd.testing.assert_series_equal(hours.sort_index(), ref.sort_index(), check_names=False, check_index_type=False)


def test_planted_story_office_hours_vs_evenings(course):
    assert compare.work_hours_share(course["usage"]["timestamp"]) > 0.8
    assert compare.work_hours_share(course["events"]["timestamp"]) < 0.3


def test_no_helper_mutates_its_input(course):
    leads = course["leads"].head(500).copy(deep=True)
    orders = course["orders"].head(500).copy(deep=True)
    t = course["usage"]["timestamp"].head(500).copy(deep=True)
    before = (leads.copy(deep=True), orders.copy(deep=True), t.copy(deep=True))
    compare.activity_profile(t)
    compare.work_hours_share(t)
    compare.decision_cycle(leads, start_col="created_at", end_col="closed_at", id_col="lead_id")
    compare.scale_summary(orders, customer_col="customer_id", value_col="amount", prospects=10_000)
    strings = pd.DataFrame({"a": ["2024-01-01"], "b": ["2024-01-03"]})
    strings_before = strings.copy(deep=True)
    compare.decision_cycle(strings, start_col="a", end_col="b")
    pd.testing.assert_frame_equal(leads, before[0], check_exact=True)
    pd.testing.assert_frame_equal(orders, before[1], check_exact=True)
    pd.testing.assert_series_equal(t, before[2], check_exact=True)
    pd.testing.assert_frame_equal(strings, strings_before, check_exact=True)
