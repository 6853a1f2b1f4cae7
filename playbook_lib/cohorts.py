"""Cohort retention (留存), N-day retention, user lifecycle stages and product lifecycle phases.

* :func:`cohort_retention`: the cohort x period-since matrix (classic or rolling retention),
  :func:`cohort_sizes` and :func:`retention_curve` (the size-weighted average curve).
* :func:`n_day_retention`: day-N retention, calendar-day or 24-hour windows.
* :func:`lifecycle_stage` and :func:`stage_transitions`: the user lifecycle of seed 001
  (导入期 onboarding, 成长期 growth, 成熟期 maturity, 休眠期 dormant, 流失期 churned).
* :func:`product_lifecycle_phase`: 初创期 / 成长期 / 成熟期 / 衰退期 read off a growth curve.

Activity tables default to the course's B2C orders (``customer_id``, ``order_date``); pass
``user_col="user_id", time_col="timestamp"`` for the event log. Definitions, options and worked
examples: docs/definitions/cohorts.md.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({
...     "customer_id": ["a", "a", "b", "c"],
...     "order_date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-01"]),
... })
>>> cohort_retention(orders)  # doctest: +NORMALIZE_WHITESPACE
period     0    1
cohort
2024-01  1.0  0.5
2024-02  1.0  NaN
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from playbook_lib import validate

__all__ = [
    "LIFECYCLE_STAGES",
    "PRODUCT_PHASES",
    "cohort_retention",
    "cohort_sizes",
    "retention_curve",
    "n_day_retention",
    "lifecycle_stage",
    "stage_transitions",
    "product_lifecycle_phase",
]

_NEVER = np.iinfo(np.int64).max
_NS_PER_DAY = 86_400_000_000_000
_DENSE_LIMIT = 30_000_000  # users x periods cells below which a dense bitmap beats a sort

#: User lifecycle stages (seed 001) in order, with the Chinese ops term.
LIFECYCLE_STAGES: dict[str, str] = {
    "onboarding": "导入期",
    "growth": "成长期",
    "maturity": "成熟期",
    "dormant": "休眠期",
    "churned": "流失期",
}

#: Product lifecycle phases in order, with the Chinese term.
PRODUCT_PHASES: dict[str, str] = {
    "introduction": "初创期",
    "growth": "成长期",
    "maturity": "成熟期",
    "decline": "衰退期",
}


# ------------------------------------------------------------------------------ helpers
def _period_codes(t: pd.Series, period: str) -> np.ndarray:
    """Integer period codes: days / Monday-start weeks / months since 1970."""
    v = t.to_numpy()
    if period == "M":
        return v.astype("datetime64[M]").view("int64")
    days = v.astype("datetime64[D]").view("int64")
    if period == "D":
        return days
    return (days + 3) // 7  # 1970-01-01 was a Thursday: weeks start on Monday


def _period_index(codes: np.ndarray, period: str) -> pd.PeriodIndex:
    if period == "W":
        return pd.PeriodIndex.from_ordinals(codes + 1, freq="W-SUN").rename("cohort")
    return pd.PeriodIndex.from_ordinals(codes, freq=period).rename("cohort")


def _activity(activity: pd.DataFrame, user_col: str, time_col: str) -> tuple[np.ndarray, pd.Series]:
    validate.require_frame(activity, frame="activity")
    validate.require_columns(activity, {"user_col": user_col, "time_col": time_col}, frame="activity")
    ids = validate.ids(activity, user_col, param="user_col", frame="activity")
    t = validate.datetimes(activity, time_col, param="time_col", frame="activity")
    return ids.to_numpy(), t


def _cohort_counts(
    activity: pd.DataFrame, user_col: str, time_col: str, period: str, kind: str
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """(count matrix cohorts x offsets over all periods, keep mask, first code, n periods)."""
    validate.one_of(period, ["D", "W", "M"], param="period")
    validate.one_of(kind, ["classic", "rolling"], param="kind")
    ids, t = _activity(activity, user_col, time_col)
    pc = _period_codes(t, period)
    p0 = int(pc.min())
    n_p = int(pc.max()) - p0 + 1
    rel = pc - p0
    codes, uniq = pd.factorize(ids)
    n_u = len(uniq)
    if n_u * n_p <= _DENSE_LIMIT:
        seen = np.zeros(n_u * n_p, dtype=bool)  # user x period bitmap
        seen[codes.astype(np.int64) * n_p + rel] = True
        seen = seen.reshape(n_u, n_p)
        first = seen.argmax(axis=1)
        if kind == "classic":
            cu, mon = np.nonzero(seen)
        else:
            last = n_p - 1 - seen[:, ::-1].argmax(axis=1)
    else:
        sk = np.sort(codes.astype(np.int64) * n_p + rel)
        new = np.empty(sk.size, dtype=bool)
        new[0] = True
        np.not_equal(sk[1:], sk[:-1], out=new[1:])
        uk = sk[new]
        cu, mon = uk // n_p, uk % n_p
        n_per = np.bincount(cu, minlength=n_u)
        ends = np.cumsum(n_per)
        first = mon[ends - n_per]
        last = mon[ends - 1]
    if kind == "classic":
        coh = first[cu]
        mat = np.bincount(coh * n_p + (mon - coh), minlength=n_p * n_p).reshape(n_p, n_p)
    else:  # rolling: active at offset o or later  <=>  last - first >= o
        span = np.bincount(first * n_p + (last - first), minlength=n_p * n_p).reshape(n_p, n_p)
        mat = np.cumsum(span[:, ::-1], axis=1)[:, ::-1]
    keep = mat[:, 0] > 0
    return mat, keep, p0, n_p


# --------------------------------------------------------------------------- cohorts
def cohort_retention(
    activity: pd.DataFrame,
    *,
    user_col: str = "customer_id",
    time_col: str = "order_date",
    period: str = "M",
    kind: str = "classic",
    counts: bool = False,
) -> pd.DataFrame:
    """Cohort retention matrix (留存矩阵): share of each cohort active N periods later.

    A user's cohort is the period of their first activity. Period 0 is the cohort period, so
    every cohort has 1.0 there. Cells beyond the last period in the data are not observable yet
    and are NaN, never 0. The last period counts as observable even if the data stops mid-way.

    Parameters
    ----------
    activity : pandas.DataFrame
        One row per activity (order, event, login...).
    user_col, time_col : str
        Columns of the user id and the activity time.
    period : {"D", "W", "M"}
        Calendar days, Monday-start weeks or calendar months.
    kind : {"classic", "rolling"}
        ``"classic"`` (default): active IN period N, the "N-day" / "on" retention of
        Amplitude and Mixpanel. ``"rolling"``: active in period N OR ANY LATER period, the
        "unbounded" / "on or after" retention of Amplitude and Mixpanel; it never increases
        along a row. Both tools offer both; check which one a dashboard shows.
    counts : bool
        Return user counts (float, NaN where not observable) instead of shares.

    Returns
    -------
    pandas.DataFrame
        Index: cohort (``PeriodIndex`` named ``cohort``; cohorts with no new users are left
        out). Columns: ``RangeIndex`` 0..N named ``period``. Cohort sizes: :func:`cohort_sizes`.

    Raises
    ------
    ValueError
        Empty frame, missing column, missing ids, unparsable dates, unknown ``period`` or
        ``kind``.

    Examples
    --------
    ``a`` buys in January and March, ``b`` only in January, ``c`` in February.

    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a", "a", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-01-20", "2024-02-01"]),
    ... })
    >>> cohort_retention(orders)  # doctest: +NORMALIZE_WHITESPACE
    period     0    1    2
    cohort
    2024-01  1.0  0.0  0.5
    2024-02  1.0  0.0  NaN
    >>> cohort_retention(orders, kind="rolling").loc["2024-01"].tolist()
    [1.0, 0.5, 0.5]
    """
    mat, keep, p0, n_p = _cohort_counts(activity, user_col, time_col, period, kind)
    rows = np.flatnonzero(keep)
    m = mat[rows].astype(float)
    if not counts:
        m = m / m[:, :1]
    observable = np.arange(n_p)[None, :] <= (n_p - 1 - rows)[:, None]
    m[~observable] = np.nan
    return pd.DataFrame(m, index=_period_index(rows + p0, period),
                        columns=pd.RangeIndex(n_p, name="period"))


def cohort_sizes(
    activity: pd.DataFrame,
    *,
    user_col: str = "customer_id",
    time_col: str = "order_date",
    period: str = "M",
) -> pd.Series:
    """Number of new users per cohort (users whose first activity falls in the period).

    Same rows as :func:`cohort_retention`, for weighting (:func:`retention_curve`) and display.

    Returns
    -------
    pandas.Series
        Int64 counts indexed like :func:`cohort_retention`, name ``cohort_size``.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                        "order_date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-02-03"])})
    >>> cohort_sizes(orders).tolist()
    [1, 1]
    """
    validate.one_of(period, ["D", "W", "M"], param="period")
    ids, t = _activity(activity, user_col, time_col)
    pc = _period_codes(t, period)
    codes, uniq = pd.factorize(ids)
    first = np.full(len(uniq), _NEVER, dtype=np.int64)
    np.minimum.at(first, codes, pc)
    p0 = int(first.min())
    n = np.bincount(first - p0)
    rows = np.flatnonzero(n)
    return pd.Series(n[rows].astype(np.int64), index=_period_index(rows + p0, period), name="cohort_size")


def retention_curve(retention: pd.DataFrame, sizes: pd.Series) -> pd.Series:
    """Average retention curve, each period weighted by cohort size over observable cohorts.

    For period N: sum(size x retention) / sum(size), both over the cohorts whose period-N cell
    is not NaN. A plain mean of the column would give a 10-user cohort as much say as a
    10,000-user one; skipping NaN cells keeps young cohorts from counting as 0.

    Parameters
    ----------
    retention : pandas.DataFrame
        A share matrix from :func:`cohort_retention`.
    sizes : pandas.Series
        Cohort sizes indexed like ``retention`` (from :func:`cohort_sizes`).

    Returns
    -------
    pandas.Series
        Indexed by period, name ``retention``; NaN for a period no cohort has reached.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({0: [1.0, 1.0], 1: [0.5, float("nan")]}, index=["2024-01", "2024-02"])
    >>> retention_curve(r, pd.Series([100, 300], index=["2024-01", "2024-02"])).tolist()
    [1.0, 0.5]
    """
    if not isinstance(retention, pd.DataFrame) or retention.empty:
        raise ValueError("retention must be a non-empty DataFrame from cohort_retention()")
    if not isinstance(sizes, pd.Series):
        raise ValueError(f"sizes must be a pandas Series of cohort sizes, got {type(sizes).__name__}")
    if not retention.index.isin(sizes.index).all():
        missing = retention.index[~retention.index.isin(sizes.index)]
        raise ValueError(f"sizes has no size for cohort {missing[0]!r} of retention; pass cohort_sizes() of the same data")
    w = validate.numeric(sizes.to_frame("size"), "size", param="sizes", frame="sizes").reindex(retention.index)
    vals = retention.to_numpy(dtype=float)
    if np.nanmin(vals) < 0 or np.nanmax(vals) > 1:
        raise ValueError("retention must hold shares between 0 and 1 (did you pass counts=True output?)")
    ok = ~np.isnan(vals)
    wv = w.to_numpy()[:, None] * ok
    with np.errstate(invalid="ignore", divide="ignore"):
        curve = (np.where(ok, vals, 0.0) * wv).sum(axis=0) / wv.sum(axis=0)
    return pd.Series(curve, index=retention.columns, name="retention")


# -------------------------------------------------------------------- N-day retention
def n_day_retention(
    activity: pd.DataFrame,
    n: int | Sequence[int],
    *,
    user_col: str = "customer_id",
    time_col: str = "order_date",
    method: str = "calendar",
    start_event: str | None = None,
    event_col: str = "event",
    start: pd.Series | None = None,
    observation_end: object = None,
) -> pd.DataFrame:
    """Day-N retention (次日留存, 7日留存...): share of users active on their N-th day.

    The user's start (signup) is, by default, their first activity; or their first
    ``start_event`` row; or the time given in ``start``. Any activity row counts as active.

    * ``method="calendar"`` (default): active on calendar day start_day + N (day 1 = the next
      calendar day, even 5 minutes after a 23:55 signup): Amplitude's "strict calendar date"
      option and most SQL/BI reports, which bucket by date.
    * ``method="24h"``: active in [start + N x 24h, start + (N+1) x 24h): Amplitude's default
      rolling 24-hour windows (which Amplitude computes on hour-truncated timestamps).

    A user counts toward day N only if that day's window has begun by ``observation_end``
    (default: the last activity time); users whose day N is not observable yet are excluded
    from both numerator and denominator (their day N is unknown, not a loss).

    Parameters
    ----------
    activity : pandas.DataFrame
        Activity rows (events, orders...).
    n : int or sequence of int
        Day(s) N >= 0.
    user_col, time_col : str
        Column names.
    method : {"calendar", "24h"}
        See above.
    start_event : str, optional
        Use the user's first row with ``event_col == start_event`` as the start (e.g.
        ``"signup"``); users without it are left out. Activity before it is ignored.
    event_col : str
        Event column, only used with ``start_event``.
    start : pandas.Series, optional
        Start time per user (indexed by user id, e.g. ``users.set_index("user_id")["signup_time"]``).
        Users in ``start`` with no activity count as not retained.
    observation_end : date-like, optional
        End of the data (default: the latest activity time); later activity is ignored.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``n``: ``users`` (observable users), ``retained`` and ``retention``.

    Examples
    --------
    ``a`` starts Jan 1 23:00 and returns Jan 2 01:00: day 1 on the calendar, but only 2 hours
    later, so day 0 in 24-hour windows. ``b`` starts Jan 2 and never returns; ``c`` starts Jan 3,
    the last day, so its day 1 is not observable.

    >>> import pandas as pd
    >>> ev = pd.DataFrame({"user_id": ["a", "a", "b", "c"],
    ...     "timestamp": pd.to_datetime(["2024-01-01 23:00", "2024-01-02 01:00",
    ...                                  "2024-01-02 10:00", "2024-01-03 09:00"])})
    >>> n_day_retention(ev, 1, user_col="user_id", time_col="timestamp")  # doctest: +NORMALIZE_WHITESPACE
       users  retained  retention
    n
    1      2         1        0.5
    >>> n_day_retention(ev, 1, user_col="user_id", time_col="timestamp", method="24h")["retained"].tolist()
    [0]
    """
    validate.one_of(method, ["calendar", "24h"], param="method")
    ns = [n] if isinstance(n, (int, np.integer)) and not isinstance(n, bool) else n
    if isinstance(ns, str) or not isinstance(ns, Sequence) or len(ns) == 0:
        raise ValueError(f"n must be a day number >= 0 or a list of them, got {n!r}")
    for v in ns:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
            raise ValueError(f"n must hold integers >= 0, got {v!r}")
    if start_event is not None and start is not None:
        raise ValueError("pass either start_event or start, not both")
    ids, t = _activity(activity, user_col, time_col)
    ts = t.to_numpy().astype("datetime64[ns]").view("int64")
    if observation_end is None:
        end = int(ts.max())
    else:
        try:
            end = pd.Timestamp(observation_end).as_unit("ns").value
        except (ValueError, TypeError):
            raise ValueError(f"observation_end must be a date, got {observation_end!r}") from None
        keep = ts <= end  # activity after the end of observation is ignored
        if not keep.any():
            raise ValueError(f"observation_end={observation_end!r} is before every date in '{time_col}' (time_col)")
        ids, ts = ids[keep], ts[keep]
        if start_event is not None:
            validate.require_columns(activity, {"event_col": event_col}, frame="activity")
            ev_kept = activity[event_col].to_numpy()[keep]
    codes, uniq = pd.factorize(ids)
    n_u = len(uniq)
    if start is not None:
        if not isinstance(start, pd.Series):
            raise ValueError(f"start must be a Series of start times indexed by user id, got {type(start).__name__}")
        if start.index.has_duplicates:
            raise ValueError("start has duplicate user ids in its index; give one start time per user")
        st = validate.datetimes(start.to_frame("start"), "start", param="start", frame="start")
        s_users = start.index.to_numpy()
        s_time = st.to_numpy().astype("datetime64[ns]").view("int64")
        # map activity users onto the start users; users missing from start are dropped
        pos = pd.Index(s_users).get_indexer(uniq)
        row_user = pos[codes]
        keep = row_user >= 0
        row_user, ts = row_user[keep].astype(np.int64), ts[keep]
        n_u = len(s_users)
        u_start = s_time
    else:
        row_user = codes.astype(np.int64)
        if start_event is not None:
            validate.require_columns(activity, {"event_col": event_col}, frame="activity")
            ev = activity[event_col].to_numpy() if observation_end is None else ev_kept
            is_start = ev == start_event
            if not is_start.any():
                raise ValueError(f"activity: start_event {start_event!r} never occurs in column '{event_col}' (event_col)")
            u_start = np.full(n_u, _NEVER, dtype=np.int64)
            np.minimum.at(u_start, row_user[is_start], ts[is_start])
        else:
            u_start = np.full(n_u, _NEVER, dtype=np.int64)
            np.minimum.at(u_start, row_user, ts)
    has_start = u_start != _NEVER
    if method == "calendar":
        s_day = np.where(has_start, u_start // _NS_PER_DAY, 0)
        off = ts // _NS_PER_DAY - s_day[row_user]
        win_start_day = s_day  # day N begins at (s_day + N) * 1 day
    else:
        off = np.where(ts >= u_start[row_user], (ts - u_start[row_user]) // _NS_PER_DAY, -1)
    valid = has_start[row_user] & (ts >= u_start[row_user]) & (off >= 0)
    rows = []
    for v in ns:  # a handful of day numbers
        v = int(v)
        if method == "calendar":
            observable = has_start & ((win_start_day + v) * _NS_PER_DAY <= end)
        else:
            observable = has_start & (u_start + v * _NS_PER_DAY <= end)
        hit = np.zeros(n_u, dtype=bool)
        hit[row_user[valid & (off == v)]] = True
        users = int(observable.sum())
        retained = int((hit & observable).sum())
        rows.append((v, users, retained, retained / users if users else np.nan))
    out = pd.DataFrame(rows, columns=["n", "users", "retained", "retention"]).set_index("n")
    return out


# ------------------------------------------------------------------------- lifecycle
def _as_day(value: object, param: str) -> int:
    ts = validate.date_value(value, param=param)
    return int(np.datetime64(ts.floor("D"), "D").view("int64"))


def _positive_int(value: object, param: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{param} must be a whole number of days > 0, got {value!r}")
    return int(value)


def _stages_at(
    codes: np.ndarray, days: np.ndarray, n_u: int, as_of: int, *,
    onboarding_days: int, dormant_days: int, churn_days: int, trend_days: int,
) -> dict[str, np.ndarray]:
    """Stage codes (0..4, -1 = not yet acquired) and the facts behind them, per user."""
    m = days <= as_of
    c, d = codes[m], days[m]
    first = np.full(n_u, _NEVER, dtype=np.int64)
    last = np.full(n_u, -_NEVER, dtype=np.int64)
    np.minimum.at(first, c, d)
    np.maximum.at(last, c, d)
    # distinct active days in the recent and the previous trend window
    recent = np.zeros(n_u, dtype=np.int64)
    previous = np.zeros(n_u, dtype=np.int64)
    if d.size:
        d_min = int(d.min())
        span = as_of + 1 - d_min
        key = np.unique(c.astype(np.int64) * span + (d - d_min))
        uu, dd = key // span, key % span + d_min
        recent = np.bincount(uu[dd > as_of - trend_days], minlength=n_u)
        previous = np.bincount(uu[(dd <= as_of - trend_days) & (dd > as_of - 2 * trend_days)], minlength=n_u)
    acquired = first != _NEVER
    since = np.where(acquired, as_of - last, -1)
    tenure = np.where(acquired, as_of - first, -1)
    stage = np.where(recent > previous, 1, 2)  # growth if activity is rising, else maturity
    stage = np.where(tenure < onboarding_days, 0, stage)
    stage = np.where(since >= dormant_days, 3, stage)
    stage = np.where(since >= churn_days, 4, stage)
    stage = np.where(acquired, stage, -1)
    return {"stage": stage, "first": first, "last": last, "since": since, "tenure": tenure,
            "recent": recent, "previous": previous}


def _lifecycle_inputs(activity: pd.DataFrame, user_col: str, time_col: str, onboarding_days: int,
                      dormant_days: int, churn_days: int, trend_days: int):
    ids, t = _activity(activity, user_col, time_col)
    rules = {
        "onboarding_days": _positive_int(onboarding_days, "onboarding_days"),
        "dormant_days": _positive_int(dormant_days, "dormant_days"),
        "churn_days": _positive_int(churn_days, "churn_days"),
        "trend_days": _positive_int(trend_days, "trend_days"),
    }
    if rules["dormant_days"] >= rules["churn_days"]:
        raise ValueError(
            f"dormant_days must be less than churn_days, got dormant_days={dormant_days}, churn_days={churn_days}"
        )
    days = t.to_numpy().astype("datetime64[D]").view("int64")
    codes, uniq = pd.factorize(ids)
    return codes, uniq, days, rules


def lifecycle_stage(
    activity: pd.DataFrame,
    as_of: object,
    *,
    user_col: str = "customer_id",
    time_col: str = "order_date",
    onboarding_days: int = 30,
    dormant_days: int = 60,
    churn_days: int = 180,
    trend_days: int = 90,
) -> pd.DataFrame:
    """User lifecycle stage on ``as_of`` (seed 001: 导入期 / 成长期 / 成熟期 / 休眠期 / 流失期).

    Only activity on or before the day ``as_of`` counts (days, not times). Rules, first match wins:

    1. **churned** 流失期: no activity for ``churn_days`` days or more (days since last >= churn_days);
    2. **dormant** 休眠期: no activity for ``dormant_days`` or more, but fewer than ``churn_days``;
    3. **onboarding** 导入期: first activity fewer than ``onboarding_days`` days ago;
    4. **growth** 成长期: active days in the last ``trend_days`` days (as_of included) exceed
       those in the ``trend_days`` before: activity is rising;
    5. **maturity** 成熟期: otherwise: established and active, activity flat or falling.

    Users with no activity by ``as_of`` are not listed. The thresholds are parameters because
    they depend on the business' natural purchase cycle (a phone-case shop vs a SaaS tool).

    Parameters
    ----------
    activity : pandas.DataFrame
        Activity rows.
    as_of : date-like
        The day the stages are read on.
    user_col, time_col : str
        Column names.
    onboarding_days, dormant_days, churn_days, trend_days : int
        Thresholds in days (> 0, ``dormant_days < churn_days``).

    Returns
    -------
    pandas.DataFrame
        Indexed by user id (sorted): ``stage`` (ordered categorical of
        :data:`LIFECYCLE_STAGES`), ``stage_zh``, ``first_active``, ``last_active``,
        ``days_since_last``, ``tenure_days``, ``recent_active_days``, ``previous_active_days``.

    Examples
    --------
    On 2024-06-30: ``a`` started in June (onboarding); ``b`` was active in April, May and June but
    only once between January and March (growth); ``c`` was last active 2024-03-01, 121 days
    earlier (dormant).

    >>> import pandas as pd
    >>> act = pd.DataFrame({"customer_id": ["a", "b", "b", "b", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-06-20", "2024-01-15", "2024-04-15", "2024-05-15",
    ...                                   "2024-06-15", "2024-03-01"])})
    >>> lifecycle_stage(act, "2024-06-30")["stage"].tolist()
    ['onboarding', 'growth', 'dormant']
    """
    codes, uniq, days, rules = _lifecycle_inputs(activity, user_col, time_col, onboarding_days,
                                                 dormant_days, churn_days, trend_days)
    as_day = _as_day(as_of, "as_of")
    f = _stages_at(codes, days, len(uniq), as_day, **rules)
    ok = f["stage"] >= 0
    if not ok.any():
        raise ValueError(f"as_of={as_of!r} is before every activity in '{time_col}' (time_col); no user is acquired yet")
    names = list(LIFECYCLE_STAGES)
    stage = pd.Categorical.from_codes(f["stage"][ok], categories=names, ordered=True)
    out = pd.DataFrame({
        "stage": stage,
        "stage_zh": np.array(list(LIFECYCLE_STAGES.values()), dtype=object)[f["stage"][ok]],
        "first_active": f["first"][ok].astype("datetime64[D]").astype("datetime64[s]"),
        "last_active": f["last"][ok].astype("datetime64[D]").astype("datetime64[s]"),
        "days_since_last": f["since"][ok],
        "tenure_days": f["tenure"][ok],
        "recent_active_days": f["recent"][ok],
        "previous_active_days": f["previous"][ok],
    }, index=pd.Index(np.asarray(uniq)[ok], name=user_col))
    return out.sort_index()


def stage_transitions(
    activity: pd.DataFrame,
    start: object,
    end: object,
    *,
    user_col: str = "customer_id",
    time_col: str = "order_date",
    include_new: bool = True,
    onboarding_days: int = 30,
    dormant_days: int = 60,
    churn_days: int = 180,
    trend_days: int = 90,
) -> pd.DataFrame:
    """How many users moved from each lifecycle stage on ``start`` to each stage on ``end``.

    Stages are those of :func:`lifecycle_stage` with the same thresholds. Users first active
    after ``start`` (and by ``end``) appear in a ``"new"`` row when ``include_new`` is true
    (default), otherwise they are left out. Users not acquired by ``end`` are left out.

    Returns
    -------
    pandas.DataFrame
        Counts: rows ``from_stage`` (``new`` first if included, then the five stages), columns
        ``to_stage`` (the five stages); all stages are shown even when empty.

    Examples
    --------
    ``a`` is onboarding on 2024-01-31 and dormant 90 days later; ``b`` only appears later.

    >>> import pandas as pd
    >>> act = pd.DataFrame({"customer_id": ["a", "b"],
    ...                     "order_date": pd.to_datetime(["2024-01-20", "2024-04-01"])})
    >>> tr = stage_transitions(act, "2024-01-31", "2024-04-30")
    >>> int(tr.loc["onboarding", "dormant"]), int(tr.loc["new", "onboarding"])
    (1, 1)
    """
    codes, uniq, days, rules = _lifecycle_inputs(activity, user_col, time_col, onboarding_days,
                                                 dormant_days, churn_days, trend_days)
    d0, d1 = _as_day(start, "start"), _as_day(end, "end")
    if d1 <= d0:
        raise ValueError(f"end must be after start, got start={start!r}, end={end!r}")
    a = _stages_at(codes, days, len(uniq), d0, **rules)["stage"]
    b = _stages_at(codes, days, len(uniq), d1, **rules)["stage"]
    names = list(LIFECYCLE_STAGES)
    from_names = (["new"] if include_new else []) + names
    ok = b >= 0
    if not include_new:
        ok &= a >= 0
    shift = 1 if include_new else 0
    n_from, n_to = len(from_names), len(names)
    mat = np.bincount((a[ok] + shift) * n_to + b[ok], minlength=n_from * n_to).reshape(n_from, n_to)
    return pd.DataFrame(mat, index=pd.Index(from_names, name="from_stage"),
                        columns=pd.Index(names, name="to_stage"))


# ------------------------------------------------------------------- product lifecycle
def product_lifecycle_phase(
    series: pd.Series,
    *,
    smooth: int = 3,
    growth_rate: float = 0.05,
    decline_rate: float = 0.05,
    intro_share: float = 0.1,
) -> pd.DataFrame:
    """Label each period of a growth curve 初创期 / 成长期 / 成熟期 / 衰退期.

    The series (e.g. monthly active or new users) is smoothed with a trailing ``smooth``-period
    mean; g is the smoothed series' period-over-period growth. Rules, first match wins:

    1. **introduction** 初创期: before the smoothed peak and still below ``intro_share`` of it
       (small scale, not yet taken off);
    2. **growth** 成长期: g >= ``growth_rate``;
    3. **decline** 衰退期: g <= -``decline_rate``;
    4. **maturity** 成熟期: otherwise (growth within the band; also the first period).

    Parameters
    ----------
    series : pandas.Series
        Non-negative numbers in time order (index kept as is).
    smooth : int
        Trailing window of the moving average, >= 1 (1 = no smoothing).
    growth_rate, decline_rate : float
        Period-over-period thresholds, > 0 (0.05 = 5% per period).
    intro_share : float
        Share of the peak below which the early periods count as introduction, in [0, 1).

    Returns
    -------
    pandas.DataFrame
        ``value``, ``smoothed``, ``growth`` and ``phase`` (ordered categorical of
        :data:`PRODUCT_PHASES`), same index as ``series``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([1, 2, 10, 30, 60, 62, 63, 40, 20])
    >>> product_lifecycle_phase(s, smooth=1)["phase"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['introduction', 'introduction', 'growth', 'growth', 'growth', 'maturity', 'maturity',
     'decline', 'decline']
    """
    if not isinstance(series, pd.Series):
        raise ValueError(f"series must be a pandas Series of numbers in time order, got {type(series).__name__}")
    if len(series) < 2:
        raise ValueError(f"series needs at least 2 periods, got {len(series)}")
    vals = validate.numeric(series.to_frame("value"), "value", param="series", frame="series").to_numpy()
    if isinstance(smooth, bool) or not isinstance(smooth, (int, np.integer)) or smooth < 1:
        raise ValueError(f"smooth must be an integer >= 1, got {smooth!r}")
    for name, v in (("growth_rate", growth_rate), ("decline_rate", decline_rate)):
        if isinstance(v, bool) or not isinstance(v, (int, float, np.floating)) or not v > 0:
            raise ValueError(f"{name} must be a number > 0, got {v!r}")
    if isinstance(intro_share, bool) or not isinstance(intro_share, (int, float, np.floating)) or not 0 <= intro_share < 1:
        raise ValueError(f"intro_share must be in [0, 1), got {intro_share!r}")
    sm = pd.Series(vals).rolling(int(smooth), min_periods=1).mean().to_numpy()
    prev = np.concatenate(([np.nan], sm[:-1]))
    with np.errstate(invalid="ignore", divide="ignore"):
        g = np.where(prev > 0, sm / prev - 1.0, np.where(sm > 0, np.inf, 0.0))
    g[0] = np.nan
    peak_pos = int(np.argmax(sm))
    peak = sm[peak_pos]
    phase = np.full(len(sm), 2, dtype=np.int8)  # maturity
    phase[g <= -decline_rate] = 3
    phase[g >= growth_rate] = 1
    intro = (np.arange(len(sm)) < peak_pos) & (sm < intro_share * peak)
    phase[intro] = 0
    return pd.DataFrame({
        "value": vals,
        "smoothed": sm,
        "growth": g,
        "phase": pd.Categorical.from_codes(phase, categories=list(PRODUCT_PHASES), ordered=True),
    }, index=series.index)
