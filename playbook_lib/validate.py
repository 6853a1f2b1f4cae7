"""Input checks shared by every helper in :mod:`playbook_lib`.

Every public helper validates its input with these functions, so a user who passes the wrong
frame gets the same kind of message everywhere: a :class:`ValueError` that names the column (and
the keyword parameter that points at it) and says what is wrong.

None of these functions modifies the frame it is given.

Examples
--------
>>> import pandas as pd
>>> from playbook_lib import validate
>>> df = pd.DataFrame({"customer_id": ["a", "b"], "amount": [10.0, -1.0]})
>>> validate.require_columns(df, {"value_col": "amount"}, frame="transactions")
>>> validate.numeric(df, "amount", param="value_col", frame="transactions")
Traceback (most recent call last):
...
ValueError: transactions: column 'amount' (value_col) has 1 negative value(s), e.g. -1.0; amounts must be >= 0
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "require_frame",
    "require_columns",
    "ids",
    "datetimes",
    "date_value",
    "numeric",
    "unique_keys",
    "increasing",
    "one_of",
]


def _label(col: str, param: str | None) -> str:
    return f"column '{col}' ({param})" if param else f"column '{col}'"


def require_frame(df: object, *, frame: str = "data") -> pd.DataFrame:
    """Check that ``df`` is a non-empty DataFrame and return it unchanged.

    Parameters
    ----------
    df : object
        The object to check.
    frame : str
        Name of the argument, used in messages.

    Returns
    -------
    pandas.DataFrame
        The same object.

    Raises
    ------
    ValueError
        If ``df`` is not a DataFrame or has no rows.

    Examples
    --------
    >>> require_frame(pd.DataFrame(), frame="orders")
    Traceback (most recent call last):
    ...
    ValueError: orders is empty: it has no rows
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"{frame} must be a pandas DataFrame, got {type(df).__name__}")
    if len(df) == 0:
        raise ValueError(f"{frame} is empty: it has no rows")
    return df


def require_columns(df: pd.DataFrame, columns: Mapping[str, str], *, frame: str = "data") -> None:
    """Check that every column named in ``columns`` exists in ``df``.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame to check.
    columns : Mapping[str, str]
        ``{parameter name: column name}``, e.g. ``{"time_col": "order_date"}``.
    frame : str
        Name of the argument, used in messages.

    Raises
    ------
    ValueError
        Naming the first missing column, the parameter that names it and the columns present.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), {"user_col": "user_id"}, frame="events")
    Traceback (most recent call last):
    ...
    ValueError: events: column 'user_id' (user_col) not found; columns are ['a']. Pass user_col= to name yours.
    """
    for param, col in columns.items():
        if col not in df.columns:
            raise ValueError(
                f"{frame}: column '{col}' ({param}) not found; columns are "
                f"{[str(c) for c in df.columns]}. Pass {param}= to name yours."
            )


def ids(df: pd.DataFrame, col: str, *, param: str | None = None, frame: str = "data") -> pd.Series:
    """Return the id column after checking it has no missing values.

    Examples
    --------
    >>> ids(pd.DataFrame({"id": ["a", None]}), "id", param="user_col", frame="events")
    Traceback (most recent call last):
    ...
    ValueError: events: column 'id' (user_col) has 1 missing id(s); drop or fill them first
    """
    s = df[col]
    n_missing = int(s.isna().sum())
    if n_missing:
        raise ValueError(f"{frame}: {_label(col, param)} has {n_missing} missing id(s); drop or fill them first")
    return s


def datetimes(
    df: pd.DataFrame, col: str, *, param: str | None = None, frame: str = "data", allow_missing: bool = False
) -> pd.Series:
    """Return ``df[col]`` as datetimes, parsing strings if needed.

    Time-zone-aware values are converted to naive local wall time of their own zone only when
    all values share one zone; mixed zones are refused because "which day was it?" has no single
    answer for them.

    ``allow_missing=True`` accepts empty values (NaT), e.g. for a pipeline stage never reached.

    Raises
    ------
    ValueError
        If the column has missing values (unless allowed), values that cannot be parsed, or mixed
        time zones.

    Examples
    --------
    >>> datetimes(pd.DataFrame({"t": ["2024-01-05", "not a date"]}), "t", param="time_col")
    Traceback (most recent call last):
    ...
    ValueError: data: column 't' (time_col) has 1 value(s) that cannot be parsed as dates, e.g. 'not a date'
    >>> datetimes(pd.DataFrame({"t": ["2024-01-05"]}), "t").dt.year.tolist()
    [2024]
    """
    s = df[col]
    label = f"{frame}: {_label(col, param)}"
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        return s.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(s.dtype):
        out = s
    else:
        if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
            raise ValueError(f"{label} has dtype {s.dtype}, expected dates or date strings")
        try:
            with warnings.catch_warnings():  # "could not infer format": we report bad values ourselves
                warnings.simplefilter("ignore", UserWarning)
                out = pd.to_datetime(s)
        except (ValueError, TypeError) as exc:
            msg = str(exc)
            if "zone" in msg.lower() or "offset" in msg.lower():
                raise ValueError(f"{label} mixes time zones; convert to one zone first") from None
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                parsed = pd.to_datetime(s, errors="coerce", format="mixed")
            bad = s[parsed.isna() & s.notna()]
            if len(bad):
                raise ValueError(
                    f"{label} has {len(bad)} value(s) that cannot be parsed as dates, e.g. {bad.iloc[0]!r}"
                ) from None
            raise ValueError(f"{label} cannot be parsed as dates: {msg}") from None
        if isinstance(out.dtype, pd.DatetimeTZDtype):
            out = out.dt.tz_localize(None)
        elif out.dtype == object:
            raise ValueError(f"{label} mixes time zones; convert to one zone first")
    n_missing = int(out.isna().sum())
    if n_missing and not allow_missing:
        raise ValueError(f"{label} has {n_missing} missing date(s)")
    return out


def date_value(value: object, *, param: str) -> pd.Timestamp:
    """Parse one date given as a parameter (``as_of``, ``observation_end``...) to a naive Timestamp.

    Examples
    --------
    >>> date_value("2024-06-30", param="as_of")
    Timestamp('2024-06-30 00:00:00')
    >>> date_value("someday", param="as_of")
    Traceback (most recent call last):
    ...
    ValueError: as_of must be a date, got 'someday'
    """
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(f"{param} must be a date, got {value!r}") from None
    if pd.isna(ts):
        raise ValueError(f"{param} must be a date, got {value!r}")
    return ts.tz_localize(None) if ts.tzinfo is not None else ts


def numeric(
    df: pd.DataFrame,
    col: str,
    *,
    param: str | None = None,
    frame: str = "data",
    allow_negative: bool = False,
    allow_nan: bool = False,
) -> pd.Series:
    """Return ``df[col]`` as float64 after checking dtype, NaN and sign.

    Examples
    --------
    >>> numeric(pd.DataFrame({"x": ["1", "2"]}), "x", param="value_col")
    Traceback (most recent call last):
    ...
    ValueError: data: column 'x' (value_col) has dtype str, expected numbers
    """
    s = df[col]
    label = f"{frame}: {_label(col, param)}"
    if not (pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)):
        raise ValueError(f"{label} has dtype {s.dtype}, expected numbers")
    values = s.to_numpy(dtype="float64", na_value=np.nan)
    nan = np.isnan(values)
    if not allow_nan and nan.any():
        raise ValueError(f"{label} has {int(nan.sum())} missing (NaN) value(s)")
    if np.isinf(values).any():
        raise ValueError(f"{label} has infinite value(s)")
    if not allow_negative:
        neg = values < 0
        if neg.any():
            raise ValueError(
                f"{label} has {int(neg.sum())} negative value(s), e.g. {float(values[neg][0])!r}; amounts must be >= 0"
            )
    return pd.Series(values, index=s.index, name=s.name)


def unique_keys(df: pd.DataFrame, cols: Sequence[str], *, frame: str = "data") -> None:
    """Check that the key columns identify each row once.

    Examples
    --------
    >>> unique_keys(pd.DataFrame({"a": [1, 1], "m": [2, 2]}), ["a", "m"], frame="mrr")
    Traceback (most recent call last):
    ...
    ValueError: mrr: duplicate keys in columns ['a', 'm']: 1 repeated row(s), e.g. (1, 2); aggregate first
    """
    dup = df.duplicated(list(cols), keep="first")
    if dup.any():
        first = df.loc[dup, list(cols)].iloc[0]
        example = tuple(first.tolist()) if len(cols) > 1 else first.iloc[0]
        raise ValueError(
            f"{frame}: duplicate keys in columns {list(cols)}: {int(dup.sum())} repeated row(s), "
            f"e.g. {example}; aggregate first"
        )


def increasing(values: Iterable[float], *, param: str) -> list[float]:
    """Check that cut points or thresholds are strictly increasing and return them as a list.

    Examples
    --------
    >>> increasing([0.2, 0.1], param="thresholds")
    Traceback (most recent call last):
    ...
    ValueError: thresholds must be strictly increasing, got [0.2, 0.1]
    """
    vals = [float(v) for v in values]
    if any(np.isnan(v) for v in vals):
        raise ValueError(f"{param} must not contain NaN, got {vals}")
    if any(b <= a for a, b in zip(vals, vals[1:])):
        raise ValueError(f"{param} must be strictly increasing, got {vals}")
    return vals


def one_of(value: object, allowed: Iterable[object], *, param: str) -> None:
    """Check that an option is one of the allowed values.

    Examples
    --------
    >>> one_of("Q", ["D", "W", "M"], param="period")
    Traceback (most recent call last):
    ...
    ValueError: period must be one of ['D', 'W', 'M'], got 'Q'
    """
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"{param} must be one of {allowed}, got {value!r}")
