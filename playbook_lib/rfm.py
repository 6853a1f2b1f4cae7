"""RFM: recency, frequency, monetary (最近一次消费, 消费频率, 消费金额) from transactions.

* :func:`rfm_summary`: the statistical summary used by BG/NBD and Gamma-Gamma models, identical
  to lifetimes' ``summary_data_from_transaction_data`` at daily granularity (and pymc-marketing's
  ``rfm_summary``), but several times faster.
* :func:`rfm_table`: the classic marketing RFM table (days since last purchase, orders, spend).
* :func:`rfm_scores`: 1..k scores per dimension, quantile or fixed cut points, explicit ties.
* :func:`rfm_segments` with the editable :data:`DEFAULT_SEGMENT_RULES` (Champions ... Lost) and
  :func:`segment_sizes` for the widget.

Works the same on B2B accounts: pass ``customer_col="account_id"``.
Definitions and worked examples: docs/definitions/rfm.md.

Examples
--------
>>> import pandas as pd
>>> tx = pd.DataFrame({
...     "customer_id": ["a", "a", "a", "b"],
...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-11", "2024-01-05"]),
...     "amount": [10.0, 20.0, 50.0, 40.0],
... })
>>> rfm_summary(tx)  # doctest: +NORMALIZE_WHITESPACE
             frequency  recency     T  monetary_value
customer_id
a                  1.0     10.0  10.0            50.0
b                  0.0      0.0   6.0             0.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from playbook_lib import validate

__all__ = [
    "DEFAULT_SEGMENT_RULES",
    "rfm_summary",
    "rfm_table",
    "rfm_scores",
    "rfm_segments",
    "segment_sizes",
]


# ------------------------------------------------------------------------------ helpers
def _tx_arrays(transactions: pd.DataFrame, customer_col: str, time_col: str, value_col: str):
    validate.require_frame(transactions, frame="transactions")
    validate.require_columns(
        transactions, {"customer_col": customer_col, "time_col": time_col, "value_col": value_col},
        frame="transactions",
    )
    ids = validate.ids(transactions, customer_col, param="customer_col", frame="transactions")
    t = validate.datetimes(transactions, time_col, param="time_col", frame="transactions")
    amt = validate.numeric(transactions, value_col, param="value_col", frame="transactions").to_numpy()
    day = t.to_numpy().astype("datetime64[D]").view("int64")
    return ids, day, amt


def _day(value: object, param: str) -> int:
    ts = validate.date_value(value, param=param)
    return int(np.datetime64(ts.floor("D"), "D").view("int64"))


def _distinct_days(codes: np.ndarray, day: np.ndarray, n: int):
    """Sorted distinct (customer, day) pairs: per customer the number of days, first and last day."""
    dmin = int(day.min())
    width = int(day.max()) - dmin + 1
    sk = codes * width
    sk += day - dmin
    sk.sort()
    new = np.empty(sk.size, dtype=bool)
    new[0] = True
    np.not_equal(sk[1:], sk[:-1], out=new[1:])
    uk = sk[new]
    del sk, new
    cu = uk // width
    n_days = np.bincount(cu, minlength=n)
    ends = np.cumsum(n_days)
    first = uk[ends - n_days] - cu[ends - n_days] * width + dmin
    last = uk[ends - 1] - cu[ends - 1] * width + dmin
    return n_days, first, last


# ------------------------------------------------------------------------- rfm_summary
def rfm_summary(
    transactions: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    time_col: str = "order_date",
    value_col: str = "amount",
    observation_end: object = None,
) -> pd.DataFrame:
    """Frequency / recency / T / monetary_value per customer, as lifetimes computes them (daily).

    A purchase is a distinct calendar day (several orders on one day are one purchase, their
    amounts summed). For each customer:

    * ``frequency``: number of REPEAT purchase days (distinct days - 1);
    * ``recency``: days between the first and the last purchase day (the customer's age at the
      last purchase; 0 for one-time buyers). Not "days since last purchase": that is
      :func:`rfm_table`'s ``recency_days``;
    * ``T``: days between the first purchase day and ``observation_end`` (the customer's age);
    * ``monetary_value``: mean spend per repeat purchase day (the first day excluded), 0 for
      one-time buyers.

    Identical to ``lifetimes.utils.summary_data_from_transaction_data(..., freq="D")`` and
    pymc-marketing's ``rfm_summary`` with daily frequency; the input of BG/NBD and Gamma-Gamma.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per order.
    customer_col, time_col, value_col : str
        Columns of the customer (or account) id, order time and amount (>= 0).
    observation_end : date-like, optional
        End of the observation period (default: the last date in the data). Rows on later
        days are dropped (compared day by day).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id (index name = ``customer_col``, order of first appearance), float
        columns ``frequency``, ``recency``, ``T``, ``monetary_value``.

    Raises
    ------
    ValueError
        Empty frame, missing column, missing ids, unparsable dates, NaN or negative amounts,
        ``observation_end`` not a date or before every row.

    Examples
    --------
    ``a`` buys twice on Jan 1 (one purchase day) and again on Jan 11 for 50; ``b`` buys once.

    >>> import pandas as pd
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["a", "a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-11", "2024-01-05"]),
    ...     "amount": [10.0, 20.0, 50.0, 40.0],
    ... })
    >>> rfm_summary(tx, observation_end="2024-01-31")  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency     T  monetary_value
    customer_id
    a                  1.0     10.0  30.0            50.0
    b                  0.0      0.0  26.0             0.0
    """
    ids, day, amt = _tx_arrays(transactions, customer_col, time_col, value_col)
    if observation_end is None:
        end = int(day.max())
    else:
        end = _day(observation_end, "observation_end")
        keep = day <= end
        if not keep.any():
            raise ValueError(f"observation_end={observation_end!r} is before every date in '{time_col}' (time_col)")
        if not keep.all():
            day, amt, ids = day[keep], amt[keep], ids[keep]
    codes, uniques = pd.factorize(ids)
    n = len(uniques)
    codes = codes.astype(np.int64, copy=False)
    n_days, first, last = _distinct_days(codes, day, n)
    total = np.bincount(codes, weights=amt, minlength=n)
    is_first = day == first[codes]
    first_amt = np.bincount(codes[is_first], weights=amt[is_first], minlength=n)
    del is_first
    freq = n_days - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mon = np.where(freq > 0, (total - first_amt) / freq, 0.0)
    return pd.DataFrame({
        "frequency": freq.astype(float),
        "recency": (last - first).astype(float),
        "T": (end - first).astype(float),
        "monetary_value": mon,
    }, index=pd.Index(uniques, name=customer_col))


# --------------------------------------------------------------------------- rfm_table
def rfm_table(
    transactions: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    time_col: str = "order_date",
    value_col: str = "amount",
    as_of: object = "next_day",
    frequency: str = "orders",
    monetary: str = "total",
    refund_col: str | None = None,
) -> pd.DataFrame:
    """The classic marketing RFM table: days since last purchase, how often, how much.

    * ``recency_days`` (R, 最近一次消费): days from the last purchase day to ``as_of``. This is
      "how long ago", unlike lifetimes' ``recency`` (age at the last purchase = last - first
      purchase day, see :func:`rfm_summary`): a customer who bought yesterday has small
      ``recency_days`` here but may have a large lifetimes recency.
    * ``frequency`` (F, 消费频率): orders (rows, default) or distinct purchase days.
    * ``monetary`` (M, 消费金额): total spend (default) or mean spend per purchase
      (total / frequency, i.e. average ticket 客单价 with ``frequency="orders"``).

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per order (B2C orders, or B2B invoices with ``customer_col="account_id"``).
    customer_col, time_col, value_col : str
        Column names.
    as_of : {"next_day", "last_day"} or date-like
        Snapshot day. ``"next_day"`` (default): the day after the last date in the data, the
        usual convention in marketing RFM write-ups, so the latest buyers have recency 1.
        ``"last_day"``: the last date itself (latest buyers have 0). A date: rows on later
        days are dropped.
    frequency : {"orders", "days"}
        Count rows, or distinct purchase days (several orders on one day count once).
    monetary : {"total", "mean"}
        Total spend, or total / frequency.
    refund_col : str, optional
        A boolean column; rows where it is True are dropped before anything is computed (so
        customers with only refunded orders are not listed).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id (index name = ``customer_col``, sorted): ``recency_days`` (int),
        ``frequency`` (int), ``monetary`` (float), ``first_purchase``, ``last_purchase``
        (dates).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({
    ...     "customer_id": ["a", "a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-11", "2024-01-05"]),
    ...     "amount": [10.0, 20.0, 50.0, 40.0],
    ... })
    >>> rfm_table(tx)[["recency_days", "frequency", "monetary"]]  # doctest: +NORMALIZE_WHITESPACE
                 recency_days  frequency  monetary
    customer_id
    a                       1          3      80.0
    b                       7          1      40.0
    >>> rfm_table(tx, as_of="2024-01-31", frequency="days", monetary="mean")["monetary"].tolist()
    [40.0, 40.0]
    """
    validate.one_of(frequency, ["orders", "days"], param="frequency")
    validate.one_of(monetary, ["total", "mean"], param="monetary")
    ids, day, amt = _tx_arrays(transactions, customer_col, time_col, value_col)
    keep = np.ones(day.size, dtype=bool)
    if refund_col is not None:
        validate.require_columns(transactions, {"refund_col": refund_col}, frame="transactions")
        r = transactions[refund_col]
        if not pd.api.types.is_bool_dtype(r.dtype) or r.isna().any():
            raise ValueError(
                f"transactions: column '{refund_col}' (refund_col) must be True/False without missing "
                f"values, got dtype {r.dtype}"
            )
        keep &= ~r.to_numpy(dtype=bool)
    if isinstance(as_of, str) and as_of in ("next_day", "last_day"):
        if not keep.any():
            raise ValueError(f"transactions: every row is a refund in '{refund_col}' (refund_col); nothing left")
        end = int(day[keep].max()) + (1 if as_of == "next_day" else 0)
    else:
        end = _day(as_of, "as_of")
        keep &= day <= end
        if not keep.any():
            raise ValueError(f"as_of={as_of!r} is before every (non-refunded) row in '{time_col}' (time_col)")
    if not keep.all():
        ids, day, amt = ids[keep], day[keep], amt[keep]
    codes, uniques = pd.factorize(ids)
    n = len(uniques)
    codes = codes.astype(np.int64, copy=False)
    n_days, first, last = _distinct_days(codes, day, n)
    freq = n_days if frequency == "days" else np.bincount(codes, minlength=n)
    total = np.bincount(codes, weights=amt, minlength=n)
    mon = total if monetary == "total" else total / freq
    out = pd.DataFrame({
        "recency_days": (end - last).astype(np.int64),
        "frequency": freq.astype(np.int64),
        "monetary": mon.astype(float),
        "first_purchase": first.astype("datetime64[D]").astype("datetime64[s]"),
        "last_purchase": last.astype("datetime64[D]").astype("datetime64[s]"),
    }, index=pd.Index(uniques, name=customer_col))
    return out.sort_index()


# -------------------------------------------------------------------------- rfm_scores
_DIMS = (("r_score", "recency_col"), ("f_score", "frequency_col"), ("m_score", "monetary_col"))


def _check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 2 <= k <= 10:
        raise ValueError(f"k must be an integer from 2 to 10, got {k!r}")
    return int(k)


def rfm_scores(
    table: pd.DataFrame,
    *,
    k: int = 5,
    method: str = "quantile",
    bins: Mapping[str, Sequence[float]] | None = None,
    ties: str = "min",
    recency_col: str = "recency_days",
    frequency_col: str = "frequency",
    monetary_col: str = "monetary",
) -> pd.DataFrame:
    """Score each customer 1..k on recency, frequency and monetary (k = 5: quintiles).

    Recency is reversed: the most recent buyers (fewest days since) get k. Higher frequency and
    spend get higher scores.

    ``method="quantile"`` (default): score = ceil(k x pct), pct = the customer's rank / n with
    ``rank(method=ties, pct=True)`` (recency ranked descending). Tie options:

    * ``"min"`` (default): equal values always get equal scores, and a value shared by many
      customers takes the LOWEST score its rank range reaches: with half the customers buying
      once, all one-time buyers get F = 1 and score 2 may stay empty. Honest but uneven bins.
    * ``"average"`` / ``"max"``: equal values get equal scores, placed at the middle / top of
      their rank range.
    * ``"first"``: ties broken by row order, so bins are as even as possible but two customers
      with the same value can get different scores (what ``pd.qcut(x.rank(method="first"), k)``
      does, as in many RFM tutorials). Arbitrary; not recommended.

    ``method="fixed"``: business cut points instead of quantiles. ``bins`` maps ``"recency"``,
    ``"frequency"`` and ``"monetary"`` to k-1 strictly increasing cut points c_1 < ... < c_(k-1);
    a value v <= c_1 is in bin 1, c_1 < v <= c_2 in bin 2, ..., v > c_(k-1) in bin k; frequency
    and monetary score = bin, recency score = k + 1 - bin (e.g. recency cut points
    [30, 60, 90, 180]: bought within 30 days -> 5, over 180 days ago -> 1).

    Parameters
    ----------
    table : pandas.DataFrame
        An RFM table (:func:`rfm_table`), one row per customer.
    k : int
        Number of scores per dimension, 2..10.
    method : {"quantile", "fixed"}
        See above.
    bins : mapping, optional
        Cut points for ``method="fixed"`` (required then, ignored otherwise).
    ties : {"min", "average", "max", "first"}
        Tie handling for ``method="quantile"``.
    recency_col, frequency_col, monetary_col : str
        Columns of ``table``.

    Returns
    -------
    pandas.DataFrame
        Same index: ``r_score``, ``f_score``, ``m_score`` (int, 1..k) and ``rfm_code``
        (e.g. ``"545"``).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"recency_days": [5, 40, 200, 40],
    ...                   "frequency": [6, 1, 1, 2],
    ...                   "monetary": [600.0, 50.0, 20.0, 90.0]}, index=["a", "b", "c", "d"])
    >>> rfm_scores(t, k=4)
       r_score  f_score  m_score rfm_code
    a        4        4        4      444
    b        2        1        2      212
    c        1        1        1      111
    d        2        3        3      233
    >>> cuts = {"recency": [30, 90, 180], "frequency": [1, 2, 5], "monetary": [50, 100, 500]}
    >>> rfm_scores(t, k=4, method="fixed", bins=cuts)["rfm_code"].tolist()
    ['444', '311', '111', '322']
    """
    k = _check_k(k)
    validate.one_of(method, ["quantile", "fixed"], param="method")
    validate.one_of(ties, ["min", "average", "max", "first"], param="ties")
    validate.require_frame(table, frame="table")
    cols = {"recency_col": recency_col, "frequency_col": frequency_col, "monetary_col": monetary_col}
    validate.require_columns(table, cols, frame="table")
    if table.index.has_duplicates:
        dup = table.index[table.index.duplicated()][0]
        raise ValueError(f"table: duplicate customer {dup!r} in the index; use one row per customer")
    vals = {p: validate.numeric(table, c, param=p, frame="table") for p, c in cols.items()}
    out = {}
    if method == "quantile":
        for score, p in _DIMS:
            rank = vals[p].rank(method=ties, ascending=(p != "recency_col")).to_numpy()
            r2 = np.round(rank * 2).astype(np.int64)  # exact: ranks are whole or half numbers
            n = len(rank)
            out[score] = np.clip(-((-r2 * k) // (2 * n)), 1, k)  # ceil(k * rank / n) in integers
    else:
        if not isinstance(bins, Mapping):
            raise ValueError("bins must be a mapping {'recency': [...], 'frequency': [...], 'monetary': [...]} "
                             f"of {k - 1} cut points each when method='fixed', got {bins!r}")
        for score, p in _DIMS:
            dim = p.replace("_col", "")
            if dim not in bins:
                raise ValueError(f"bins['{dim}'] is missing: method='fixed' needs k-1={k - 1} cut points per dimension")
            cuts = validate.increasing(bins[dim], param=f"bins['{dim}']")
            if len(cuts) != k - 1:
                raise ValueError(f"bins['{dim}'] must have k-1={k - 1} cut points, got {len(cuts)}")
            b = np.searchsorted(np.asarray(cuts), vals[p].to_numpy(), side="left") + 1  # 1..k
            out[score] = (k + 1 - b if p == "recency_col" else b).astype(np.int64)
    res = pd.DataFrame(out, index=table.index)
    res["rfm_code"] = (res["r_score"].astype(str) + res["f_score"].astype(str) + res["m_score"].astype(str))
    return res


# ---------------------------------------------------------------------------- segments
def _rule(segment, zh, r, f, description, action):
    return {"segment": segment, "segment_zh": zh, "r_min": r[0], "r_max": r[1], "f_min": f[0], "f_max": f[1],
            "m_min": 1, "m_max": 5, "description": description, "action": action}


#: Named RFM segments for k = 5 scores (the well-known R x F segment grid plus "Lost"). First
#: matching rule wins; together the rules cover all 5 x 5 x 5 score combinations. Edit a copy
#: (``rules = DEFAULT_SEGMENT_RULES.copy()``) to change the grid; m_min/m_max let a rule use M too.
DEFAULT_SEGMENT_RULES: pd.DataFrame = pd.DataFrame([
    _rule("Champions", "核心价值客户", (5, 5), (4, 5),
          "Bought very recently and buy often.",
          "Reward them: early access, VIP perks (会员权益); ask for reviews and referrals (裂变)."),
    _rule("Loyal", "忠诚客户", (3, 4), (4, 5),
          "Buy often; last purchase fairly recent.",
          "Upsell higher-value products; loyalty programme points; invite them to the community."),
    _rule("Potential loyalists", "潜力客户", (4, 5), (2, 3),
          "Recent buyers with a few purchases.",
          "Membership or subscription offer; recommend related products (交叉销售 cross-sell)."),
    _rule("New", "新客户", (5, 5), (1, 1),
          "First purchase very recently.",
          "Onboarding (新手引导): welcome series, how-to content, a reason for the second order."),
    _rule("Promising", "有望客户", (4, 4), (1, 1),
          "One recent purchase.",
          "Build the habit: a time-limited second-order coupon, brand story."),
    _rule("Need attention", "需关注客户", (3, 3), (3, 3),
          "Average recency and frequency; could go either way.",
          "Personalised recommendations and limited-time offers based on past purchases."),
    _rule("About to sleep", "即将沉睡客户", (3, 3), (1, 2),
          "Few purchases and cooling off.",
          "Reactivate (促活): popular products, small discount, reminder push before they go quiet."),
    _rule("Can't lose them", "重要挽留客户", (1, 2), (5, 5),
          "Used to buy most often, but not for a long time.",
          "Win them back (召回) personally: call or 1-to-1 message, best offer, ask what went wrong."),
    _rule("At risk", "流失风险客户", (1, 2), (3, 4),
          "Bought often before, long ago.",
          "Recall campaign (召回): personalised email/SMS, renewal offer, new arrivals they care about."),
    _rule("Lost", "流失客户", (1, 1), (1, 1),
          "One purchase, longest ago.",
          "Low-cost recall only (one campaign); otherwise stop spending on them."),
    _rule("Hibernating", "沉睡客户", (1, 2), (1, 2),
          "Few purchases, long ago.",
          "Occasional low-cost reminders with strong offers; do not over-message."),
])

_RULE_COLS = ["segment", "r_min", "r_max", "f_min", "f_max"]


def _check_rules(rules: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    if not isinstance(rules, pd.DataFrame) or rules.empty:
        raise ValueError("rules must be a non-empty DataFrame like DEFAULT_SEGMENT_RULES")
    for c in _RULE_COLS:
        if c not in rules.columns:
            raise ValueError(f"rules: column '{c}' is missing; rules need columns {_RULE_COLS} (m_min/m_max optional)")
    use_m = "m_min" in rules.columns or "m_max" in rules.columns
    cols = ["r", "f"] + (["m"] if use_m else [])
    for d in cols:
        for side in ("min", "max"):
            c = f"{d}_{side}"
            if c not in rules.columns:
                raise ValueError(f"rules: column '{c}' is missing (m_min and m_max go together)")
            if d != "m" and rules[c].isna().any():
                raise ValueError(f"rules: column '{c}' has missing values")
            if not (pd.api.types.is_numeric_dtype(rules[c].dtype) or rules[c].isna().all()):
                raise ValueError(f"rules: column '{c}' must hold numbers, got dtype {rules[c].dtype}")
        lo, hi = rules[f"{d}_min"], rules[f"{d}_max"]
        bad = lo.notna() & hi.notna() & (lo > hi)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise ValueError(f"rules: {d}_min > {d}_max in rule {rules['segment'].iloc[i]!r} (row {i})")
    return rules, use_m


def rfm_segments(
    scores: pd.DataFrame,
    rules: pd.DataFrame = DEFAULT_SEGMENT_RULES,
    *,
    r_col: str = "r_score",
    f_col: str = "f_score",
    m_col: str = "m_score",
) -> pd.Series:
    """Name each customer's segment from their scores with an editable rule table.

    Rules are checked top to bottom; the FIRST rule whose ranges contain the customer's scores
    wins (ranges inclusive; a missing m_min/m_max means "any M"). The default rules are the
    well-known R x F segment grid for k = 5 (Champions, Loyal, Potential loyalists, New,
    Promising, Need attention, About to sleep, Can't lose them, At risk, Hibernating) with
    "Lost" split out of Hibernating (R = 1, F = 1); each has a description and an ``action``.

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`rfm_scores`.
    rules : pandas.DataFrame
        Columns ``segment``, ``r_min``, ``r_max``, ``f_min``, ``f_max``, optionally ``m_min``,
        ``m_max`` (inclusive bounds); other columns are ignored.
    r_col, f_col, m_col : str
        Score columns.

    Returns
    -------
    pandas.Series
        Categorical segment names (categories in rule order), same index, name ``segment``.

    Raises
    ------
    ValueError
        A missing rules column, min > max, or customers that match no rule (how many, and an
        example score).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"r_score": [5, 1, 1, 3], "f_score": [5, 1, 5, 3], "m_score": [5, 1, 4, 3]},
    ...                  index=["a", "b", "c", "d"])
    >>> rfm_segments(s).tolist()
    ['Champions', 'Lost', "Can't lose them", 'Need attention']
    >>> DEFAULT_SEGMENT_RULES.set_index("segment").loc["At risk", "segment_zh"]
    '流失风险客户'
    """
    rules, use_m = _check_rules(rules)
    validate.require_frame(scores, frame="scores")
    need = {"r_col": r_col, "f_col": f_col} | ({"m_col": m_col} if use_m else {})
    validate.require_columns(scores, need, frame="scores")
    v = {d: validate.numeric(scores, c, param=f"{d}_col", frame="scores").to_numpy()
         for d, c in (("r", r_col), ("f", f_col)) + ((("m", m_col),) if use_m else ())}
    seg = np.full(len(scores), -1, dtype=np.int64)
    names = list(dict.fromkeys(rules["segment"].tolist()))
    code = {s: i for i, s in enumerate(names)}
    for row in rules.itertuples(index=False):  # a dozen rules
        free = seg < 0
        ok = free & (v["r"] >= row.r_min) & (v["r"] <= row.r_max) & (v["f"] >= row.f_min) & (v["f"] <= row.f_max)
        if use_m:
            if not pd.isna(row.m_min):
                ok &= v["m"] >= row.m_min
            if not pd.isna(row.m_max):
                ok &= v["m"] <= row.m_max
        seg[ok] = code[row.segment]
    miss = seg < 0
    if miss.any():
        i = int(np.flatnonzero(miss)[0])
        ex = f"r={v['r'][i]:g}, f={v['f'][i]:g}" + (f", m={v['m'][i]:g}" if use_m else "")
        raise ValueError(f"rules: {int(miss.sum())} customer(s) match no rule, e.g. {scores.index[i]!r} with "
                         f"{ex}; add a rule (or a catch-all last rule) covering them")
    return pd.Series(pd.Categorical.from_codes(seg, categories=names), index=scores.index, name="segment")


def segment_sizes(
    data: pd.DataFrame,
    rules: pd.DataFrame | None = None,
    *,
    k: int = 5,
    method: str = "quantile",
    bins: Mapping[str, Sequence[float]] | None = None,
    ties: str = "min",
    monetary_col: str = "monetary",
) -> pd.DataFrame:
    """Customers and value per segment, from an RFM table (scored here) or ready scores.

    A pure function for the segment widget: change ``k``, the bins or the rules, get the sizes.
    If ``data`` already has ``r_score``/``f_score``/``m_score`` they are used as they are;
    otherwise :func:`rfm_scores` scores it with ``k``, ``method``, ``bins`` and ``ties``.

    Parameters
    ----------
    data : pandas.DataFrame
        An RFM table (:func:`rfm_table`) or scores (:func:`rfm_scores`).
    rules : pandas.DataFrame, optional
        Segment rules; default :data:`DEFAULT_SEGMENT_RULES`, which is written for k = 5 (for
        another k pass your own rules).
    k, method, bins, ties :
        Passed to :func:`rfm_scores` when ``data`` is not scored yet.
    monetary_col : str
        Spend column; when present, ``monetary`` and ``monetary_share`` are added.

    Returns
    -------
    pandas.DataFrame
        Indexed by segment (rule order, empty segments included): ``customers``, ``share`` and,
        with spend, ``monetary`` and ``monetary_share``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"r_score": [5, 5, 1], "f_score": [5, 4, 1], "m_score": [5, 5, 1]})
    >>> segment_sizes(s).loc[["Champions", "Lost"], ["customers", "share"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
               customers  share
    segment
    Champions          2  0.667
    Lost               1  0.333
    """
    validate.require_frame(data, frame="data")
    if rules is None:
        if _check_k(k) != 5 and not {"r_score", "f_score"}.issubset(data.columns):
            raise ValueError(f"DEFAULT_SEGMENT_RULES is written for k=5 scores; pass rules= for k={k}")
        rules = DEFAULT_SEGMENT_RULES
    scored = {"r_score", "f_score", "m_score"}.issubset(data.columns)
    scores = data if scored else rfm_scores(data, k=k, method=method, bins=bins, ties=ties, monetary_col=monetary_col)
    seg = rfm_segments(scores, rules)
    out = pd.DataFrame({"customers": seg.value_counts(sort=False)})
    out.index.name = "segment"
    out["share"] = out["customers"] / len(seg)
    if monetary_col in data.columns:
        m = validate.numeric(data, monetary_col, param="monetary_col", frame="data")
        out["monetary"] = m.groupby(seg, observed=False).sum()
        total = out["monetary"].sum()
        out["monetary_share"] = out["monetary"] / total if total > 0 else np.nan
    return out
