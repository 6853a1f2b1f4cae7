"""Side-by-side measures for comparing a B2B (B端) and a B2C (C端) business on the same footing.

Notebook 01 uses these to turn the articles' claims into numbers:

* :func:`scale_summary`: transactions, customers, average ticket (客单价), revenue per customer
  and conversion (转化率) of one line of business, so the two lines can be put in one table
  (seed 001's three dimensions: cost, decision, user base);
* :func:`decision_cycle`: per-row time between two dates (first visit -> first purchase, lead
  created -> won) in hours or days: the decision cycle (决策周期) as a distribution;
* :func:`activity_profile`: the weekday x hour-of-day share of events, the matrix behind
  :func:`playbook_lib.plotting.activity_heatmap`;
* :func:`work_hours_share`: the share of events inside a weekday working window (Mon-Fri,
  09:00-17:59 by default).

Every function validates its input (a :class:`ValueError` names the column), never changes the
objects it is given and is vectorised.

Examples
--------
>>> import pandas as pd
>>> ts = pd.Series(pd.to_datetime(["2024-01-01 10:00", "2024-01-06 21:00"]), name="timestamp")
>>> work_hours_share(ts)  # Monday 10:00 is inside, Saturday 21:00 is not
0.5
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from playbook_lib import validate

__all__ = [
    "WEEKDAYS",
    "activity_profile",
    "work_hours_share",
    "decision_cycle",
    "scale_summary",
]

#: Row labels of :func:`activity_profile`, Monday first (pandas ``day_of_week`` 0..6).
WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_UNITS = {"hours": np.timedelta64(1, "h"), "days": np.timedelta64(1, "D"), "minutes": np.timedelta64(1, "m")}


def _timestamps(timestamps: object) -> pd.Series:
    """Check a Series of datetimes (or date strings) and return it parsed; never modifies it."""
    if not isinstance(timestamps, pd.Series):
        raise ValueError(f"timestamps must be a pandas Series of datetimes, got {type(timestamps).__name__}")
    if len(timestamps) == 0:
        raise ValueError("timestamps is empty: it has no values")
    name = str(timestamps.name) if timestamps.name is not None else "timestamps"
    return validate.datetimes(timestamps.to_frame(name), name, param="timestamps", frame="timestamps")


def activity_profile(timestamps: pd.Series, *, normalize: bool = True) -> pd.DataFrame:
    """Weekday x hour-of-day table of when events happen.

    Parameters
    ----------
    timestamps : pandas.Series
        Event times (local wall time), datetimes or parsable strings, no missing values.
    normalize : bool, default True
        Return shares of all events (the 168 cells sum to 1); ``False`` returns counts.

    Returns
    -------
    pandas.DataFrame
        7 rows (``Mon`` .. ``Sun``, index name ``weekday``) x 24 columns (hours 0..23, columns
        name ``hour``); every cell is present, zero when nothing happened then.

    Raises
    ------
    ValueError
        If ``timestamps`` is not a Series, is empty, or has missing or unparsable values
        (the message names the Series).

    Examples
    --------
    >>> import pandas as pd
    >>> ts = pd.Series(pd.to_datetime(["2024-01-01 09:30", "2024-01-01 09:50", "2024-01-06 21:10"]))
    >>> p = activity_profile(ts)
    >>> p.shape, round(float(p.loc["Mon", 9]), 3), round(float(p.loc["Sat", 21]), 3)
    ((7, 24), 0.667, 0.333)
    >>> int(activity_profile(ts, normalize=False).to_numpy().sum())
    3
    >>> activity_profile(pd.Series(["2024-01-01", None], name="opened_at"))
    Traceback (most recent call last):
    ...
    ValueError: timestamps: column 'opened_at' (timestamps) has 1 missing date(s)
    """
    t = _timestamps(timestamps)
    cell = t.dt.day_of_week.to_numpy(dtype=np.int64) * 24 + t.dt.hour.to_numpy(dtype=np.int64)
    counts = np.bincount(cell, minlength=7 * 24).reshape(7, 24).astype(np.float64 if normalize else np.int64)
    if normalize:
        counts = counts / counts.sum()
    return pd.DataFrame(counts, index=pd.Index(list(WEEKDAYS), name="weekday"), columns=pd.RangeIndex(24, name="hour"))


def work_hours_share(
    timestamps: pd.Series,
    *,
    days: Iterable[int] = (0, 1, 2, 3, 4),
    start_hour: int = 9,
    end_hour: int = 18,
) -> float:
    """Share of events on the given weekdays between ``start_hour``:00 and ``end_hour``:00.

    The window is half-open: ``start_hour <= hour < end_hour``, so the default is Monday to
    Friday, 09:00:00 to 17:59:59 (an event at 18:05 is after work).

    Parameters
    ----------
    timestamps : pandas.Series
        Event times (local wall time).
    days : iterable of int, default Monday..Friday
        Days of the week counted as working days, 0 = Monday .. 6 = Sunday.
    start_hour, end_hour : int, default 9 and 18
        Start (inclusive) and end (exclusive) of the working window, 0..24.

    Returns
    -------
    float
        Share between 0 and 1.

    Raises
    ------
    ValueError
        Bad timestamps (see :func:`activity_profile`), days outside 0..6, or hours outside
        0..24 or not ``start_hour < end_hour``.

    Examples
    --------
    >>> import pandas as pd
    >>> ts = pd.Series(pd.to_datetime(["2024-01-01 09:00", "2024-01-01 17:59", "2024-01-01 18:00",
    ...                                "2024-01-06 10:00"]))
    >>> work_hours_share(ts)
    0.5
    >>> work_hours_share(ts, days=range(7), end_hour=24)
    1.0
    >>> work_hours_share(ts, start_hour=18, end_hour=9)
    Traceback (most recent call last):
    ...
    ValueError: start_hour must be < end_hour (both in 0..24), got start_hour=18, end_hour=9
    """
    day_list = sorted({int(d) for d in days})
    if not day_list or day_list[0] < 0 or day_list[-1] > 6:
        raise ValueError(f"days must be weekday numbers 0 (Monday) .. 6 (Sunday), got {day_list}")
    if not (0 <= start_hour < end_hour <= 24):
        raise ValueError(f"start_hour must be < end_hour (both in 0..24), got start_hour={start_hour}, end_hour={end_hour}")
    t = _timestamps(timestamps)
    hour = t.dt.hour.to_numpy()
    inside = np.isin(t.dt.day_of_week.to_numpy(), day_list) & (hour >= start_hour) & (hour < end_hour)
    return float(inside.mean())


def _dates(frame: pd.DataFrame, col: str, param: str) -> np.ndarray:
    s = frame[col]
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)
    elif not pd.api.types.is_datetime64_dtype(s.dtype):
        if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
            raise ValueError(f"frame: column '{col}' ({param}) has dtype {s.dtype}, expected dates or date strings")
        parsed = pd.to_datetime(s, errors="coerce", format="mixed")
        bad = parsed.isna() & s.notna()
        if bad.any():
            raise ValueError(f"frame: column '{col}' ({param}) has {int(bad.sum())} value(s) that cannot be parsed "
                             f"as dates, e.g. {s[bad].iloc[0]!r}")
        s = parsed
    return s.to_numpy(dtype="datetime64[ns]")


def decision_cycle(
    frame: pd.DataFrame,
    *,
    start_col: str,
    end_col: str,
    unit: str = "days",
    id_col: str | None = None,
) -> pd.Series:
    """Time from ``start_col`` to ``end_col`` for every row that has both, in hours or days.

    Use it on one row per decision: per B2C buyer (first visit -> first purchase) or per won
    B2B lead (created -> closed). Rows with a missing date at either end (not decided yet) are
    left out, so the result is the distribution of completed decisions.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per decision.
    start_col, end_col : str
        Date columns (datetimes or parsable strings; missing values allowed).
    unit : {"days", "hours", "minutes"}, default "days"
        Unit of the result (fractional).
    id_col : str, optional
        Column to use as the index of the result (default: the frame's index).

    Returns
    -------
    pandas.Series
        Float durations named ``cycle_<unit>``.

    Raises
    ------
    ValueError
        Missing columns, unparsable dates, an unknown ``unit``, or an end before its start
        (the message names both columns and counts the rows).

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"],
    ...                       "created_at": pd.to_datetime(["2024-01-01 00:00", "2024-01-01 00:00", "2024-01-02 00:00"]),
    ...                       "closed_at": pd.to_datetime(["2024-01-31 00:00", "2024-01-01 12:00", None])})
    >>> decision_cycle(leads, start_col="created_at", end_col="closed_at", id_col="lead_id")
    lead_id
    L1    30.0
    L2     0.5
    Name: cycle_days, dtype: float64
    >>> decision_cycle(leads, start_col="closed_at", end_col="created_at")
    Traceback (most recent call last):
    ...
    ValueError: frame: column 'created_at' (end_col) is before 'closed_at' (start_col) in 2 row(s)
    """
    validate.require_frame(frame, frame="frame")
    cols = {"start_col": start_col, "end_col": end_col}
    if id_col is not None:
        cols["id_col"] = id_col
    validate.require_columns(frame, cols, frame="frame")
    validate.one_of(unit, list(_UNITS), param="unit")
    start = _dates(frame, start_col, "start_col")
    end = _dates(frame, end_col, "end_col")
    ok = ~(np.isnat(start) | np.isnat(end))
    delta = (end[ok] - start[ok]) / _UNITS[unit]
    if (delta < 0).any():
        raise ValueError(f"frame: column '{end_col}' (end_col) is before '{start_col}' (start_col) in "
                         f"{int((delta < 0).sum())} row(s)")
    index = frame[id_col][ok] if id_col is not None else frame.index[ok]
    return pd.Series(delta.astype(np.float64), index=pd.Index(index, name=id_col if id_col else frame.index.name),
                     name=f"cycle_{unit}")


def scale_summary(
    transactions: pd.DataFrame,
    *,
    customer_col: str,
    value_col: str,
    prospects: int | None = None,
) -> pd.Series:
    """How big one line of business is: transactions, customers, average ticket, conversion.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per paid transaction: a B2C order, or a won B2B deal (one contract-year).
    customer_col : str
        Who paid (user id, account id).
    value_col : str
        Money per transaction (CNY), >= 0.
    prospects : int, optional
        How many people or companies had the chance to buy: distinct visitors for a store,
        leads for a B2B pipeline. Needed for ``conversion``; NaN without it.

    Returns
    -------
    pandas.Series
        ``transactions``, ``customers``, ``revenue``, ``average_ticket`` (revenue per transaction:
        the per-order 客单价 / AOV, or the average contract value), ``revenue_per_customer``,
        ``transactions_per_customer``, ``prospects`` and ``conversion`` (customers / prospects).

    Raises
    ------
    ValueError
        Missing columns, missing customer ids, negative or missing values, or ``prospects``
        smaller than the number of customers.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [10.0, 30.0, 20.0]})
    >>> scale_summary(orders, customer_col="customer_id", value_col="amount", prospects=8)
    transactions                  3.00
    customers                     2.00
    revenue                      60.00
    average_ticket               20.00
    revenue_per_customer         30.00
    transactions_per_customer     1.50
    prospects                     8.00
    conversion                    0.25
    dtype: float64
    """
    validate.require_frame(transactions, frame="transactions")
    validate.require_columns(transactions, {"customer_col": customer_col, "value_col": value_col}, frame="transactions")
    customers_s = validate.ids(transactions, customer_col, param="customer_col", frame="transactions")
    values = validate.numeric(transactions, value_col, param="value_col", frame="transactions").to_numpy()
    n_tx = float(len(values))
    n_cust = float(customers_s.nunique())
    revenue = float(values.sum())
    if prospects is None:
        n_prospects = float("nan")
    else:
        if isinstance(prospects, bool) or not isinstance(prospects, (int, np.integer)) or prospects < n_cust:
            raise ValueError(f"prospects must be a whole number >= the {int(n_cust)} customers in column "
                             f"'{customer_col}' (customer_col), got {prospects!r}")
        n_prospects = float(prospects)
    return pd.Series({
        "transactions": n_tx,
        "customers": n_cust,
        "revenue": revenue,
        "average_ticket": revenue / n_tx,
        "revenue_per_customer": revenue / n_cust,
        "transactions_per_customer": n_tx / n_cust,
        "prospects": n_prospects,
        "conversion": n_cust / n_prospects,
    })
