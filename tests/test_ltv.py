"""Tests for playbook_lib.ltv: hand-worked unit economics and bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from playbook_lib.ltv import (
    CACSummary,
    annual_churn,
    arpa,
    cac_payback_months,
    cac_summary,
    cohort_ltv,
    cohort_payback_months,
    gross_margin,
    ltv_to_cac,
    monthly_churn,
    simple_ltv,
)


def orders() -> pd.DataFrame:
    """a: Jan 10, Mar 20; b: Jan 30; c: Feb 8, Feb 2; d: Apr 40."""
    return pd.DataFrame({
        "customer_id": ["a", "b", "a", "c", "c", "d"],
        "order_date": pd.to_datetime(["2024-01-05", "2024-01-09", "2024-03-02", "2024-02-11", "2024-02-20",
                                      "2024-04-01"]),
        "amount": [10.0, 30.0, 20.0, 8.0, 2.0, 40.0],
    })


# ------------------------------------------------------------------------------ ARPA
def test_arpa_monthly_quarterly_yearly():
    m = arpa(orders())
    # Jan 40 / 2 = 20; Feb 10 / 1 (c twice) = 10; Mar 20 / 1; Apr 40 / 1
    assert m["revenue"].tolist() == [40.0, 10.0, 20.0, 40.0]
    assert m["customers"].tolist() == [2, 1, 1, 1]
    assert m["arpa"].tolist() == [20.0, 10.0, 20.0, 40.0]
    q = arpa(orders(), period="Q")
    # Q1: 70 / 3 customers (a, b, c); Q2: 40 / 1
    assert [str(p) for p in q.index] == ["2024Q1", "2024Q2"]
    assert q["arpa"].tolist() == pytest.approx([70 / 3, 40.0])
    y = arpa(orders(), period="Y")
    assert y["arpa"].tolist() == [110 / 4]


def test_arpa_on_mrr_table_with_gap_month():
    mrr = pd.DataFrame({"account_id": ["x", "y", "x"], "month": ["2024-01", "2024-01", "2024-03"],
                        "mrr": [100.0, 300.0, 50.0]})
    out = arpa(mrr, customer_col="account_id", time_col="month", value_col="mrr")
    assert out.loc["2024-01", "arpa"] == 200.0
    assert out.loc["2024-02", "customers"] == 0 and np.isnan(out.loc["2024-02", "arpa"])


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (orders().iloc[0:0], {}, "empty"),
        (orders().drop(columns="amount"), {}, "value_col"),
        (orders().assign(amount=-1.0), {}, "value_col"),
        (orders().assign(customer_id=None), {}, "customer_col"),
        (orders().assign(order_date="soon"), {}, "time_col"),
        (orders(), {"period": "W"}, "period"),
    ],
)
def test_arpa_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        arpa(frame, **kw)


# ------------------------------------------------------------------------------ margin and churn
def test_margin_and_churn_conversions():
    assert gross_margin(200.0, 50.0) == 0.75
    # 1 - (1 - 0.2)^(1/12): 0.8^(1/12) = exp(ln 0.8 / 12) = exp(-0.018595) = 0.981577
    assert monthly_churn(0.2) == pytest.approx(0.018423, abs=1e-6)
    # 1 - 0.98^12 = 1 - 0.784717 = 0.215283
    assert annual_churn(0.02) == pytest.approx(0.215283, abs=1e-6)
    assert annual_churn(monthly_churn(0.35)) == pytest.approx(0.35)
    assert monthly_churn(0.0) == 0.0 and monthly_churn(1.0) == 1.0


@pytest.mark.parametrize(
    "fn, args, match",
    [
        (gross_margin, (0.0, 1.0), "revenue"),
        (gross_margin, (-5.0, 1.0), "revenue"),
        (gross_margin, (10.0, -1.0), "cost"),
        (gross_margin, ("10", 1.0), "revenue"),
        (gross_margin, (10.0, float("nan")), "cost"),
        (monthly_churn, (1.5,), "annual"),
        (monthly_churn, (-0.1,), "annual"),
        (monthly_churn, (None,), "annual"),
        (monthly_churn, (float("inf"),), "annual"),
        (monthly_churn, (True,), "annual"),
        (annual_churn, (2,), "monthly"),
        (annual_churn, (-1,), "monthly"),
        (annual_churn, ("5%",), "monthly"),
        (annual_churn, (float("nan"),), "monthly"),
        (annual_churn, ([0.1],), "monthly"),
    ],
)
def test_margin_and_churn_bad_input(fn, args, match):
    with pytest.raises(ValueError, match=match):
        fn(*args)


# ------------------------------------------------------------------------------ simple LTV
def test_simple_ltv_options():
    # 1000 x 0.8 / 0.02 = 40 000
    assert simple_ltv(1000, 0.8, 0.02) == pytest.approx(40_000.0)
    # horizon 3 months, churn 0.5: 50 x (1 + 0.5 + 0.25) = 87.5
    assert simple_ltv(100, 0.5, 0.5, horizon_months=3) == pytest.approx(87.5)
    # discount 0.1, churn 0.1, no horizon: q = 0.9 / 1.1; 50 / (1 - q) = 50 x 1.1 / 0.2 = 275
    assert simple_ltv(100, 0.5, 0.1, discount_rate=0.1) == pytest.approx(275.0)
    # horizon 2 with discount: 50 + 50 x 0.9 / 1.1 = 90.909...
    assert simple_ltv(100, 0.5, 0.1, horizon_months=2, discount_rate=0.1) == pytest.approx(50 + 45 / 1.1)
    # no churn, no discount, horizon 24: 50 x 24
    assert simple_ltv(100, 0.5, 0.0, horizon_months=24) == pytest.approx(1200.0)
    # no churn but a discount: 50 x 1.01 / 0.01
    assert simple_ltv(100, 0.5, 0.0, discount_rate=0.01) == pytest.approx(5050.0)


@pytest.mark.parametrize(
    "args, kw, match",
    [
        ((100, 0.5, 0.0), {}, "churn must be > 0"),
        ((-1, 0.5, 0.1), {}, "arpa"),
        ((100, 1.5, 0.1), {}, "gross_margin"),
        ((100, 0.5, 1.1), {}, "churn"),
        ((100, 0.5, 0.1), {"discount_rate": -0.1}, "discount_rate"),
        ((100, 0.5, 0.1), {"horizon_months": 0}, "horizon_months"),
        ((100, 0.5, 0.1), {"horizon_months": 2.5}, "horizon_months"),
        (("100", 0.5, 0.1), {}, "arpa"),
    ],
)
def test_simple_ltv_bad_input(args, kw, match):
    with pytest.raises(ValueError, match=match):
        simple_ltv(*args, **kw)


# ------------------------------------------------------------------------------ cohort LTV
def test_cohort_ltv_hand_worked():
    out = cohort_ltv(orders())
    # Jan cohort {a, b}: month 0 = (10 + 30) / 2 = 20; month 1 nothing -> 20; month 2 a 20 -> 30; month 3 -> 30
    # Feb cohort {c}: 10 in month 0, then nothing: 10, 10, NaN (Feb + 2 = Apr is the last month: 10), NaN
    # Mar has no new customer (a is not new): no row. Apr cohort {d}: 40
    assert [str(p) for p in out.index] == ["2024-01", "2024-02", "2024-04"]
    assert out.index.name == "cohort" and out.columns.name == "months_since"
    np.testing.assert_allclose(out.loc["2024-01"].to_numpy(), [20, 20, 30, 30])
    np.testing.assert_allclose(out.loc["2024-02"].to_numpy(), [10, 10, 10, np.nan])
    np.testing.assert_allclose(out.loc["2024-04"].to_numpy(), [40, np.nan, np.nan, np.nan])


def test_cohort_ltv_margin_profit_col_and_observation_end():
    half = cohort_ltv(orders(), margin=0.5)
    np.testing.assert_allclose(half.loc["2024-01"].to_numpy(), [10, 10, 15, 15])
    prof = orders().assign(gp=[5.0, -1.0, 2.0, 1.0, 1.0, 4.0])
    p = cohort_ltv(prof, profit_col="gp")
    # Jan cohort: (5 - 1) / 2 = 2 in month 0, +2 / 2 in month 2 -> 3
    np.testing.assert_allclose(p.loc["2024-01"].to_numpy(), [2, 2, 3, 3])
    cut = cohort_ltv(orders(), observation_end="2024-02-28")
    # only Jan and Feb observed: Jan cohort [20, 20], Feb cohort [10, NaN]
    np.testing.assert_allclose(cut.to_numpy(), [[20, 20], [10, np.nan]])


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (orders().iloc[0:0], {}, "empty"),
        (orders().drop(columns="order_date"), {}, "time_col"),
        (orders().assign(amount=np.nan), {}, "value_col"),
        (orders(), {"margin": 1.5}, "margin"),
        (orders(), {"profit_col": "gp"}, "profit_col"),
        (orders(), {"observation_end": "2023-01-01"}, "observation_end"),
        (orders(), {"observation_end": "not a date"}, "observation_end"),
        (orders().assign(customer_id=np.nan), {}, "customer_col"),
    ],
)
def test_cohort_ltv_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        cohort_ltv(frame, **kw)


# ------------------------------------------------------------------------------ CAC
def spend() -> pd.DataFrame:
    return pd.DataFrame({"channel": ["ads", "ads", "events", "seo"], "spend": [600.0, 400.0, 3000.0, 0.0]})


def new_customers() -> pd.DataFrame:
    return pd.DataFrame({"channel": ["ads"] * 4 + ["events"] * 2 + ["organic"] * 2 + ["seo"] * 2})


def test_cac_summary_hand_worked():
    s = cac_summary(spend(), new_customers(), overhead=5000.0)
    assert isinstance(s, CACSummary)
    t = s.by_channel
    assert t.index.tolist() == ["ads", "events", "organic", "seo"]
    # ads 1000 / 4; events 3000 / 2; organic and seo: 0 spend
    assert t["cac"].tolist() == [250.0, 1500.0, 0.0, 0.0]
    assert t["paid"].tolist() == [True, True, False, False]
    # paid: 4000 / 6; blended 4000 / 10; fully loaded 9000 / 10
    assert s.paid_cac == pytest.approx(4000 / 6)
    assert s.blended_cac == 400.0 and s.fully_loaded_cac == 900.0
    assert (s.customers, s.paid_customers, s.total_spend) == (10, 6, 4000.0)


def test_cac_summary_counts_and_paid_channels():
    counts = pd.DataFrame({"channel": ["ads", "events", "tv"], "n": [10, 5, 0]})
    s = cac_summary(spend(), counts, count_col="n", paid_channels=["ads"])
    # ads 1000 / 10 = 100; tv has no spend row and no customers -> NaN CAC
    assert s.by_channel.loc["ads", "cac"] == 100.0
    assert math.isnan(s.by_channel.loc["tv", "cac"])
    assert s.paid_cac == 100.0 and s.blended_cac == pytest.approx(4000 / 15)
    assert s.fully_loaded_cac == s.blended_cac      # no overhead


@pytest.mark.parametrize(
    "sp, acq, kw, match",
    [
        (spend().iloc[0:0], new_customers(), {}, "spend is empty"),
        (spend(), new_customers().iloc[0:0], {}, "acquisitions is empty"),
        (spend().drop(columns="spend"), new_customers(), {}, "spend_col"),
        (spend(), new_customers().rename(columns={"channel": "source"}), {}, "channel_col"),
        (spend().assign(spend=-1.0), new_customers(), {}, "spend_col"),
        (spend(), new_customers(), {"overhead": -1.0}, "overhead"),
        (spend(), new_customers(), {"count_col": "n"}, "count_col"),
        (spend(), new_customers(), {"paid_channels": ["radio"]}, "paid_channels"),
        (spend().assign(channel=None), new_customers(), {}, "channel_col"),
    ],
)
def test_cac_summary_bad_input(sp, acq, kw, match):
    with pytest.raises(ValueError, match=match):
        cac_summary(sp, acq, **kw)


# ------------------------------------------------------------------------------ LTV:CAC and payback
def test_ltv_to_cac_and_simple_payback():
    assert ltv_to_cac(30_000, 10_000) == 3.0
    assert cac_payback_months(1200, 200, 0.5) == 12.0
    assert cac_payback_months(0, 200, 0.5) == 0.0


def test_cohort_payback_months():
    gp = cohort_ltv(orders())
    # Jan cohort cumulative 20, 20, 30, 30: CAC 25 reached in month index 2 -> 3 months
    # Feb cohort 10, 10, 10: never -> NaN; Apr cohort 40 -> 1 month
    out = cohort_payback_months(gp, 25.0)
    assert out.name == "payback_months"
    np.testing.assert_allclose(out.to_numpy(), [3.0, np.nan, 1.0])
    per = pd.Series([10.0, 5.0, 50.0], index=gp.index)
    np.testing.assert_allclose(cohort_payback_months(gp, per).to_numpy(), [1.0, 1.0, np.nan])


@pytest.mark.parametrize(
    "fn, args, match",
    [
        (ltv_to_cac, (100, 0), "cac"),
        (ltv_to_cac, (-1, 10), "ltv"),
        (ltv_to_cac, (100, "x"), "cac"),
        (ltv_to_cac, (float("nan"), 10), "ltv"),
        (ltv_to_cac, (100, -5), "cac"),
        (cac_payback_months, (-1, 100, 0.5), "cac"),
        (cac_payback_months, (100, 0, 0.5), "arpa x gross_margin"),
        (cac_payback_months, (100, 100, 2.0), "gross_margin"),
        (cac_payback_months, (100, -100, 0.5), "arpa"),
        (cac_payback_months, (None, 100, 0.5), "cac"),
        (cohort_payback_months, ("table", 10), "cohort_gp"),
        (cohort_payback_months, (pd.DataFrame(), 10), "empty"),
        (cohort_payback_months, (pd.DataFrame([[1.0]], index=["x"]), -1), "cac"),
        (cohort_payback_months, (pd.DataFrame([[1.0]], index=["x"]), pd.Series([1.0], index=["y"])), "cac"),
        (cohort_payback_months, (pd.DataFrame([[1.0]], index=["x"]), pd.Series([-1.0], index=["x"])), "cac"),
    ],
)
def test_ratio_and_payback_bad_input(fn, args, match):
    with pytest.raises(ValueError, match=match):
        fn(*args)
