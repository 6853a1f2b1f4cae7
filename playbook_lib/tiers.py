"""Customer tiering (客户分级): weighted scorecards, tiers, ABC classes and weight sensitivity.

B2B operations give each account a tier (战略 strategic / 重点 key / 普通 standard / 观察 watch)
and attach rights to it (co-visits, response SLA, discounts...). The tier comes from a weighted
scorecard over positive variables (business demand, relationship, management) and negative ones
(complaints, defaults, arrears, hard to work with). This module:

* :func:`default_weights` - the course's editable weight table;
* :func:`score_accounts` - normalise each variable, weight it and add up the points;
* :func:`assign_tiers` - tiers from score thresholds or quantiles;
* :func:`abc_classes` - ABC classes by revenue Pareto (for comparison);
* :func:`weight_sensitivity` - which accounts change tier when one weight moves (for sliders).

Definitions and sources: ``docs/definitions/tiers.md``.

Examples
--------
>>> import pandas as pd
>>> card = pd.DataFrame({"account_id": ["a", "b", "c"], "gross_margin_pct": [60, 40, 20],
...                      "complaints": [0, 1, 4]})
>>> scores = score_accounts(card, {"gross_margin_pct": 1.0, "complaints": -0.5})
>>> scores["score"].tolist()
[100.0, 37.5, -50.0]
>>> assign_tiers(scores, thresholds=[0, 50, 90]).tolist()
['strategic', 'standard', 'watch']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from playbook_lib import validate

__all__ = [
    "DEFAULT_TIER_LABELS",
    "TIER_LABELS_ZH",
    "DEFAULT_QUANTILES",
    "default_weights",
    "score_accounts",
    "assign_tiers",
    "abc_classes",
    "weight_sensitivity",
]

#: Tier labels, best first.
DEFAULT_TIER_LABELS: tuple[str, ...] = ("strategic", "key", "standard", "watch")
#: The same tiers in Chinese (战略 / 重点 / 普通 / 观察).
TIER_LABELS_ZH: tuple[str, ...] = ("战略", "重点", "普通", "观察")
#: Default score quantiles cutting the tiers: bottom 30% watch, next 50% standard, next 15% key, top 5% strategic.
DEFAULT_QUANTILES: tuple[float, ...] = (0.30, 0.80, 0.95)

_NORMALISE = ("minmax", "rank", "zscore")
_DIRECTIONS = ("higher", "lower")

_DEFAULT_WEIGHTS = (
    # variable, weight, direction  (negative weight = negative variable, subtracts points)
    ("product_lines", 0.10, "higher"),
    ("gross_margin_pct", 0.15, "higher"),
    ("cooperation_years", 0.10, "higher"),
    ("responsiveness", 0.10, "higher"),
    ("referrals_made", 0.10, "higher"),
    ("brand_influence", 0.15, "higher"),
    ("growth_potential", 0.15, "higher"),
    ("payment_collection_days", 0.15, "lower"),
    ("complaints", -0.10, "higher"),
    ("defaults", -0.15, "higher"),
    ("arrears_amount", -0.15, "higher"),
    ("hard_to_work_with", -0.10, "higher"),
)


def default_weights() -> pd.DataFrame:
    """The course's default scorecard weights as a new, editable table.

    Positive variables have positive weights summing to 1 (a perfect account earns 100
    points with min-max normalisation); negative variables (complaints, defaults, arrears,
    hard to work with) have negative weights summing to -0.5 (up to 50 points off).
    ``payment_collection_days`` (回款天数) is a positive variable where **lower** is better.

    Returns
    -------
    pandas.DataFrame
        Columns ``variable``, ``weight``, ``direction`` (``"higher"`` or ``"lower"`` is better).

    Examples
    --------
    >>> w = default_weights()
    >>> round(float(w.loc[w["weight"] > 0, "weight"].sum()), 6), round(float(w.loc[w["weight"] < 0, "weight"].sum()), 6)
    (1.0, -0.5)
    """
    return pd.DataFrame(list(_DEFAULT_WEIGHTS), columns=["variable", "weight", "direction"])


def _weights_table(weights: object) -> pd.DataFrame:
    """Normalise the accepted weight forms to a (variable, weight, direction) table."""
    if weights is None:
        return default_weights()
    if isinstance(weights, pd.DataFrame):
        validate.require_columns(weights, {"weights": "variable"}, frame="weights")
        validate.require_columns(weights, {"weights": "weight"}, frame="weights")
        tab = pd.DataFrame({"variable": weights["variable"].astype(str).to_numpy(),
                            "weight": weights["weight"].to_numpy(),
                            "direction": weights["direction"].to_numpy() if "direction" in weights.columns
                            else "higher"})
    elif isinstance(weights, Mapping):
        rows = []
        for var, spec in weights.items():
            if isinstance(spec, Mapping):
                rows.append((str(var), spec.get("weight"), spec.get("direction", "higher")))
            elif isinstance(spec, (tuple, list)) and len(spec) == 2:
                rows.append((str(var), spec[0], spec[1]))
            else:
                rows.append((str(var), spec, "higher"))
        tab = pd.DataFrame(rows, columns=["variable", "weight", "direction"])
    else:
        raise ValueError(f"weights must be a mapping {{variable: weight}} or a table with columns "
                         f"variable, weight, direction; got {type(weights).__name__}")
    if tab.empty:
        raise ValueError("weights is empty: name at least one variable")
    if tab["variable"].duplicated().any():
        raise ValueError(f"weights: variable {tab.loc[tab['variable'].duplicated(), 'variable'].iloc[0]!r} "
                         "appears twice")
    for var, w, d in tab.itertuples(index=False):  # a handful of variables, not rows of data
        if isinstance(w, bool) or not isinstance(w, (int, float, np.integer, np.floating)) or not math.isfinite(w):
            raise ValueError(f"weights: weight of {var!r} must be a finite number, got {w!r}")
        if d not in _DIRECTIONS:
            raise ValueError(f"weights: direction of {var!r} must be one of {list(_DIRECTIONS)}, got {d!r}")
    tab["weight"] = tab["weight"].astype(float)
    return tab


def _normalised(x: np.ndarray, method: str, clip: float) -> np.ndarray:
    """One oriented variable (higher = better) to its normalised value."""
    if method == "minmax":
        lo, hi = x.min(), x.max()
        return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)
    if method == "rank":
        return pd.Series(x).rank(method="average", pct=True).to_numpy()
    sd = x.std()
    if sd == 0:
        return np.zeros_like(x)
    return np.clip((x - x.mean()) / sd, -clip, clip)


def score_accounts(
    scorecard: pd.DataFrame,
    weights: object = None,
    *,
    account_col: str = "account_id",
    normalise: str = "minmax",
    clip: float = 3.0,
) -> pd.DataFrame:
    """Weighted scorecard (加权评分卡): points per variable and a total ``score`` per account.

    For each variable of the weight table: orient it so that higher is better (``direction
    "lower"`` flips the sign, e.g. payment collection days), normalise it across accounts, then
    points = 100 x weight x normalised value. Negative weights mark negative variables
    (complaints, defaults...): their points subtract. ``score`` is the sum of the points.

    Normalisation options:

    * ``"minmax"`` (default): (x - min) / (max - min) in [0, 1]; a constant column scores 0.
    * ``"rank"``: percentile rank in (0, 1] (pandas ``rank(pct=True)``, ties averaged) - robust
      to outliers such as one huge arrears amount.
    * ``"zscore"``: (x - mean) / std (population std), clipped to [-clip, clip]; a constant
      column scores 0.

    Parameters
    ----------
    scorecard : pandas.DataFrame
        One row per account with numeric attribute columns (no NaN).
    weights : mapping or DataFrame, optional
        ``{variable: weight}``, ``{variable: (weight, direction)}``, ``{variable: {"weight":
        w, "direction": d}}`` or a table with columns ``variable``, ``weight`` and optionally
        ``direction`` (``"higher"``/``"lower"``). Default :func:`default_weights`.
    account_col : str
        Account id column (unique).
    normalise : {"minmax", "rank", "zscore"}
    clip : float
        Bound of the z-scores (> 0); only used by ``"zscore"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by account: one column of points per variable, then ``score``.

    Raises
    ------
    ValueError
        Empty frame, missing or non-numeric variable columns, NaN values, duplicate or missing
        account ids, bad weights, unknown ``normalise``, ``clip`` <= 0.

    Examples
    --------
    Payment days, lower is better: 10 -> 1, 30 -> 0.5, 50 -> 0 after min-max.

    >>> card = pd.DataFrame({"account_id": ["a", "b", "c"], "payment_collection_days": [10, 30, 50]})
    >>> score_accounts(card, {"payment_collection_days": (0.5, "lower")})["score"].tolist()
    [50.0, 25.0, 0.0]
    """
    frame = "scorecard"
    validate.require_frame(scorecard, frame=frame)
    validate.one_of(normalise, _NORMALISE, param="normalise")
    if isinstance(clip, bool) or not isinstance(clip, (int, float)) or not clip > 0:
        raise ValueError(f"clip must be a positive number, got {clip!r}")
    tab = _weights_table(weights)
    validate.require_columns(scorecard, {"account_col": account_col}, frame=frame)
    validate.ids(scorecard, account_col, param="account_col", frame=frame)
    validate.unique_keys(scorecard, [account_col], frame=frame)
    validate.require_columns(scorecard, {f"weights['{v}']": v for v in tab["variable"]}, frame=frame)
    out = {}
    for var, w, d in tab.itertuples(index=False):  # loop over a dozen variables
        x = validate.numeric(scorecard, var, param=f"weights['{var}']", frame=frame, allow_negative=True).to_numpy()
        x = -x if d == "lower" else x
        out[var] = 100.0 * w * _normalised(x, normalise, float(clip))
    res = pd.DataFrame(out, index=pd.Index(scorecard[account_col].to_numpy(), name=account_col))
    res["score"] = res.sum(axis=1)
    return res


def _scores_of(scores: object, score_col: str) -> pd.Series:
    if isinstance(scores, pd.DataFrame):
        validate.require_frame(scores, frame="scores")
        validate.require_columns(scores, {"score_col": score_col}, frame="scores")
        s = validate.numeric(scores, score_col, param="score_col", frame="scores", allow_negative=True)
        return s
    if isinstance(scores, pd.Series):
        if len(scores) == 0:
            raise ValueError("scores is empty: it has no rows")
        return validate.numeric(scores.to_frame("score"), "score", param="scores", frame="scores",
                                allow_negative=True).rename(scores.name)
    raise ValueError(f"scores must be a pandas Series or DataFrame, got {type(scores).__name__}")


def assign_tiers(
    scores: pd.Series | pd.DataFrame,
    *,
    thresholds: Sequence[float] | None = None,
    quantiles: Sequence[float] | None = None,
    labels: Sequence[str] = DEFAULT_TIER_LABELS,
    score_col: str = "score",
) -> pd.Series:
    """Tiers (客户分级) from scores: every account gets exactly one tier.

    Cut points c_1 < ... < c_{k-1} split k tiers; a score s gets the tier with as many cut
    points <= s (so a score equal to a cut point goes to the upper tier). ``labels`` are best
    first, so s >= c_{k-1} gets ``labels[0]`` and s < c_1 the last label.

    * ``thresholds``: fixed cut points on the score scale, strictly increasing (a points rule:
      stable over time, tier sizes move).
    * ``quantiles`` (default :data:`DEFAULT_QUANTILES` = 0.30, 0.80, 0.95 when neither is
      given): cut points at those score quantiles (numpy linear interpolation), i.e. fixed tier
      sizes of about 5% / 15% / 50% / 30%; ties at a cut point all go up.

    Parameters
    ----------
    scores : Series or DataFrame
        Scores (e.g. the output of :func:`score_accounts`, column ``score_col``).
    thresholds, quantiles : sequence of float
        len(labels) - 1 values; give at most one of them. Quantiles in (0, 1).
    labels : sequence of str
        Tier names, best first; default strategic / key / standard / watch
        (:data:`TIER_LABELS_ZH` has 战略 / 重点 / 普通 / 观察).

    Returns
    -------
    pandas.Series
        ``tier``, categorical with the categories in ``labels`` order, aligned with ``scores``.

    Examples
    --------
    >>> s = pd.Series([95.0, 70.0, 70.0, 20.0], index=list("abcd"))
    >>> assign_tiers(s, thresholds=[50, 70, 90]).tolist()
    ['strategic', 'key', 'key', 'watch']
    >>> assign_tiers(s, thresholds=[50, 70, 90], labels=TIER_LABELS_ZH).tolist()
    ['战略', '重点', '重点', '观察']
    """
    labels = list(labels)
    if len(labels) < 2 or len(set(labels)) != len(labels):
        raise ValueError(f"labels must name at least two distinct tiers, got {labels}")
    s = _scores_of(scores, score_col)
    if thresholds is not None and quantiles is not None:
        raise ValueError("give thresholds or quantiles, not both")
    if thresholds is not None:
        cuts = validate.increasing(thresholds, param="thresholds")
        if len(cuts) != len(labels) - 1:
            raise ValueError(f"thresholds needs len(labels) - 1 = {len(labels) - 1} values, got {len(cuts)}")
        cuts_arr = np.asarray(cuts)
    else:
        qs = validate.increasing(DEFAULT_QUANTILES if quantiles is None else quantiles, param="quantiles")
        if len(qs) != len(labels) - 1:
            raise ValueError(f"quantiles needs len(labels) - 1 = {len(labels) - 1} values, got {len(qs)}")
        if qs[0] <= 0 or qs[-1] >= 1:
            raise ValueError(f"quantiles must be strictly between 0 and 1, got {qs}")
        cuts_arr = np.quantile(s.to_numpy(), qs)
    level = np.searchsorted(cuts_arr, s.to_numpy(), side="right")      # 0 = worst
    codes = len(labels) - 1 - level
    return pd.Series(pd.Categorical.from_codes(codes, categories=labels), index=s.index, name="tier")


def abc_classes(
    revenue: pd.DataFrame,
    *,
    account_col: str = "account_id",
    revenue_col: str = "revenue",
    a_share: float = 0.80,
    b_share: float = 0.15,
    boundary: str = "include",
) -> pd.DataFrame:
    """ABC classes by revenue Pareto (帕累托 / 二八分析).

    Accounts are sorted by revenue, highest first (ties by account id), and revenue is
    accumulated: A = the accounts making the first ``a_share`` (80%) of revenue, B the next
    ``b_share`` (15%), C the rest. Several rows per account are summed first.

    The boundary account is the one whose revenue carries the running total across 80% (and
    across 95%). ``boundary="include"`` (default) puts it in the **upper** class: A is the
    smallest set of top accounts that reaches 80% (the usual inventory-ABC reading, as in SAP's
    ABC analysis). ``boundary="exclude"`` puts it in the lower class: A only holds accounts whose
    running total stays at or below 80%.

    Returns
    -------
    pandas.DataFrame
        Sorted by revenue: ``account_col``, ``revenue``, ``share``, ``cumulative_share`` (after
        the account), ``abc_class``.

    Raises
    ------
    ValueError
        Empty frame, missing columns, NaN ids, negative or NaN revenue, zero total revenue,
        shares outside (0, 1) or summing above 1, unknown ``boundary``.

    Examples
    --------
    Revenue 50, 25, 15, 6, 4 (total 100): running totals 50%, 75%, 90%, 96%, 100%. The third
    account crosses 80%, so A = {a, b, c} by default, {a, b} with ``"exclude"``.

    >>> rev = pd.DataFrame({"account_id": list("abcde"), "revenue": [50, 25, 15, 6, 4]})
    >>> abc_classes(rev)["abc_class"].tolist()
    ['A', 'A', 'A', 'B', 'C']
    >>> abc_classes(rev, boundary="exclude")["abc_class"].tolist()
    ['A', 'A', 'B', 'C', 'C']
    """
    frame = "revenue"
    validate.require_frame(revenue, frame=frame)
    validate.one_of(boundary, ["include", "exclude"], param="boundary")
    for name, v in (("a_share", a_share), ("b_share", b_share)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < 1:
            raise ValueError(f"{name} must be a fraction strictly between 0 and 1, got {v!r}")
    if a_share + b_share > 1 + 1e-12:
        raise ValueError(f"a_share + b_share must be at most 1, got {a_share} + {b_share}")
    validate.require_columns(revenue, {"account_col": account_col, "revenue_col": revenue_col}, frame=frame)
    validate.ids(revenue, account_col, param="account_col", frame=frame)
    amount = validate.numeric(revenue, revenue_col, param="revenue_col", frame=frame)
    per = amount.groupby(revenue[account_col].to_numpy(), sort=True).sum()
    total = float(per.sum())
    if total <= 0:
        raise ValueError(f"{frame}: column '{revenue_col}' (revenue_col) sums to 0; ABC needs some revenue")
    per = per.sort_values(ascending=False, kind="stable")          # ties keep account id order
    rev = per.to_numpy()
    after = np.cumsum(rev) / total
    before = after - rev / total
    eps = 1e-12
    if boundary == "include":
        cls = np.where(before < a_share - eps, "A", np.where(before < a_share + b_share - eps, "B", "C"))
    else:
        cls = np.where(after <= a_share + eps, "A", np.where(after <= a_share + b_share + eps, "B", "C"))
    return pd.DataFrame({
        account_col: per.index.to_numpy(),
        "revenue": rev,
        "share": rev / total,
        "cumulative_share": after,
        "abc_class": cls,
    })


def weight_sensitivity(
    scorecard: pd.DataFrame,
    weights: object = None,
    *,
    variable: str,
    new_weight: float | None = None,
    delta: float | None = None,
    account_col: str = "account_id",
    normalise: str = "minmax",
    clip: float = 3.0,
    thresholds: Sequence[float] | None = None,
    quantiles: Sequence[float] | None = None,
    labels: Sequence[str] = DEFAULT_TIER_LABELS,
) -> pd.DataFrame:
    """Accounts whose tier changes when one weight changes (for a weight slider).

    Scores and tiers are computed with ``weights`` and again with ``variable``'s weight set to
    ``new_weight`` (or moved by ``delta``); give exactly one of the two. With quantile tiers the
    cut points are recomputed after the change (tier sizes stay fixed, so some accounts must
    move); with thresholds they stay put. A pure function.

    Returns
    -------
    pandas.DataFrame
        One row per account whose tier changed: ``account_col``, ``score_before``,
        ``score_after``, ``tier_before``, ``tier_after``; sorted by ``score_after``, highest
        first. Empty when no tier changes.

    Examples
    --------
    >>> card = pd.DataFrame({"account_id": ["a", "b"], "margin": [10, 0], "referrals": [0, 10]})
    >>> w = {"margin": 0.6, "referrals": 0.4}

    Before: a = 60 points (key), b = 40 (standard); margin weight 0.6 -> 0.3 makes a 30.

    >>> weight_sensitivity(card, w, variable="margin", new_weight=0.3, thresholds=[50],
    ...                    labels=["key", "standard"])
      account_id  score_before  score_after tier_before tier_after
    0          a          60.0         30.0         key   standard
    """
    tab = _weights_table(weights)
    if (new_weight is None) == (delta is None):
        raise ValueError("give exactly one of new_weight and delta")
    if variable not in set(tab["variable"]):
        raise ValueError(f"variable {variable!r} is not in weights; variables are {tab['variable'].tolist()}")
    change = new_weight if new_weight is not None else delta
    name = "new_weight" if new_weight is not None else "delta"
    if isinstance(change, bool) or not isinstance(change, (int, float, np.integer, np.floating)) \
            or not math.isfinite(change):
        raise ValueError(f"{name} must be a finite number, got {change!r}")
    after = tab.copy()
    row = after["variable"] == variable
    after.loc[row, "weight"] = float(new_weight) if new_weight is not None else after.loc[row, "weight"] + delta
    kw = dict(account_col=account_col, normalise=normalise, clip=clip)
    s0 = score_accounts(scorecard, tab, **kw)["score"]
    s1 = score_accounts(scorecard, after, **kw)["score"]
    t0 = assign_tiers(s0, thresholds=thresholds, quantiles=quantiles, labels=labels)
    t1 = assign_tiers(s1, thresholds=thresholds, quantiles=quantiles, labels=labels)
    moved = (t0.astype(str) != t1.astype(str)).to_numpy()
    res = pd.DataFrame({
        account_col: s0.index.to_numpy()[moved],
        "score_before": s0.to_numpy()[moved],
        "score_after": s1.to_numpy()[moved],
        "tier_before": t0.to_numpy()[moved],
        "tier_after": t1.to_numpy()[moved],
    })
    return res.sort_values("score_after", ascending=False, kind="stable").reset_index(drop=True)
