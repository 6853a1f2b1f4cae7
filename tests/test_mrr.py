"""Tests for playbook_lib.mrr: hand-worked examples, bad input, and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lib.mrr import (
    gmv_by_month,
    mrr_from_subscriptions,
    mrr_movements,
    mrr_summary,
    revenue_retention,
)

MOVES = ["new", "expansion", "contraction", "churn", "reactivation"]


def panel() -> pd.DataFrame:
    """Four accounts over four months (a dense panel, 0 = not paying).

    a: 100, 150, 150,   0   -> Feb expansion +50, Apr churn -150
    b:   0, 200, 100, 100   -> Feb new +200, Mar contraction -100
    c:  50,   0,   0,  80   -> Feb churn -50, Apr reactivation +80
    d:   0,   0,   0,  30   -> Apr new +30
    """
    months = ["2024-01", "2024-02", "2024-03", "2024-04"]
    values = {"a": [100, 150, 150, 0], "b": [0, 200, 100, 100], "c": [50, 0, 0, 80], "d": [0, 0, 0, 30]}
    rows = [(acc, m, float(v)) for acc, vs in values.items() for m, v in zip(months, vs)]
    return pd.DataFrame(rows, columns=["account_id", "month", "mrr"])


EXPECTED = pd.DataFrame(
    # new, expansion, contraction, churn, reactivation, net   (worked by hand from panel())
    [[200.0, 50.0, 0.0, -50.0, 0.0, 200.0],      # Feb: 150 -> 350
     [0.0, 0.0, -100.0, 0.0, 0.0, -100.0],       # Mar: 350 -> 250
     [30.0, 0.0, 0.0, -150.0, 80.0, -40.0]],     # Apr: 250 -> 210
    columns=[*MOVES, "net"],
)


# ------------------------------------------------------------------------------ movements
def test_movements_hand_worked_dense_and_sparse():
    dense = panel()
    sparse = dense[dense["mrr"] > 0]
    for frame in (dense, sparse):
        out = mrr_movements(frame)
        assert [str(p) for p in out.index] == ["2024-02", "2024-03", "2024-04"]
        assert out.index.name == "month"
        np.testing.assert_allclose(out[[*MOVES, "net"]].to_numpy(), EXPECTED.to_numpy())


@pytest.mark.parametrize("kind", ["period", "timestamp", "string", "mid_month_timestamp"])
def test_movements_month_types(kind):
    df = panel()
    if kind == "period":
        df["month"] = pd.PeriodIndex(df["month"], freq="M")
    elif kind == "timestamp":
        df["month"] = pd.to_datetime(df["month"])
    elif kind == "mid_month_timestamp":
        df["month"] = pd.to_datetime(df["month"]) + pd.Timedelta(days=14)
    out = mrr_movements(df)
    np.testing.assert_allclose(out.to_numpy(), EXPECTED.to_numpy())


def test_movements_custom_column_names_and_no_mutation():
    df = panel().rename(columns={"account_id": "org", "month": "billing_month", "mrr": "recurring"})
    before = df.copy()
    out = mrr_movements(df, account_col="org", month_col="billing_month", mrr_col="recurring")
    pd.testing.assert_frame_equal(df, before)
    assert out.index.name == "billing_month"
    np.testing.assert_allclose(out.to_numpy(), EXPECTED.to_numpy())


def test_movements_gap_month_counts_as_zero():
    # a pays 10 in Jan and 10 in Mar, nobody has a Feb row: Feb churn -10, Mar reactivation +10
    df = pd.DataFrame({"account_id": ["a", "a"], "month": ["2024-01", "2024-03"], "mrr": [10.0, 10.0]})
    out = mrr_movements(df)
    assert out.loc["2024-02", "churn"] == -10.0
    assert out.loc["2024-03", "reactivation"] == 10.0
    assert out.loc["2024-03", "new"] == 0.0


def test_movements_single_month_gives_empty_frame():
    out = mrr_movements(pd.DataFrame({"account_id": ["a"], "month": ["2024-01"], "mrr": [5.0]}))
    assert len(out) == 0 and list(out.columns) == [*MOVES, "net"]


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (pd.DataFrame(columns=["account_id", "month", "mrr"]), {}, "empty"),
        (panel().drop(columns="mrr"), {}, "mrr_col"),
        (panel(), {"month_col": "period"}, "month_col"),
        (panel().assign(mrr=lambda d: d["mrr"].where(d.index != 2, -5.0)), {}, "negative"),
        (panel().assign(mrr=lambda d: d["mrr"].where(d.index != 2, np.nan)), {}, "NaN"),
        (pd.concat([panel(), panel().iloc[[0]]]), {}, "duplicate.*account_id.*month"),
        (panel().assign(account_id=lambda d: d["account_id"].where(d.index != 0, None)), {}, "account_col"),
        (panel().assign(month="not a month"), {}, "month_col"),
        (panel().assign(month=3), {}, "month_col.*dtype"),
        (panel().assign(mrr="100"), {}, "mrr_col.*dtype"),
    ],
)
def test_movements_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        mrr_movements(frame, **kw)


@st.composite
def mrr_panels(draw):
    n_acc = draw(st.integers(1, 6))
    n_m = draw(st.integers(2, 6))
    cents = draw(st.lists(st.sampled_from([0, 0, 0, 1, 999, 1050, 2000, 123456]),
                          min_size=n_acc * n_m, max_size=n_acc * n_m))
    months = pd.period_range("2024-01", periods=n_m, freq="M")
    return pd.DataFrame({
        "account_id": np.repeat(np.arange(n_acc), n_m),
        "month": np.tile(months, n_acc),
        "mrr": np.array(cents, dtype=float) / 100,
    })


@settings(max_examples=50, deadline=None)
@given(mrr_panels())
def test_property_movements_reconcile_and_dense_equals_sparse(dense):
    out = mrr_movements(dense)
    totals = dense.groupby("month")["mrr"].sum().to_numpy()
    change = np.diff(totals)
    # movements sum to the change in total MRR, to the cent
    assert np.all(np.abs(out[MOVES].sum(axis=1).to_numpy() - change) < 0.005)
    assert np.all(np.abs(out["net"].to_numpy() - change) < 0.005)
    assert (out[["contraction", "churn"]] <= 0).all().all()
    assert (out[["new", "expansion", "reactivation"]] >= 0).all().all()
    sparse = dense[dense["mrr"] > 0]
    if len(sparse) and sparse["month"].min() == dense["month"].min() and sparse["month"].max() == dense["month"].max():
        pd.testing.assert_frame_equal(mrr_movements(sparse), out)


# ------------------------------------------------------------------------------ from subscriptions
def subs() -> pd.DataFrame:
    return pd.DataFrame({
        "account_id": ["a", "b", "c", "a", "d"],
        "start_date": ["2024-01-10", "2024-02-01", "2024-01-01", "2024-03-01", "2024-01-05"],
        "end_date": ["2024-02-29", "2024-03-15", None, None, "2024-01-18"],
        "invoice_amount": [100.0, 1200.0, 50.0, 300.0, 0.0],
        "billing": ["monthly", "annual", "monthly", "monthly", "monthly"],
        "discount_pct": [0, 10, 20, 0, 0],
        "is_trial": [False, False, False, False, True],
    })


def as_dict(out: pd.DataFrame) -> dict:
    return {(r.account_id, str(r.month)): r.mrr for r in out.itertuples()}


def test_from_subscriptions_month_end_default():
    # a: Jan, Feb (ends on Feb's last day) at 100, then the new row from Mar at 300.
    # b: annual 1200 -> 100/month; counts on Feb 29 but not on Mar 31 (ended Mar 15).
    # c: 50 in every month to the last month of the data (Mar = month of the latest date).
    # d is a trial: excluded.
    out = mrr_from_subscriptions(subs())
    assert as_dict(out) == {("a", "2024-01"): 100.0, ("a", "2024-02"): 100.0, ("a", "2024-03"): 300.0,
                            ("b", "2024-02"): 100.0,
                            ("c", "2024-01"): 50.0, ("c", "2024-02"): 50.0, ("c", "2024-03"): 50.0}
    assert list(out.columns) == ["account_id", "month", "mrr"]


def test_from_subscriptions_month_start():
    # active on the 1st: a not in Jan (starts the 10th), Feb yes; Mar: a's new row; b Feb and Mar 1st.
    out = mrr_from_subscriptions(subs(), snapshot="month_start")
    assert as_dict(out) == {("a", "2024-02"): 100.0, ("a", "2024-03"): 300.0,
                            ("b", "2024-02"): 100.0, ("b", "2024-03"): 100.0,
                            ("c", "2024-01"): 50.0, ("c", "2024-02"): 50.0, ("c", "2024-03"): 50.0}


def test_from_subscriptions_prorated():
    # a Jan: days 10..31 = 22 of 31 -> 100 * 22/31; b Mar: 1..15 = 15 of 31 -> 100 * 15/31
    out = as_dict(mrr_from_subscriptions(subs(), snapshot="prorated"))
    assert out[("a", "2024-01")] == pytest.approx(100 * 22 / 31)
    assert out[("b", "2024-03")] == pytest.approx(100 * 15 / 31)
    assert out[("a", "2024-02")] == pytest.approx(100.0)


def test_from_subscriptions_list_price_dense_and_range():
    # list prices: b 1200/12 * 0.9 = 90, c 50 * 0.8 = 40; range Feb..Apr; dense grid of all 4 accounts x 3 months
    out = mrr_from_subscriptions(subs(), amount_is_list_price=True, start="2024-02", end="2024-04", dense=True)
    d = as_dict(out)
    assert len(out) == 4 * 3          # a, b, c, d (the trial account) x Feb..Apr
    assert d[("b", "2024-02")] == pytest.approx(90.0)
    assert d[("c", "2024-04")] == pytest.approx(40.0)
    assert d[("b", "2024-04")] == 0.0 and d[("d", "2024-02")] == 0.0


def test_from_subscriptions_no_trial_column_and_no_mutation():
    s = subs().drop(columns="is_trial").iloc[:4]
    before = s.copy()
    out = mrr_from_subscriptions(s, trial_col=None)
    pd.testing.assert_frame_equal(s, before)
    assert out["mrr"].sum() == pytest.approx(100 + 100 + 300 + 100 + 150)


@pytest.mark.parametrize(
    "change, kw, match",
    [
        (lambda s: s.iloc[0:0], {}, "empty"),
        (lambda s: s.drop(columns="billing"), {}, "billing_col"),
        (lambda s: s.assign(billing="weekly"), {}, "billing_col"),
        (lambda s: s.assign(invoice_amount=-1.0), {}, "amount_col"),
        (lambda s: s.assign(start_date="soon"), {}, "start_col"),
        (lambda s: s.assign(end_date="2023-01-01"), {}, "end_col.*before"),
        (lambda s: s, {"snapshot": "daily"}, "snapshot"),
        (lambda s: s, {"start": "2024-05", "end": "2024-01"}, "end"),
        (lambda s: s.assign(is_trial=1), {}, "trial_col"),
        (lambda s: s.assign(discount_pct=150), {"amount_is_list_price": True}, "discount_col"),
    ],
)
def test_from_subscriptions_bad_input(change, kw, match):
    with pytest.raises(ValueError, match=match):
        mrr_from_subscriptions(change(subs()), **kw)


# ------------------------------------------------------------------------------ summary, retention
def test_summary_hand_worked():
    s = mrr_summary(panel())
    # totals 150, 350, 250, 210; accounts paying 2, 2, 2, 3
    assert s["mrr"].tolist() == [150.0, 350.0, 250.0, 210.0]
    assert s["arr"].tolist() == [1800.0, 4200.0, 3000.0, 2520.0]
    assert s["accounts"].tolist() == [2, 2, 2, 3]
    feb, mar, apr = s.loc["2024-02"], s.loc["2024-03"], s.loc["2024-04"]
    # Feb: c churned (1 of 2 logos), gross churn 50/150, net churn (50 - 50)/150 = 0
    assert feb["logo_churn_rate"] == 0.5
    assert feb["gross_mrr_churn_rate"] == pytest.approx(50 / 150)
    assert feb["net_mrr_churn_rate"] == pytest.approx(0.0)
    assert feb["nrr"] == pytest.approx((150 + 50 - 50) / 150)
    assert feb["quick_ratio"] == pytest.approx((200 + 50) / 50)
    # Mar: contraction 100 of 350
    assert mar["grr"] == pytest.approx(250 / 350)
    assert mar["quick_ratio"] == pytest.approx(0.0)
    # Apr: a churned 150 of 250, reactivation 80 and new 30: quick ratio 110/150
    assert apr["quick_ratio"] == pytest.approx(110 / 150)
    assert apr["net_mrr_churn_rate"] == pytest.approx((150 - 80) / 250)
    assert np.isnan(s.iloc[0]["net"]) and np.isnan(s.iloc[0]["logo_churn_rate"])


def test_summary_quick_ratio_inf_when_nothing_lost():
    df = pd.DataFrame({"account_id": ["a", "a"], "month": ["2024-01", "2024-02"], "mrr": [10.0, 20.0]})
    assert mrr_summary(df).loc["2024-02", "quick_ratio"] == np.inf


def test_revenue_retention_hand_worked():
    r1 = revenue_retention(panel(), months=1)
    # Jan cohort {a: 100, c: 50} -> Feb {a: 150, c: 0}: NRR 150/150, GRR min(150,100)+0 = 100/150
    assert r1.loc["2024-01", "nrr"] == pytest.approx(1.0)
    assert r1.loc["2024-01", "grr"] == pytest.approx(100 / 150)
    assert r1.loc["2024-01", "logo_retention"] == 0.5
    r3 = revenue_retention(panel(), months=3)
    # Jan cohort {a: 100, c: 50} -> Apr {a: 0, c: 80}: NRR 80/150, GRR min(80, 50) = 50/150
    assert list(map(str, r3.index)) == ["2024-01"]
    assert r3.loc["2024-01", "nrr"] == pytest.approx(80 / 150)
    assert r3.loc["2024-01", "grr"] == pytest.approx(50 / 150)
    assert len(revenue_retention(panel(), months=12)) == 0


@pytest.mark.parametrize("fn", [mrr_summary, revenue_retention])
@pytest.mark.parametrize(
    "frame, match",
    [
        (pd.DataFrame(columns=["account_id", "month", "mrr"]), "empty"),
        (panel().drop(columns="account_id"), "account_col"),
        (panel().assign(mrr=-1.0), "negative"),
        (pd.concat([panel(), panel()]), "duplicate"),
        (panel().assign(month="13/13/13"), "month_col"),
        ("not a frame", "DataFrame"),
    ],
)
def test_summary_and_retention_bad_input(fn, frame, match):
    with pytest.raises(ValueError, match=match):
        fn(frame)


@pytest.mark.parametrize("months", [0, -1, 1.5, True])
def test_revenue_retention_bad_months(months):
    with pytest.raises(ValueError, match="months"):
        revenue_retention(panel(), months=months)


# ------------------------------------------------------------------------------ GMV
def orders() -> pd.DataFrame:
    return pd.DataFrame({
        "order_date": pd.to_datetime(["2024-01-03", "2024-01-20", "2024-02-02", "2024-03-09"]),
        "amount": [90.0, 50.0, 200.0, 10.0],
        "discount": [10.0, 0.0, 20.0, 0.0],
        "refunded": [False, True, False, False],
    })


def test_gmv_paid_and_list_basis():
    g = gmv_by_month(orders())
    # Jan: GMV 90 + 50 (refund included) = 140, refunds 50, net 90
    assert g.loc["2024-01", ["orders", "gmv", "refunds", "net_revenue"]].tolist() == [2, 140.0, 50.0, 90.0]
    assert g.loc["2024-02", "gmv"] == 200.0
    assert g.loc["2024-01", "refund_rate"] == pytest.approx(50 / 140)
    lst = gmv_by_month(orders(), gmv_basis="list")
    # list basis adds discounts back: Jan 150, Feb 220; net revenue unchanged
    assert lst["gmv"].tolist() == [150.0, 220.0, 10.0]
    assert lst["net_revenue"].tolist() == g["net_revenue"].tolist() == [90.0, 200.0, 10.0]


def test_gmv_without_optional_columns():
    g = gmv_by_month(orders().drop(columns=["discount", "refunded"]), discount_col=None, refunded_col=None)
    assert g["gmv"].tolist() == g["net_revenue"].tolist() == [140.0, 200.0, 10.0]


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (orders().iloc[0:0], {}, "empty"),
        (orders().drop(columns="amount"), {}, "amount_col"),
        (orders().assign(amount=-1.0), {}, "amount_col"),
        (orders().assign(refunded="yes"), {}, "refunded_col"),
        (orders().assign(order_date="yesterday"), {}, "time_col"),
        (orders(), {"gmv_basis": "gross"}, "gmv_basis"),
        (orders().drop(columns="discount"), {}, "discount_col"),
    ],
)
def test_gmv_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        gmv_by_month(frame, **kw)
