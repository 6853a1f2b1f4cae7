"""MRR (月经常性收入 monthly recurring revenue), its movements, ARR, churn, GRR/NRR and B2C GMV.

The B2B side of the course is a subscription business: what it watches is MRR and how MRR moves
from one month to the next, not GMV. This module turns subscription rows into an account x month
MRR table (:func:`mrr_from_subscriptions`), splits each month's change into new, expansion,
contraction, churn and reactivation (:func:`mrr_movements`), summarises churn, retention and the
quick ratio per month (:func:`mrr_summary`, :func:`revenue_retention`) and, for the B2C side,
computes GMV next to net revenue (:func:`gmv_by_month`).

Conventions (see ``docs/definitions/mrr.md``):

* Months are monthly :class:`pandas.Period` values in every output. Inputs may hold Periods,
  Timestamps (any day of the month is taken as that month) or ``'YYYY-MM'`` strings.
* MRR movements follow the ChartMogul / dbt mrr-playbook classification: a month compares each
  account's MRR with its MRR the month before; a missing row means 0.

Examples
--------
>>> import pandas as pd
>>> mrr = pd.DataFrame({"account_id": ["a", "a", "b"],
...                     "month": ["2024-01", "2024-02", "2024-02"],
...                     "mrr": [100.0, 150.0, 80.0]})
>>> mrr_movements(mrr).reset_index()
     month   new  expansion  contraction  churn  reactivation    net
0  2024-02  80.0       50.0          0.0    0.0           0.0  130.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from playbook_lib import validate

__all__ = [
    "MOVEMENTS",
    "mrr_from_subscriptions",
    "mrr_movements",
    "mrr_summary",
    "revenue_retention",
    "gmv_by_month",
]

MOVEMENTS: tuple[str, ...] = ("new", "expansion", "contraction", "churn", "reactivation")

_SNAPSHOTS = ("month_end", "month_start", "prorated")


# ------------------------------------------------------------------------------ month helpers
def _month_ordinals(df: pd.DataFrame, col: str, *, param: str, frame: str) -> np.ndarray:
    """Months since 1970-01 (int64, the monthly Period ordinal) of a Period/Timestamp/string column."""
    s = df[col]
    if isinstance(s.dtype, pd.PeriodDtype):
        if s.isna().any():
            raise ValueError(f"{frame}: column '{col}' ({param}) has {int(s.isna().sum())} missing month(s)")
        if s.dtype == pd.PeriodDtype("M"):
            return np.asarray(s.array.asi8, dtype=np.int64)
        return s.dt.to_timestamp().to_numpy().astype("datetime64[M]").view(np.int64)
    if pd.api.types.is_datetime64_dtype(s.dtype) and not isinstance(s.dtype, pd.DatetimeTZDtype):
        arr = s.to_numpy()
        if np.isnat(arr).any():
            raise ValueError(f"{frame}: column '{col}' ({param}) has {int(np.isnat(arr).sum())} missing month(s)")
        return arr.astype("datetime64[M]").view(np.int64)
    if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        raise ValueError(f"{frame}: column '{col}' ({param}) has dtype {s.dtype}, expected months "
                         "(Period, Timestamp or 'YYYY-MM' strings)")
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        parsed = validate.datetimes(df, col, param=param, frame=frame)
        return parsed.to_numpy().astype("datetime64[M]").view(np.int64)
    # strings / objects: parse each distinct value once
    codes, uniq = pd.factorize(s)
    if (codes < 0).any():
        raise ValueError(f"{frame}: column '{col}' ({param}) has {int((codes < 0).sum())} missing month(s)")
    labels = pd.Series(uniq)
    if all(isinstance(x, pd.Period) for x in labels):
        ords = np.array([x.asfreq("M").ordinal for x in labels], dtype=np.int64)
    else:
        parsed = validate.datetimes(pd.DataFrame({col: labels.astype(str)}), col, param=param, frame=frame)
        ords = parsed.to_numpy().astype("datetime64[M]").view(np.int64)
    return ords[codes]


def _months_index(ordinals: np.ndarray, name: str | None) -> pd.PeriodIndex:
    return pd.PeriodIndex.from_ordinals(np.asarray(ordinals, dtype=np.int64), freq="M").rename(name)


def _matrix(
    mrr: pd.DataFrame, *, account_col: str, month_col: str, mrr_col: str, frame: str = "mrr"
) -> tuple[np.ndarray, np.ndarray, int]:
    """(accounts x months MRR matrix, account labels, first month ordinal); months are contiguous."""
    validate.require_frame(mrr, frame=frame)
    validate.require_columns(mrr, {"account_col": account_col, "month_col": month_col, "mrr_col": mrr_col},
                             frame=frame)
    validate.ids(mrr, account_col, param="account_col", frame=frame)
    values = validate.numeric(mrr, mrr_col, param="mrr_col", frame=frame).to_numpy()
    m = _month_ordinals(mrr, month_col, param="month_col", frame=frame)
    m0 = int(m.min())
    n_m = int(m.max()) - m0 + 1
    a_codes, a_uniq = pd.factorize(mrr[account_col])
    n_a = len(a_uniq)
    key = a_codes.astype(np.int64) * n_m + (m - m0)
    seen = np.bincount(key, minlength=n_a * n_m)
    if seen.max() > 1:
        dup = np.flatnonzero(seen > 1)[0]
        raise ValueError(
            f"{frame}: duplicate (account, month) rows in columns ['{account_col}', '{month_col}'] "
            f"({int((seen > 1).sum())} repeated key(s), e.g. ({a_uniq[dup // n_m]!r}, "
            f"{_months_index([m0 + dup % n_m], None)[0]})); sum them per account and month first"
        )
    w = np.zeros(n_a * n_m)
    w[key] = values
    return w.reshape(n_a, n_m), np.asarray(a_uniq), m0


def _movement_sums(w: np.ndarray) -> dict[str, np.ndarray]:
    """Per-month totals of the five movements of an accounts x months matrix (months >= 2nd)."""
    prev, cur = w[:, :-1], w[:, 1:]
    was = prev > 0
    now = cur > 0
    paid_before = np.logical_or.accumulate(w[:, :-1] > 0, axis=1)
    diff = cur - prev
    start = now & ~was
    return {
        "new": np.where(start & ~paid_before, cur, 0.0).sum(axis=0),
        "expansion": np.where(was & (diff > 0), diff, 0.0).sum(axis=0),
        "contraction": np.where(was & now & (diff < 0), diff, 0.0).sum(axis=0),
        "churn": np.where(was & ~now, -prev, 0.0).sum(axis=0),
        "reactivation": np.where(start & paid_before, cur, 0.0).sum(axis=0),
    }


# ------------------------------------------------------------------------------ MRR table
def mrr_from_subscriptions(
    subs: pd.DataFrame,
    *,
    account_col: str = "account_id",
    start_col: str = "start_date",
    end_col: str = "end_date",
    amount_col: str = "invoice_amount",
    billing_col: str = "billing",
    trial_col: str | None = "is_trial",
    discount_col: str = "discount_pct",
    amount_is_list_price: bool = False,
    start: object = None,
    end: object = None,
    snapshot: str = "month_end",
    dense: bool = False,
) -> pd.DataFrame:
    """MRR per account and month from subscription rows.

    Each subscription contributes its monthly amount to every month in which it counts:
    ``billing == "monthly"`` -> ``invoice_amount``; ``billing == "annual"`` -> ``invoice_amount / 12``
    in each month it is active (the annual invoice is spread evenly, never booked in one month).
    Trial rows (``trial_col`` true) are excluded. Several subscriptions of one account in one
    month are summed.

    Parameters
    ----------
    subs : pandas.DataFrame
        One row per subscription (period): account, start date, end date (NaT = still active),
        invoice amount per billing period, billing ``"monthly"`` / ``"annual"``.
    account_col, start_col, end_col, amount_col, billing_col : str
        Column names.
    trial_col : str or None
        Boolean column marking trials (excluded); ``None`` if there is none.
    discount_col : str
        Discount in percent (0-100), used only when ``amount_is_list_price`` is true.
    amount_is_list_price : bool
        Default ``False``: the amount is what the customer is invoiced, already net of the
        discount (true of the course data). ``True`` applies ``amount * (1 - discount/100)``.
    start, end : month-like, optional
        First and last month of the output. Default: the month of the earliest start date and
        the month of the latest start or end date in the data (still-active subscriptions run
        to ``end``).
    snapshot : {"month_end", "month_start", "prorated"}
        When a subscription counts in a month. ``"month_end"`` (default): active on the last
        day of the month (start <= last day <= end), the end-of-month snapshot of ChartMogul and
        of the dbt mrr-playbook's month-end date spine. ``"month_start"``: active on the first
        day of the month. ``"prorated"``: every month it overlaps, weighted by the share of the
        month's days it was active (Stripe-like daily proration).
    dense : bool
        ``False`` (default): one row per account and month with ``mrr > 0``. ``True``: every
        account x every month of the range, 0 where not paying.

    Returns
    -------
    pandas.DataFrame
        Columns ``account_col``, ``month`` (monthly Period) and ``mrr``, sorted by account then
        month.

    Raises
    ------
    ValueError
        Missing columns, empty frame, unparsable dates, end before start, negative or NaN
        amounts, unknown billing values, unknown ``snapshot``, ``end`` before ``start``.

    Examples
    --------
    >>> subs = pd.DataFrame({"account_id": ["a", "b"], "start_date": ["2024-01-10", "2024-02-01"],
    ...                      "end_date": [None, "2024-03-15"], "invoice_amount": [100.0, 1200.0],
    ...                      "billing": ["monthly", "annual"], "is_trial": [False, False]})
    >>> mrr_from_subscriptions(subs, end="2024-03")
      account_id    month    mrr
    0          a  2024-01  100.0
    1          a  2024-02  100.0
    2          a  2024-03  100.0
    3          b  2024-02  100.0
    """
    frame = "subs"
    validate.require_frame(subs, frame=frame)
    validate.one_of(snapshot, _SNAPSHOTS, param="snapshot")
    cols = {"account_col": account_col, "start_col": start_col, "end_col": end_col,
            "amount_col": amount_col, "billing_col": billing_col}
    if trial_col is not None:
        cols["trial_col"] = trial_col
    if amount_is_list_price:
        cols["discount_col"] = discount_col
    validate.require_columns(subs, cols, frame=frame)
    validate.ids(subs, account_col, param="account_col", frame=frame)
    amount = validate.numeric(subs, amount_col, param="amount_col", frame=frame).to_numpy()
    billing = subs[billing_col]
    bad = ~billing.isin(["monthly", "annual"])
    if bad.any():
        raise ValueError(f"{frame}: column '{billing_col}' (billing_col) has unknown value(s) "
                         f"{sorted(map(str, billing[bad].unique()))[:5]}; expected 'monthly' or 'annual'")
    monthly = np.where(billing.to_numpy() == "annual", amount / 12.0, amount)
    if amount_is_list_price:
        disc = validate.numeric(subs, discount_col, param="discount_col", frame=frame).to_numpy()
        if (disc > 100).any():
            raise ValueError(f"{frame}: column '{discount_col}' (discount_col) must be a percentage in [0, 100]")
        monthly = monthly * (1 - disc / 100.0)
    s_day = validate.datetimes(subs, start_col, param="start_col", frame=frame).to_numpy().astype("datetime64[D]")
    e_raw = subs[end_col]
    e_ok = e_raw.notna().to_numpy()
    e_day = np.full(len(subs), np.datetime64("NaT"), dtype="datetime64[D]")
    if e_ok.any():
        e_day[e_ok] = validate.datetimes(subs.loc[e_ok, [end_col]], end_col, param="end_col",
                                         frame=frame).to_numpy().astype("datetime64[D]")
    if (e_day[e_ok] < s_day[e_ok]).any():
        raise ValueError(f"{frame}: column '{end_col}' (end_col) is before '{start_col}' in "
                         f"{int((e_day[e_ok] < s_day[e_ok]).sum())} row(s)")
    keep = np.ones(len(subs), dtype=bool)
    if trial_col is not None:
        t = subs[trial_col]
        if not pd.api.types.is_bool_dtype(t.dtype):
            raise ValueError(f"{frame}: column '{trial_col}' (trial_col) has dtype {t.dtype}, expected bool")
        keep &= ~t.to_numpy(dtype=bool)

    def month_of(value: object, param: str) -> int:
        try:
            return int(pd.Period(value, freq="M").ordinal)
        except (ValueError, TypeError):
            raise ValueError(f"{param} must be a month (e.g. '2024-01'), got {value!r}") from None

    s_m = s_day.astype("datetime64[M]").view(np.int64)
    e_m = np.where(e_ok, e_day.astype("datetime64[M]").view(np.int64), np.iinfo(np.int64).max)
    first = month_of(start, "start") if start is not None else int(s_m.min())
    last = month_of(end, "end") if end is not None else int(max(s_m.max(), e_m[e_ok].max() if e_ok.any() else s_m.max()))
    if last < first:
        raise ValueError(f"end ({_months_index([last], None)[0]}) is before start ({_months_index([first], None)[0]})")

    # first and last counted month of each subscription under the snapshot rule
    month_first_day = s_day.astype("datetime64[M]").astype("datetime64[D]")
    if snapshot == "month_end":
        lo = s_m
        e_month_last_day = (e_day.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
        hi = np.where(e_ok, np.where(e_day == e_month_last_day, e_m, e_m - 1), np.iinfo(np.int64).max)
    elif snapshot == "month_start":
        lo = np.where(s_day == month_first_day, s_m, s_m + 1)
        hi = e_m
    else:
        lo, hi = s_m, e_m
    lo = np.maximum(lo, first)
    hi = np.minimum(hi, last)
    keep &= hi >= lo
    idx = np.flatnonzero(keep)
    k = (hi - lo + 1)[idx]
    row = np.repeat(idx, k)
    month = lo[row] + (np.arange(row.size) - np.repeat(np.cumsum(k) - k, k))
    value = monthly[row]
    if snapshot == "prorated" and row.size:
        m_start = month.astype("datetime64[M]").astype("datetime64[D]")
        m_end = (month + 1).astype("datetime64[M]").astype("datetime64[D]") - 1
        a = np.maximum(s_day[row], m_start)
        b = np.where(e_ok[row], np.minimum(e_day[row], m_end), m_end)
        days = (b - a).astype(np.int64) + 1
        value = value * days / ((m_end - m_start).astype(np.int64) + 1)
    a_codes, a_uniq = pd.factorize(subs[account_col].to_numpy()[row], sort=True)
    n_m = last - first + 1
    if dense:
        all_codes, all_uniq = pd.factorize(subs[account_col], sort=True)
        a_codes = np.searchsorted(np.asarray(all_uniq), np.asarray(a_uniq))[a_codes] if row.size else a_codes
        a_uniq = all_uniq
    n_a = len(a_uniq)
    total = np.bincount(a_codes.astype(np.int64) * n_m + (month - first), weights=value,
                        minlength=n_a * n_m).astype(np.float64, copy=False)
    if dense:
        cells = np.arange(n_a * n_m)
    else:
        cells = np.flatnonzero(total > 0)
    return pd.DataFrame({
        account_col: np.asarray(a_uniq)[cells // n_m],
        "month": _months_index(first + cells % n_m, None),
        "mrr": total[cells],
    })


# ------------------------------------------------------------------------------ movements
def mrr_movements(
    mrr: pd.DataFrame,
    *,
    account_col: str = "account_id",
    month_col: str = "month",
    mrr_col: str = "mrr",
) -> pd.DataFrame:
    """Split each month's change in total MRR into new, expansion, contraction, churn, reactivation.

    For month m, prev = the account's MRR in m-1 and cur = its MRR in m (0 where there is no
    row, so a dense panel and its sparse copy give identical results):

    * new (新增): prev = 0 < cur and the account never paid before;
    * reactivation (召回/挽回): prev = 0 < cur and the account paid in some earlier month;
    * expansion (扩容/增购): 0 < prev < cur, amount cur - prev;
    * contraction (降级): 0 < cur < prev, amount cur - prev (negative);
    * churn (流失): prev > 0 = cur, amount -prev (negative).

    ``net`` is their sum and equals total MRR(m) - total MRR(m-1). This is the classification of
    ChartMogul and the dbt mrr-playbook (which calls reactivation "reactivation" too). Months are
    calendar months: a month with no rows at all inside the range counts as zero MRR for everyone.

    Parameters
    ----------
    mrr : pandas.DataFrame
        One row per account and month (duplicates are refused), e.g. the output of
        :func:`mrr_from_subscriptions`.
    account_col, month_col, mrr_col : str
        Column names. Months may be monthly Periods, Timestamps or ``'YYYY-MM'`` strings.

    Returns
    -------
    pandas.DataFrame
        Indexed by month (monthly PeriodIndex named ``month_col``) from the second month of the
        data on; columns ``new``, ``expansion``, ``contraction``, ``churn``, ``reactivation``,
        ``net`` (floats).

    Raises
    ------
    ValueError
        Empty frame, missing column, NaN account ids, unparsable months, negative or NaN MRR,
        duplicate (account, month) rows.

    Examples
    --------
    Account a: 100 -> 0 -> 60 (churn, then reactivation); b: 50 -> 30 (contraction).

    >>> df = pd.DataFrame({"account_id": ["a", "b", "b", "a"],
    ...                    "month": pd.PeriodIndex(["2024-01", "2024-01", "2024-02", "2024-03"], freq="M"),
    ...                    "mrr": [100.0, 50.0, 30.0, 60.0]})
    >>> mrr_movements(df).reset_index()
         month  new  expansion  contraction  churn  reactivation    net
    0  2024-02  0.0        0.0        -20.0 -100.0           0.0 -120.0
    1  2024-03  0.0        0.0          0.0  -30.0          60.0   30.0
    """
    w, _, m0 = _matrix(mrr, account_col=account_col, month_col=month_col, mrr_col=mrr_col)
    n_m = w.shape[1]
    sums = _movement_sums(w)
    out = np.empty((n_m - 1, 6))
    for j, name in enumerate(MOVEMENTS):
        out[:, j] = sums[name]
    out[:, 5] = out[:, :5].sum(axis=1)
    return pd.DataFrame(out, columns=[*MOVEMENTS, "net"],
                        index=_months_index(np.arange(m0 + 1, m0 + n_m), month_col))


# ------------------------------------------------------------------------------ summary
def mrr_summary(
    mrr: pd.DataFrame,
    *,
    account_col: str = "account_id",
    month_col: str = "month",
    mrr_col: str = "mrr",
) -> pd.DataFrame:
    """Per-month MRR, ARR, movements, churn rates, GRR/NRR and quick ratio.

    Columns (rates are fractions, computed against the previous month):

    * ``mrr``, ``arr`` (= 12 x MRR, 年经常性收入), ``accounts`` (paying logos), movements, ``net``;
    * ``logo_churn_rate`` (客户流失率) = accounts churned in m / accounts paying in m-1;
    * ``gross_mrr_churn_rate`` (收入流失率) = -(churn + contraction) / MRR(m-1);
    * ``net_mrr_churn_rate`` = -(churn + contraction + expansion + reactivation) / MRR(m-1),
      ChartMogul's definition (negative means net expansion). New business is excluded;
    * ``grr`` = 1 - gross_mrr_churn_rate, ``nrr`` = (MRR(m-1) + expansion + contraction + churn)
      / MRR(m-1): the one-month gross and net revenue retention of the accounts paying in m-1
      (see :func:`revenue_retention` for the 12-month version);
    * ``quick_ratio`` = (new + expansion + reactivation) / |contraction + churn| (the SaaS quick
      ratio of Mamoon Hamid); ``inf`` when nothing was lost but something was gained, NaN when
      neither.

    The first month of the data has MRR, ARR and accounts but NaN movements and rates.

    Examples
    --------
    >>> df = pd.DataFrame({"account_id": ["a", "b", "a", "c"],
    ...                    "month": ["2024-01", "2024-01", "2024-02", "2024-02"],
    ...                    "mrr": [100.0, 100.0, 120.0, 40.0]})
    >>> s = mrr_summary(df)
    >>> s.loc["2024-02", ["mrr", "arr", "logo_churn_rate", "gross_mrr_churn_rate", "nrr", "quick_ratio"]].tolist()
    [160.0, 1920.0, 0.5, 0.5, 0.6, 0.6]
    """
    w, _, m0 = _matrix(mrr, account_col=account_col, month_col=month_col, mrr_col=mrr_col)
    n_m = w.shape[1]
    total = w.sum(axis=0)
    paying = (w > 0).sum(axis=0)
    idx = _months_index(np.arange(m0, m0 + n_m), month_col)
    out = pd.DataFrame({"mrr": total, "arr": 12.0 * total, "accounts": paying}, index=idx)
    sums = _movement_sums(w)
    pad = np.full(1, np.nan)
    for name in MOVEMENTS:
        out[name] = np.concatenate([pad, sums[name]])
    out["net"] = out[list(MOVEMENTS)].sum(axis=1, min_count=1)
    prev_total = np.concatenate([pad, total[:-1]])
    prev_n = np.concatenate([pad, paying[:-1].astype(float)])
    churned = np.concatenate([pad, ((w[:, :-1] > 0) & (w[:, 1:] == 0)).sum(axis=0).astype(float)])
    with np.errstate(invalid="ignore", divide="ignore"):
        out["churned_accounts"] = churned
        out["logo_churn_rate"] = churned / prev_n
        lost = 0.0 - (out["churn"] + out["contraction"])
        out["gross_mrr_churn_rate"] = lost / prev_total
        out["net_mrr_churn_rate"] = (lost - out["expansion"] - out["reactivation"]) / prev_total
        out["grr"] = 1.0 - out["gross_mrr_churn_rate"]
        out["nrr"] = (prev_total + out["expansion"] + out["contraction"] + out["churn"]) / prev_total
        gained = out["new"] + out["expansion"] + out["reactivation"]
        qr = gained / lost
        qr[(lost == 0) & (gained > 0)] = np.inf
        qr[(lost == 0) & (gained == 0)] = np.nan
        out["quick_ratio"] = qr
    return out


def revenue_retention(
    mrr: pd.DataFrame,
    *,
    months: int = 12,
    account_col: str = "account_id",
    month_col: str = "month",
    mrr_col: str = "mrr",
) -> pd.DataFrame:
    """Gross and net revenue retention (GRR/NRR, 收入留存) of a starting cohort over ``months``.

    For each start month s, the cohort is the accounts paying in s. With MRR_s and MRR_{s+k}
    per account (0 when absent):

    * ``nrr`` = sum MRR_{s+k} / sum MRR_s (expansion counts, churn and contraction subtract);
    * ``grr`` = sum min(MRR_{s+k}, MRR_s) / sum MRR_s (each account capped at its starting MRR,
      so expansion cannot hide churn; never above 1);
    * ``logo_retention`` = share of the cohort's accounts still paying in s+k.

    This is the point-to-point definition used in most SaaS benchmarks (e.g. KeyBanc's survey,
    ChartMogul's "net MRR retention" over 12 months). New accounts acquired after s are ignored.
    Rows exist for start months s whose s+k is inside the data.

    Parameters
    ----------
    months : int
        The horizon k (>= 1); 12 gives annual GRR/NRR, 1 the month-over-month figure.

    Examples
    --------
    a: 100 -> 150, b: 100 -> 0 one month later: NRR = 150/200, GRR = 100/200.

    >>> df = pd.DataFrame({"account_id": ["a", "b", "a"], "month": ["2024-01", "2024-01", "2024-02"],
    ...                    "mrr": [100.0, 100.0, 150.0]})
    >>> revenue_retention(df, months=1).reset_index()
         month  start_accounts  start_mrr  end_mrr  grr   nrr  logo_retention
    0  2024-01               2      200.0    150.0  0.5  0.75             0.5
    """
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise ValueError(f"months must be a whole number >= 1, got {months!r}")
    w, _, m0 = _matrix(mrr, account_col=account_col, month_col=month_col, mrr_col=mrr_col)
    n_m = w.shape[1]
    n_rows = n_m - months
    if n_rows <= 0:
        return pd.DataFrame(columns=["start_accounts", "start_mrr", "end_mrr", "grr", "nrr", "logo_retention"],
                            index=_months_index(np.empty(0, dtype=np.int64), month_col), dtype=float)
    s, e = w[:, :n_rows], w[:, months:]
    cohort = s > 0
    start_mrr = s.sum(axis=0)
    end_mrr = np.where(cohort, e, 0.0).sum(axis=0)
    capped = np.where(cohort, np.minimum(e, s), 0.0).sum(axis=0)
    n_start = cohort.sum(axis=0)
    still = (cohort & (e > 0)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({
            "start_accounts": n_start,
            "start_mrr": start_mrr,
            "end_mrr": end_mrr,
            "grr": capped / start_mrr,
            "nrr": end_mrr / start_mrr,
            "logo_retention": still / n_start,
        }, index=_months_index(np.arange(m0, m0 + n_rows), month_col))


# ------------------------------------------------------------------------------ B2C GMV
def gmv_by_month(
    orders: pd.DataFrame,
    *,
    time_col: str = "order_date",
    amount_col: str = "amount",
    discount_col: str | None = "discount",
    refunded_col: str | None = "refunded",
    gmv_basis: str = "paid",
) -> pd.DataFrame:
    """GMV (成交总额) versus net revenue (净收入) per month for the B2C side.

    * ``gmv``: the value of all orders placed, **including orders later refunded** (the usual
      e-commerce GMV, e.g. as reported by Alibaba/JD: it measures what was transacted, not what
      was kept). ``gmv_basis="paid"`` (default) sums ``amount`` (what the buyer paid, already net
      of discounts in the course data); ``"list"`` adds the discount back (amount + discount).
    * ``refunds``: amount of refunded orders; ``discounts``: sum of ``discount_col``.
    * ``net_revenue`` = paid amount of orders not refunded (= gmv - refunds with the "paid" basis,
      gmv - discounts - refunds with the "list" basis).

    A subscription business watches MRR instead, because GMV mixes one-off and recurring money.

    Parameters
    ----------
    discount_col, refunded_col : str or None
        ``None`` when the data has no such column (then discounts or refunds are 0).
    gmv_basis : {"paid", "list"}

    Returns
    -------
    pandas.DataFrame
        Indexed by month (Period); columns ``orders``, ``gmv``, ``discounts``, ``refunds``,
        ``net_revenue``, ``refund_rate`` (refunds / gmv).

    Examples
    --------
    >>> orders = pd.DataFrame({"order_date": ["2024-01-03", "2024-01-20"], "amount": [90.0, 50.0],
    ...                        "discount": [10.0, 0.0], "refunded": [False, True]})
    >>> gmv_by_month(orders)[["orders", "gmv", "refunds", "net_revenue"]].reset_index()
         month  orders    gmv  refunds  net_revenue
    0  2024-01       2  140.0     50.0         90.0
    """
    frame = "orders"
    validate.require_frame(orders, frame=frame)
    validate.one_of(gmv_basis, ["paid", "list"], param="gmv_basis")
    cols = {"time_col": time_col, "amount_col": amount_col}
    if discount_col is not None:
        cols["discount_col"] = discount_col
    if refunded_col is not None:
        cols["refunded_col"] = refunded_col
    validate.require_columns(orders, cols, frame=frame)
    amount = validate.numeric(orders, amount_col, param="amount_col", frame=frame).to_numpy()
    disc = (validate.numeric(orders, discount_col, param="discount_col", frame=frame).to_numpy()
            if discount_col is not None else np.zeros(len(orders)))
    if refunded_col is not None:
        r = orders[refunded_col]
        if not pd.api.types.is_bool_dtype(r.dtype):
            raise ValueError(f"{frame}: column '{refunded_col}' (refunded_col) has dtype {r.dtype}, expected bool")
        refunded = r.to_numpy(dtype=bool)
    else:
        refunded = np.zeros(len(orders), dtype=bool)
    m = validate.datetimes(orders, time_col, param="time_col", frame=frame).to_numpy().astype("datetime64[M]")
    m = m.view(np.int64)
    m0 = int(m.min())
    code = m - m0
    n = int(code.max()) + 1
    paid = np.bincount(code, weights=amount, minlength=n)
    discounts = np.bincount(code, weights=disc, minlength=n)
    refunds = np.bincount(code, weights=np.where(refunded, amount, 0.0), minlength=n)
    gmv = paid + discounts if gmv_basis == "list" else paid
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({
            "orders": np.bincount(code, minlength=n),
            "gmv": gmv,
            "discounts": discounts,
            "refunds": refunds,
            "net_revenue": paid - refunds,
            "refund_rate": refunds / gmv,
        }, index=_months_index(np.arange(m0, m0 + n), "month"))
