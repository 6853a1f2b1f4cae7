"""Tests for playbook_lib.tiers: hand-worked scorecards, tiers, ABC, sensitivity, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lib.tiers import (
    DEFAULT_TIER_LABELS,
    TIER_LABELS_ZH,
    abc_classes,
    assign_tiers,
    default_weights,
    score_accounts,
    weight_sensitivity,
)


def card() -> pd.DataFrame:
    return pd.DataFrame({
        "account_id": ["a", "b", "c", "d"],
        "gross_margin_pct": [60.0, 40.0, 20.0, 40.0],
        "payment_collection_days": [10, 30, 50, 90],
        "complaints": [0, 2, 4, 0],
    })


W = {"gross_margin_pct": 0.5, "payment_collection_days": (0.5, "lower"), "complaints": -0.2}


# ------------------------------------------------------------------------------ scoring
def test_score_minmax_hand_worked():
    s = score_accounts(card(), W)
    # margin min-max: a 1, b .5, c 0, d .5 -> x 50 points
    # days lower-better (90 - x) / 80: a 1, b .75, c .5, d 0 -> x 50 points
    # complaints / 4: a 0, b .5, c 1, d 0 -> x -20 points
    np.testing.assert_allclose(s["gross_margin_pct"], [50, 25, 0, 25])
    np.testing.assert_allclose(s["payment_collection_days"], [50, 37.5, 25, 0])
    np.testing.assert_allclose(s["complaints"], [0, -10, -20, 0])
    np.testing.assert_allclose(s["score"], [100, 52.5, 5, 25])
    assert s.index.tolist() == ["a", "b", "c", "d"]


def test_score_rank_and_zscore():
    r = score_accounts(card(), {"gross_margin_pct": 1.0}, normalise="rank")
    # ranks of 60, 40, 20, 40: c 1, b and d tie at 2.5, a 4 -> pct 0.25, 0.625, 0.625, 1
    np.testing.assert_allclose(r["score"], [100, 62.5, 25, 62.5])
    z = score_accounts(card(), {"gross_margin_pct": 1.0}, normalise="zscore")
    # mean 40, population sd sqrt((400 + 0 + 400 + 0) / 4) = sqrt(200)
    sd = np.sqrt(200.0)
    np.testing.assert_allclose(z["score"], [100 * 20 / sd, 0, -100 * 20 / sd, 0])
    clipped = score_accounts(card(), {"gross_margin_pct": 1.0}, normalise="zscore", clip=1.0)
    np.testing.assert_allclose(clipped["score"], [100, 0, -100, 0])


def test_score_weight_table_forms_agree_and_constant_column():
    table = pd.DataFrame({"variable": ["gross_margin_pct", "payment_collection_days", "complaints"],
                          "weight": [0.5, 0.5, -0.2], "direction": ["higher", "lower", "higher"]})
    nested = {"gross_margin_pct": {"weight": 0.5}, "payment_collection_days": {"weight": 0.5, "direction": "lower"},
              "complaints": {"weight": -0.2}}
    a = score_accounts(card(), W)["score"]
    pd.testing.assert_series_equal(score_accounts(card(), table)["score"], a)
    pd.testing.assert_series_equal(score_accounts(card(), nested)["score"], a)
    const = card().assign(flat=7)
    assert (score_accounts(const, {"flat": 1.0})["score"] == 0).all()
    assert (score_accounts(const, {"flat": 1.0}, normalise="zscore")["score"] == 0).all()


def test_default_weights_and_no_mutation():
    w = default_weights()
    assert w.loc[w["variable"] == "payment_collection_days", "direction"].item() == "lower"
    w.loc[0, "weight"] = 99.0                              # a fresh copy each call
    assert default_weights().loc[0, "weight"] == 0.10
    full = card().assign(product_lines=1, cooperation_years=1.0, responsiveness=3, referrals_made=0,
                         brand_influence=2, growth_potential=3, defaults=0, arrears_amount=0.0,
                         hard_to_work_with=0)
    before = full.copy()
    s = score_accounts(full)
    pd.testing.assert_frame_equal(full, before)
    assert len(s) == 4


@pytest.mark.parametrize(
    "frame, weights, kw, match",
    [
        (card().iloc[0:0], W, {}, "empty"),
        (card(), {"missing_var": 1.0}, {}, "missing_var"),
        (card().assign(complaints="many"), W, {}, "complaints.*dtype"),
        (card().assign(complaints=np.nan), W, {}, "complaints.*NaN"),
        (pd.concat([card(), card().iloc[[0]]]), W, {}, "duplicate.*account_id"),
        (card().assign(account_id=None), W, {}, "account_col"),
        (card(), {"complaints": (1.0, "sideways")}, {}, "direction"),
        (card(), {"complaints": "heavy"}, {}, "weight"),
        (card(), W, {"normalise": "log"}, "normalise"),
        (card(), W, {"clip": 0}, "clip"),
        (card(), {}, {}, "weights is empty"),
        (card(), [1, 2], {}, "weights must be"),
    ],
)
def test_score_bad_input(frame, weights, kw, match):
    with pytest.raises(ValueError, match=match):
        score_accounts(frame, weights, **kw)


# ------------------------------------------------------------------------------ tiers
def test_assign_tiers_thresholds_boundaries_and_labels():
    s = pd.Series([100.0, 52.5, 5.0, 25.0, 50.0], index=list("abcde"))
    t = assign_tiers(s, thresholds=[20, 50, 90])
    # >= 90 strategic, [50, 90) key (e = 50 goes up), [20, 50) standard, < 20 watch
    assert t.tolist() == ["strategic", "key", "watch", "standard", "key"]
    assert list(t.cat.categories) == list(DEFAULT_TIER_LABELS)
    assert t.name == "tier" and t.index.tolist() == list("abcde")
    zh = assign_tiers(s, thresholds=[20, 50, 90], labels=TIER_LABELS_ZH)
    assert zh.tolist() == ["战略", "重点", "观察", "普通", "重点"]
    two = assign_tiers(s.to_frame("points"), thresholds=[50], labels=["top", "rest"], score_col="points")
    assert two.tolist() == ["top", "top", "rest", "rest", "top"]


def test_assign_tiers_quantiles():
    s = pd.Series(np.arange(1.0, 21.0))       # 1..20
    t = assign_tiers(s)                       # default quantiles .30 .80 .95 -> cuts 6.7, 16.2, 19.05
    counts = t.value_counts()
    assert (counts["strategic"], counts["key"], counts["standard"], counts["watch"]) == (1, 3, 10, 6)
    half = assign_tiers(s, quantiles=[0.5], labels=["upper", "lower"])   # median 10.5
    assert (half == "upper").sum() == 10


@pytest.mark.parametrize(
    "scores, kw, match",
    [
        (pd.Series([1.0, 2.0]), {"thresholds": [3, 2, 1]}, "thresholds"),
        (pd.Series([1.0, 2.0]), {"thresholds": [1, 2]}, "thresholds needs"),
        (pd.Series([1.0, 2.0]), {"thresholds": [1, 2, 3], "quantiles": [.1, .2, .3]}, "not both"),
        (pd.Series([1.0, 2.0]), {"quantiles": [0.0, 0.5, 0.9]}, "quantiles"),
        (pd.Series([1.0, 2.0]), {"quantiles": [0.5, 0.2, 0.9]}, "quantiles"),
        (pd.Series([1.0, np.nan]), {}, "NaN"),
        (pd.Series([], dtype=float), {}, "empty"),
        (pd.DataFrame({"points": [1.0]}), {}, "score_col"),
        ([1.0, 2.0], {}, "Series or DataFrame"),
        (pd.Series([1.0, 2.0]), {"labels": ["only"]}, "labels"),
    ],
)
def test_assign_tiers_bad_input(scores, kw, match):
    with pytest.raises(ValueError, match=match):
        assign_tiers(scores, **kw)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=40),
       st.sampled_from([None, [0.0], [-10.0, 0.0, 10.0]]))
def test_property_every_account_gets_exactly_one_tier(values, cuts):
    s = pd.Series(values, index=[f"acc{i}" for i in range(len(values))])
    if cuts is None:
        t = assign_tiers(s)
    else:
        labels = DEFAULT_TIER_LABELS if len(cuts) == 3 else ["up", "down"]
        t = assign_tiers(s, thresholds=cuts, labels=labels)
    assert len(t) == len(s) and t.index.equals(s.index)
    assert t.notna().all()
    assert set(t) <= set(t.cat.categories)
    # better score never gets a worse tier
    order = np.argsort(s.to_numpy(), kind="stable")
    codes = t.cat.codes.to_numpy()[order]
    assert np.all(np.diff(codes) <= 0)


# ------------------------------------------------------------------------------ ABC
def test_abc_boundary_options_and_aggregation():
    rev = pd.DataFrame({"account_id": ["b", "a", "c", "d", "e", "a"],
                        "revenue": [25.0, 30.0, 15.0, 6.0, 4.0, 20.0]})
    # per account: a 50, b 25, c 15, d 6, e 4 -> running 50, 75, 90, 96, 100
    out = abc_classes(rev)
    assert out["account_id"].tolist() == ["a", "b", "c", "d", "e"]
    np.testing.assert_allclose(out["cumulative_share"], [0.5, 0.75, 0.9, 0.96, 1.0])
    # include: c crosses 80% -> A; d crosses 95% -> B
    assert out["abc_class"].tolist() == ["A", "A", "A", "B", "C"]
    ex = abc_classes(rev, boundary="exclude")
    # exclude: A while running share <= 80% (a, b); B while <= 95% (c)
    assert ex["abc_class"].tolist() == ["A", "A", "B", "C", "C"]
    custom = abc_classes(rev, a_share=0.5, b_share=0.4)
    # include: a exactly reaches 50% -> A alone; b, c reach 90% -> B
    assert custom["abc_class"].tolist() == ["A", "B", "B", "C", "C"]


def test_abc_ties_sorted_by_id_and_custom_columns():
    rev = pd.DataFrame({"org": ["z", "y", "x"], "paid": [10.0, 10.0, 0.0]})
    out = abc_classes(rev, account_col="org", revenue_col="paid")
    assert out["org"].tolist() == ["y", "z", "x"]
    assert out["abc_class"].tolist() == ["A", "A", "C"]


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (pd.DataFrame(columns=["account_id", "revenue"]), {}, "empty"),
        (pd.DataFrame({"account_id": ["a"], "sales": [1.0]}), {}, "revenue_col"),
        (pd.DataFrame({"account_id": ["a"], "revenue": [-1.0]}), {}, "negative"),
        (pd.DataFrame({"account_id": ["a"], "revenue": [0.0]}), {}, "sums to 0"),
        (pd.DataFrame({"account_id": [None], "revenue": [1.0]}), {}, "account_col"),
        (pd.DataFrame({"account_id": ["a"], "revenue": [1.0]}), {"a_share": 1.2}, "a_share"),
        (pd.DataFrame({"account_id": ["a"], "revenue": [1.0]}), {"a_share": 0.9, "b_share": 0.2}, "a_share \\+ b_share"),
        (pd.DataFrame({"account_id": ["a"], "revenue": [1.0]}), {"boundary": "split"}, "boundary"),
    ],
)
def test_abc_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        abc_classes(frame, **kw)


# ------------------------------------------------------------------------------ sensitivity
def test_weight_sensitivity_new_weight_and_delta():
    # scores with W: a 100, b 52.5, c 5, d 25; thresholds 20 / 50 / 90
    # tiers: a strategic, b key, c watch, d standard
    # complaints weight -0.2 -> -1.0: b 52.5 - 40 = 12.5 (watch), c 5 - 80 = -75 (watch)
    out = weight_sensitivity(card(), W, variable="complaints", new_weight=-1.0, thresholds=[20, 50, 90])
    assert out["account_id"].tolist() == ["b"]
    assert (out.loc[0, "tier_before"], out.loc[0, "tier_after"]) == ("key", "watch")
    assert out.loc[0, "score_after"] == pytest.approx(12.5)
    same = weight_sensitivity(card(), W, variable="complaints", delta=-0.8, thresholds=[20, 50, 90])
    pd.testing.assert_frame_equal(out, same)
    none = weight_sensitivity(card(), W, variable="complaints", delta=0.0, thresholds=[20, 50, 90])
    assert none.empty and list(none.columns) == ["account_id", "score_before", "score_after",
                                                 "tier_before", "tier_after"]


def test_weight_sensitivity_quantile_tiers_recut():
    # two accounts, median split: raising referrals swaps who is on top
    c = pd.DataFrame({"account_id": ["a", "b"], "margin": [10, 0], "referrals": [0, 10]})
    out = weight_sensitivity(c, {"margin": 0.6, "referrals": 0.4}, variable="referrals", new_weight=0.8,
                             quantiles=[0.5], labels=["upper", "lower"])
    assert dict(zip(out["account_id"], out["tier_after"])) == {"b": "upper", "a": "lower"}


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"variable": "complaints"}, "exactly one"),
        ({"variable": "complaints", "new_weight": 1.0, "delta": 0.1}, "exactly one"),
        ({"variable": "region", "new_weight": 1.0}, "variable 'region'"),
        ({"variable": "complaints", "new_weight": float("inf")}, "new_weight"),
        ({"variable": "complaints", "delta": "up"}, "delta"),
        ({"variable": "complaints", "delta": 0.1, "thresholds": [50, 20, 90]}, "thresholds"),
        ({"variable": "complaints", "delta": 0.1, "normalise": "other"}, "normalise"),
    ],
)
def test_weight_sensitivity_bad_input(kw, match):
    with pytest.raises(ValueError, match=match):
        weight_sensitivity(card(), W, **kw)
