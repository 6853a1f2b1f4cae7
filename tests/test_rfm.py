"""RFM summary (lifetimes semantics), marketing RFM table, scores, segments and segment sizes.

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lib.rfm import DEFAULT_SEGMENT_RULES, rfm_scores, rfm_segments, rfm_summary, rfm_table, segment_sizes


@pytest.fixture
def tx() -> pd.DataFrame:
    # a: Jan 1 (10 + 20, one purchase day), Jan 11 (50), Jan 21 (30), Jan 25 (100, refunded)
    # b: Jan 5 (40)
    # c: Jan 2 (5), Jan 31 (15)  -> the last date in the data is Jan 31
    return pd.DataFrame({
        "customer_id": ["a", "a", "a", "a", "a", "b", "c", "c"],
        "order_date": pd.to_datetime(["2024-01-01 09:00", "2024-01-01 18:00", "2024-01-11", "2024-01-21",
                                      "2024-01-25", "2024-01-05", "2024-01-02", "2024-01-31 20:00"], format="ISO8601"),
        "amount": [10.0, 20.0, 50.0, 30.0, 100.0, 40.0, 5.0, 15.0],
        "refunded": [False, False, False, False, True, False, False, False],
    })


# ------------------------------------------------------------------ rfm_summary
def test_rfm_summary_default_end(tx):
    out = rfm_summary(tx.drop(columns="refunded"))
    # end = Jan 31. a: days {1, 11, 21, 25} -> frequency 3, recency 24, T 30, monetary (50 + 30 + 100) / 3 = 60
    # b: one day -> 0, 0, T 26, 0.   c: days {2, 31} -> 1, 29, 29, 15
    assert out.index.name == "customer_id"
    assert list(out.columns) == ["frequency", "recency", "T", "monetary_value"]
    assert (out.dtypes == "float64").all()
    exp = pd.DataFrame({"frequency": [3.0, 0.0, 1.0], "recency": [24.0, 0.0, 29.0], "T": [30.0, 26.0, 29.0],
                        "monetary_value": [60.0, 0.0, 15.0]}, index=pd.Index(["a", "b", "c"], name="customer_id"))
    pd.testing.assert_frame_equal(out.sort_index(), exp)


def test_rfm_summary_observation_end_is_day_by_day(tx):
    out = rfm_summary(tx, observation_end="2024-01-20")
    # a: days {1, 11} -> 1, 10, T 19, monetary 50; b: T 15; c: only Jan 2 -> 0, 0, T 18, 0
    assert out.loc["a"].tolist() == [1.0, 10.0, 19.0, 50.0]
    assert out.loc["b"].tolist() == [0.0, 0.0, 15.0, 0.0]
    assert out.loc["c"].tolist() == [0.0, 0.0, 18.0, 0.0]
    # an end at 06:00 on Jan 21 still keeps that whole day (a's Jan 21 purchase counts)
    assert rfm_summary(tx, observation_end="2024-01-21 06:00").loc["a", "frequency"] == 2.0
    # customers with no purchase by the end are not listed
    assert list(rfm_summary(tx, observation_end="2024-01-03").index) == ["a", "c"]


def test_rfm_summary_b2b_accounts_and_no_mutation(tx):
    acc = tx.rename(columns={"customer_id": "account_id", "order_date": "invoice_date", "amount": "invoice_amount"})
    before = acc.copy()
    out = rfm_summary(acc, customer_col="account_id", time_col="invoice_date", value_col="invoice_amount")
    assert out.index.name == "account_id"
    assert out.loc["c", "monetary_value"] == 15.0
    pd.testing.assert_frame_equal(acc, before)


@pytest.mark.filterwarnings("ignore:Could not infer format")
@pytest.mark.parametrize("call, match", [
    (lambda t: rfm_summary(t.iloc[:0]), "transactions is empty"),
    (lambda t: rfm_summary(t.drop(columns="amount")), "amount.*value_col"),
    (lambda t: rfm_summary(t, customer_col="account_id"), "account_id.*customer_col"),
    (lambda t: rfm_summary(t.assign(amount=-t["amount"])), "value_col.*negative"),
    (lambda t: rfm_summary(t.assign(amount=np.nan)), "value_col.*NaN"),
    (lambda t: rfm_summary(t.assign(amount=t["amount"].astype(str))), "value_col.*expected numbers"),
    (lambda t: rfm_summary(t.assign(order_date="later")), "time_col"),
    (lambda t: rfm_summary(t.assign(customer_id=None)), "customer_col"),
    (lambda t: rfm_summary(t, observation_end="end of month"), "observation_end"),
    (lambda t: rfm_summary(t, observation_end="2023-12-31"), "observation_end"),
    (lambda t: rfm_summary(t.assign(order_date=["2024-01-01T00:00+01:00", "2024-01-01T00:00+08:00"] * 4)),
     "mixes time zones"),
])
def test_rfm_summary_bad_input(tx, call, match):
    with pytest.raises(ValueError, match=match):
        call(tx)


def _brute_summary(df: pd.DataFrame, end) -> pd.DataFrame:
    """Group-by version of the definition, written independently of the helper."""
    d = df.assign(day=df["order_date"].dt.floor("D"))
    d = d[d["day"] <= end]
    daily = d.groupby(["customer_id", "day"], as_index=False)["amount"].sum().sort_values(["customer_id", "day"])
    rows = {}
    for cid, g in daily.groupby("customer_id"):
        first, last = g["day"].iloc[0], g["day"].iloc[-1]
        freq = len(g) - 1
        rows[cid] = {"frequency": float(freq), "recency": float((last - first).days), "T": float((end - first).days),
                     "monetary_value": float(g["amount"].iloc[1:].mean()) if freq else 0.0}
    return pd.DataFrame.from_dict(rows, orient="index")


tx_rows = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 60 * 24 * 20), st.integers(0, 10_000)),
    min_size=1, max_size=50,
)


@settings(max_examples=50, deadline=None)
@given(rows=tx_rows, end_day=st.one_of(st.none(), st.integers(0, 20)))
def test_rfm_summary_matches_groupby(rows, end_day):
    df = pd.DataFrame(rows, columns=["customer_id", "minute", "cents"])
    df["order_date"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(df["minute"], unit="min")
    df["amount"] = df["cents"] / 100
    start = pd.Timestamp("2024-01-01")
    end = df["order_date"].max().floor("D") if end_day is None else start + pd.Timedelta(days=end_day)
    if end_day is not None and not (df["order_date"].dt.floor("D") <= end).any():
        return
    got = rfm_summary(df, observation_end=None if end_day is None else end)
    exp = _brute_summary(df, end)
    got = got.sort_index()
    exp = exp.sort_index()
    assert list(got.index) == list(exp.index)
    for c in ["frequency", "recency", "T"]:
        assert got[c].tolist() == exp[c].tolist()
    np.testing.assert_allclose(got["monetary_value"], exp["monetary_value"], rtol=1e-12, atol=1e-9)


# ------------------------------------------------------------------ rfm_table
def test_rfm_table_defaults(tx):
    out = rfm_table(tx)
    # as_of = the day after the last date (Jan 31) = Feb 1. a: last Jan 25 -> 7 days, 5 orders, 210 spent
    # b: last Jan 5 -> 27, 1, 40.  c: last Jan 31 -> 1, 2, 20
    assert out.index.name == "customer_id"
    assert out["recency_days"].to_dict() == {"a": 7, "b": 27, "c": 1}
    assert out["frequency"].to_dict() == {"a": 5, "b": 1, "c": 2}
    assert out["monetary"].to_dict() == {"a": 210.0, "b": 40.0, "c": 20.0}
    assert out.loc["a", "first_purchase"] == pd.Timestamp("2024-01-01")
    assert out.loc["a", "last_purchase"] == pd.Timestamp("2024-01-25")


def test_rfm_table_options(tx):
    # refunds dropped: a loses the Jan 25 order -> last Jan 21 -> 11 days, 4 orders, 110
    out = rfm_table(tx, refund_col="refunded")
    assert out.loc["a"][["recency_days", "frequency", "monetary"]].tolist() == [11, 4, 110.0]
    # last_day: as_of = Jan 31 -> c bought "today" -> 0
    assert rfm_table(tx, as_of="last_day").loc["c", "recency_days"] == 0
    # distinct days: a bought on {1, 11, 21, 25} -> 4; mean = 210 / 4 = 52.5
    out = rfm_table(tx, frequency="days", monetary="mean")
    assert out.loc["a", "frequency"] == 4 and out.loc["a", "monetary"] == 52.5
    # mean per order: 210 / 5 = 42 (average ticket)
    assert rfm_table(tx, monetary="mean").loc["a", "monetary"] == 42.0
    # a fixed as_of drops later rows: a: Jan 1 x2, Jan 11 -> 4 days, 3 orders, 80; c: Jan 2 -> 13, 1, 5
    out = rfm_table(tx, as_of="2024-01-15")
    assert out.loc["a"][["recency_days", "frequency", "monetary"]].tolist() == [4, 3, 80.0]
    assert out.loc["c"][["recency_days", "frequency", "monetary"]].tolist() == [13, 1, 5.0]


@pytest.mark.parametrize("call, match", [
    (lambda t: rfm_table(t, frequency="visits"), "frequency"),
    (lambda t: rfm_table(t, monetary="median"), "monetary"),
    (lambda t: rfm_table(t, refund_col="returned"), "returned.*refund_col"),
    (lambda t: rfm_table(t.assign(refunded=t["refunded"].astype(str)), refund_col="refunded"), "refund_col"),
    (lambda t: rfm_table(t.assign(refunded=True), refund_col="refunded"), "refund"),
    (lambda t: rfm_table(t, as_of="tomorrow-ish"), "as_of"),
    (lambda t: rfm_table(t, as_of="2023-01-01"), "as_of"),
    (lambda t: rfm_table(t.iloc[:0]), "empty"),
    (lambda t: rfm_table(t.assign(amount=-1.0)), "value_col"),
])
def test_rfm_table_bad_input(tx, call, match):
    with pytest.raises(ValueError, match=match):
        call(tx)


# ------------------------------------------------------------------ rfm_scores
def _table(rec, freq, mon):
    return pd.DataFrame({"recency_days": rec, "frequency": freq, "monetary": mon},
                        index=[f"c{i}" for i in range(len(rec))])


def test_scores_ties_options():
    freq = [1, 1, 1, 1, 2, 3, 4, 5, 6, 7]
    t = _table(list(range(0, 100, 10)), freq, [float(x) for x in range(10)])
    # n = 10, k = 5: score = ceil(5 x rank / 10) = ceil(rank / 2)
    # "min": ties rank 1 -> 1; others ranks 5..10 -> 3 3 4 4 5 5
    assert rfm_scores(t)["f_score"].tolist() == [1, 1, 1, 1, 3, 3, 4, 4, 5, 5]
    # "max": ties rank 4 -> 2
    assert rfm_scores(t, ties="max")["f_score"].tolist() == [2, 2, 2, 2, 3, 3, 4, 4, 5, 5]
    # "average": ties rank 2.5 -> ceil(1.25) = 2
    assert rfm_scores(t, ties="average")["f_score"].tolist() == [2, 2, 2, 2, 3, 3, 4, 4, 5, 5]
    # "first": ties broken by row order, ranks 1..4 -> 1 1 2 2
    assert rfm_scores(t, ties="first")["f_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # recency reversed: 0 days (most recent) -> 5 ... 90 days -> 1
    assert rfm_scores(t)["r_score"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert rfm_scores(t)["m_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert rfm_scores(t)["rfm_code"].iloc[0] == "511"


def test_scores_equal_values_equal_scores_and_k3():
    t = _table([10, 10, 10, 50, 50, 90], [2, 2, 2, 2, 2, 2], [5.0, 5.0, 9.0, 9.0, 9.0, 20.0])
    out = rfm_scores(t, k=3)
    # recency desc ranks (min): 90 -> 1, 50s -> 2, 10s -> 4: ceil(3r/6) -> 1, 1, 2 -> rows: 2 2 2 1 1 1
    assert out["r_score"].tolist() == [2, 2, 2, 1, 1, 1]
    # all frequencies tie at rank 1 -> ceil(3 x 1 / 6) = 1
    assert out["f_score"].tolist() == [1] * 6
    # monetary ranks: 5s -> 1, 9s -> 3, 20 -> 6: ceil(r / 2) -> 1, 2, 3
    assert out["m_score"].tolist() == [1, 1, 2, 2, 2, 3]


def test_scores_fixed_bins():
    t = _table([5, 30, 31, 200], [1, 2, 6, 3], [50.0, 50.01, 1000.0, 99.0])
    bins = {"recency": [30, 90, 180], "frequency": [1, 2, 5], "monetary": [50, 100, 500]}
    out = rfm_scores(t, k=4, method="fixed", bins=bins)
    # recency: 5 and 30 are <= 30 -> bin 1 -> score 4; 31 -> bin 2 -> 3; 200 -> bin 4 -> 1
    assert out["r_score"].tolist() == [4, 4, 3, 1]
    # frequency: 1 -> 1, 2 -> 2, 6 -> 4, 3 -> 3
    assert out["f_score"].tolist() == [1, 2, 4, 3]
    # monetary: 50 -> 1, 50.01 -> 2, 1000 -> 4, 99 -> 2
    assert out["m_score"].tolist() == [1, 2, 4, 2]


@pytest.mark.parametrize("call, match", [
    (lambda t: rfm_scores(t, k=1), "k must"),
    (lambda t: rfm_scores(t, k=5.0), "k must"),
    (lambda t: rfm_scores(t, method="kmeans"), "method"),
    (lambda t: rfm_scores(t, ties="dense"), "ties"),
    (lambda t: rfm_scores(t, method="fixed"), "bins"),
    (lambda t: rfm_scores(t, method="fixed", k=3,
                          bins={"recency": [30, 10], "frequency": [1, 2], "monetary": [1, 2]}), r"bins\['recency'\]"),
    (lambda t: rfm_scores(t, method="fixed", k=3,
                          bins={"recency": [10, 30], "frequency": [1, 2, 3], "monetary": [1, 2]}), r"bins\['frequency'\]"),
    (lambda t: rfm_scores(t, method="fixed", k=3, bins={"recency": [10, 30], "frequency": [1, 2]}),
     r"bins\['monetary'\]"),
    (lambda t: rfm_scores(t.drop(columns="monetary")), "monetary.*monetary_col"),
    (lambda t: rfm_scores(t.iloc[:0]), "table is empty"),
    (lambda t: rfm_scores(t.assign(frequency=np.nan)), "frequency_col.*NaN"),
    (lambda t: rfm_scores(pd.concat([t, t])), "duplicate customer"),
])
def test_scores_bad_input(call, match):
    t = _table([1, 2, 3], [1, 2, 3], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=match):
        call(t)


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 30), st.floats(0, 1e5)), min_size=1, max_size=80),
    k=st.integers(2, 10),
    ties=st.sampled_from(["min", "average", "max", "first"]),
)
def test_scores_in_range_and_every_customer_segmented(rows, k, ties):
    t = _table(*zip(*rows))
    s = rfm_scores(t, k=k, ties=ties)
    for c in ["r_score", "f_score", "m_score"]:
        assert s[c].between(1, k).all()
    if ties != "first":  # tie-respecting: equal values, equal scores
        assert (s.groupby(t["frequency"])["f_score"].nunique() == 1).all()
    s5 = rfm_scores(t, k=5, ties=ties)
    seg = rfm_segments(s5)
    assert seg.notna().all() and len(seg) == len(t)


# ------------------------------------------------------------------ segments
def test_default_rules_cover_every_combination_once_first_match():
    combos = pd.DataFrame(list(itertools.product(range(1, 6), repeat=3)), columns=["r_score", "f_score", "m_score"])
    seg = rfm_segments(combos)
    assert seg.notna().all() and len(seg) == 125
    names = set(DEFAULT_SEGMENT_RULES["segment"])
    assert names == {"Champions", "Loyal", "Potential loyalists", "New", "Promising", "Need attention",
                     "At risk", "Can't lose them", "About to sleep", "Hibernating", "Lost"}
    assert set(seg.astype(str)) == names  # every segment is reachable
    for col in ["description", "action", "segment_zh"]:
        assert DEFAULT_SEGMENT_RULES[col].str.len().gt(0).all()


@pytest.mark.parametrize("r, f, name", [
    (5, 5, "Champions"), (5, 4, "Champions"), (4, 5, "Loyal"), (3, 4, "Loyal"), (5, 1, "New"),
    (4, 1, "Promising"), (4, 2, "Potential loyalists"), (5, 3, "Potential loyalists"), (3, 3, "Need attention"),
    (3, 1, "About to sleep"), (3, 2, "About to sleep"), (1, 5, "Can't lose them"), (2, 5, "Can't lose them"),
    (2, 3, "At risk"), (1, 4, "At risk"), (1, 1, "Lost"), (2, 1, "Hibernating"), (1, 2, "Hibernating"),
])
def test_default_rules_grid(r, f, name):
    s = pd.DataFrame({"r_score": [r], "f_score": [f], "m_score": [3]})
    assert rfm_segments(s).iloc[0] == name


def test_custom_rules_with_m_ranges_first_match_wins():
    rules = pd.DataFrame({
        "segment": ["Big spenders", "Recent", "Everyone else"],
        "r_min": [1, 4, 1], "r_max": [5, 5, 5], "f_min": [1, 1, 1], "f_max": [5, 5, 5],
        "m_min": [5, np.nan, np.nan], "m_max": [5, np.nan, np.nan],
    })
    s = pd.DataFrame({"r_score": [5, 5, 2], "f_score": [1, 1, 1], "m_score": [5, 2, 2]}, index=["x", "y", "z"])
    # x: m = 5 -> Big spenders even though also Recent (first match wins); y: Recent; z: Everyone else
    out = rfm_segments(s, rules)
    assert out.tolist() == ["Big spenders", "Recent", "Everyone else"]
    assert list(out.index) == ["x", "y", "z"] and out.name == "segment"


@pytest.mark.parametrize("call, match", [
    (lambda s: rfm_segments(s, DEFAULT_SEGMENT_RULES.drop(columns="f_max")), "f_max"),
    (lambda s: rfm_segments(s, DEFAULT_SEGMENT_RULES.iloc[:1]), r"2 customer\(s\) match no rule.*r=1, f=1"),
    (lambda s: rfm_segments(s, DEFAULT_SEGMENT_RULES.assign(r_min=5, r_max=1)), "r_min > r_max"),
    (lambda s: rfm_segments(s, "champions"), "rules must be"),
    (lambda s: rfm_segments(s.drop(columns="r_score")), "r_score.*r_col"),
    (lambda s: rfm_segments(s.iloc[:0]), "scores is empty"),
    (lambda s: rfm_segments(s, DEFAULT_SEGMENT_RULES.drop(columns="m_max")), "m_max"),
])
def test_segments_bad_input(call, match):
    s = pd.DataFrame({"r_score": [5, 1, 1], "f_score": [5, 1, 1], "m_score": [5, 1, 2]})
    with pytest.raises(ValueError, match=match):
        call(s)


def test_segment_sizes_from_table_and_scores():
    s = pd.DataFrame({"r_score": [5, 5, 1, 1], "f_score": [5, 4, 1, 1], "m_score": [5, 5, 1, 1],
                      "monetary": [300.0, 100.0, 50.0, 50.0]})
    out = segment_sizes(s)
    # Champions: 2 customers (50%), 400 of 500 spend (80%); Lost: 2, 100 (20%); other segments empty
    assert out.index.name == "segment"
    assert list(out.index) == list(DEFAULT_SEGMENT_RULES["segment"])
    assert out.loc["Champions"].tolist() == [2, 0.5, 400.0, 0.8]
    assert out.loc["Lost"].tolist() == [2, 0.5, 100.0, 0.2]
    assert out["customers"].sum() == 4
    # from an unscored table: 10 customers with distinct values -> scores 5 5 4 4 ... -> sums still add up
    t = _table(list(range(10)), list(range(1, 11)), [float(x) for x in range(10)])
    out = segment_sizes(t)
    assert out["customers"].sum() == 10 and out["share"].sum() == pytest.approx(1.0)
    # recency 0 and 1 days -> r = 5; their frequencies 1 and 2 -> f = ceil(rank / 2) = 1 -> "New"
    assert out.loc["New", "customers"] == 2


@pytest.mark.parametrize("call, match", [
    (lambda t: segment_sizes(t, k=3), "k=5"),
    (lambda t: segment_sizes(t, k=11), "k must"),
    (lambda t: segment_sizes(t.iloc[:0]), "data is empty"),
    (lambda t: segment_sizes(t, method="fixed"), "bins"),
    (lambda t: segment_sizes(t, rules=DEFAULT_SEGMENT_RULES.iloc[:2]), "match no rule"),
    (lambda t: segment_sizes(t.drop(columns="frequency")), "frequency.*frequency_col"),
])
def test_segment_sizes_bad_input(call, match):
    t = _table(list(range(10)), list(range(1, 11)), [float(x) for x in range(10)])
    with pytest.raises(ValueError, match=match):
        call(t)
