"""Ordered funnels (漏斗) from an event log, and growth-model metric trees on plain numbers.

Two families of helpers live here:

* **Event-log funnels**: :func:`ordered_funnel` counts the users who did a list of steps in
  order (optionally within a conversion window, per segment), and :func:`time_to_convert` gives
  each user's time between two steps with the same definition.
* **Growth models on numbers** (seed 003's metric trees): :func:`funnel_from_rates` turns a top
  of funnel and step rates into users and revenue at each stage (the four growth models in
  :data:`GROWTH_MODELS` all fit it), and :func:`viral_coefficient`, :func:`viral_amplification`
  and :func:`viral_generations` describe acquisition by fission (裂变).

The default funnel definition (sequential, anchored at the first step-1 event) is written out in
docs/definitions/funnel.md.

Examples
--------
>>> import pandas as pd
>>> ev = pd.DataFrame({
...     "user_id": ["a", "a", "a", "b", "b"],
...     "event": ["visit", "signup", "purchase", "visit", "purchase"],
...     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03",
...                                  "2024-01-01", "2024-01-05"]),
... })
>>> ordered_funnel(ev, ["visit", "signup", "purchase"])[["step", "users", "overall_conversion"]]
       step  users  overall_conversion
0     visit      2                 1.0
1    signup      1                 0.5
2  purchase      1                 0.5
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Real

import numpy as np
import pandas as pd

from playbook_lib import validate

__all__ = [
    "GROWTH_MODELS",
    "ordered_funnel",
    "time_to_convert",
    "funnel_from_rates",
    "viral_coefficient",
    "viral_amplification",
    "viral_generations",
]

_NEVER = np.iinfo(np.int64).max

#: Seed 003's four C-side growth models as ordered stage names, for :func:`funnel_from_rates`.
GROWTH_MODELS: dict[str, list[str]] = {
    # 拉新 / 裂变: a user sees the share, gets interested, shares it on
    "acquisition": ["see", "interest", "share"],
    # 转化: touch point -> interest -> purchase intent -> buy
    "conversion": ["touch", "interest", "intent", "buy"],
    # 促活: a ladder of community activity, each rung deeper than the last
    "activity": ["check_in", "reply", "ask", "help_others"],
    # 召回: notification received -> opened -> converted back
    "reactivation": ["notification_received", "notification_opened", "converted"],
}


# ------------------------------------------------------------------------------ helpers
def _check_steps(steps: object) -> list[str]:
    if isinstance(steps, str) or not isinstance(steps, Sequence):
        raise ValueError(f"steps must be a list of event names, got {steps!r}")
    steps = list(steps)
    if len(steps) == 0:
        raise ValueError("steps must name at least one event, got []")
    seen: set = set()
    for s in steps:
        if s in seen:
            raise ValueError(f"steps has a duplicate step {s!r}; each step must appear once, got {steps}")
        seen.add(s)
    return steps


def _window_ns(window: object) -> int | None:
    if window is None:
        return None
    try:
        w = pd.Timedelta(window)
    except (ValueError, TypeError):
        raise ValueError(f"window must be a pd.Timedelta (e.g. pd.Timedelta(days=7)), got {window!r}") from None
    if pd.isna(w) or w < pd.Timedelta(0):
        raise ValueError(f"window must be a non-negative pd.Timedelta, got {window!r}")
    return int(w.value)


def _times_ns(s: pd.Series) -> np.ndarray:
    """Datetime values as int64 nanoseconds (any resolution)."""
    return s.to_numpy().astype("datetime64[ns]").view("int64")


def _step_times(
    events: pd.DataFrame,
    steps: list[str],
    *,
    user_col: str,
    event_col: str,
    time_col: str,
    window: object,
    start: str,
    segment_col: str | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Per user and step, the time (int64 ns) the user reached the step, or ``_NEVER``.

    Returns ``(times, user_labels, seg_codes, seg_labels)``; ``times`` has shape (users, steps)
    and only covers users with at least one step event.
    """
    validate.require_frame(events, frame="events")
    cols = {"user_col": user_col, "event_col": event_col, "time_col": time_col}
    if segment_col is not None:
        cols["segment_col"] = segment_col
    validate.require_columns(events, cols, frame="events")
    validate.one_of(start, ["first", "any"], param="start")
    w = _window_ns(window)

    ecodes, labels = pd.factorize(events[event_col])
    pos = {s: i for i, s in enumerate(steps)}
    missing = [s for s in steps if s not in set(labels)]
    if missing:
        raise ValueError(
            f"events: step {missing[0]!r} never occurs in column '{event_col}' (event_col); "
            f"check the spelling (steps={steps})"
        )
    lookup = np.array([pos.get(x, -1) for x in labels] + [-1], dtype=np.int8)
    step = lookup[ecodes]
    keep = np.flatnonzero(step >= 0)
    step = step[keep]
    sub = events.iloc[keep] if len(keep) < len(events) else events
    validate.ids(sub, user_col, param="user_col", frame="events")
    t = validate.datetimes(sub, time_col, param="time_col", frame="events")
    ts = _times_ns(t)
    codes, users = pd.factorize(sub[user_col].to_numpy())
    codes = codes.astype(np.int64, copy=False)
    n, k = len(users), len(steps)
    times = np.full((n, k), _NEVER, dtype=np.int64)

    seg_codes = seg_labels = None
    if start == "first":
        prev = first = None
        for j in range(k):
            idx = np.flatnonzero(step == j)
            u, tt = codes[idx], ts[idx]
            if j:
                ok = tt > prev[u]  # strictly after the previous step (False when never reached)
                if w is not None:
                    ok &= (tt - first[u]) <= w
                u, tt = u[ok], tt[ok]
            cur = np.full(n, _NEVER, dtype=np.int64)
            np.minimum.at(cur, u, tt)
            if j == 0:
                first = cur
            times[:, j] = cur
            prev = cur
        anchor_rows = None
        if segment_col is not None:
            # the segment of the row holding the user's first step-1 event
            idx0 = np.flatnonzero(step == 0)
            hit = idx0[ts[idx0] == first[codes[idx0]]]
            hit_users, at = np.unique(codes[hit], return_index=True)  # ties: the first row wins
            anchor_rows = np.full(n, -1, dtype=np.int64)
            anchor_rows[hit_users] = hit[at]
    else:  # start == "any": best chain over every step-1 event (ClickHouse windowFunnel style)
        # times as dense ranks so that (user, time) fits one int64 key
        _, trank = np.unique(ts, return_inverse=True)
        n_t = int(trank.max()) + 1
        key = codes * n_t + trank.astype(np.int64)
        idx0 = np.flatnonzero(step == 0)
        cand_row = idx0                      # one candidate chain per step-1 event
        cand_u, cand_t0 = codes[idx0], ts[idx0]
        cand_key = key[idx0]
        alive = np.ones(idx0.size, dtype=bool)
        chain = np.full((idx0.size, k), _NEVER, dtype=np.int64)
        chain[:, 0] = cand_t0
        for j in range(1, k):
            idx = np.flatnonzero(step == j)
            o = np.argsort(key[idx], kind="stable")
            kj, tj = key[idx][o], ts[idx][o]
            # earliest step-j event of the same user strictly after the chain's current time
            p = np.searchsorted(kj, cand_key, side="right")
            pc = np.minimum(p, max(kj.size - 1, 0))
            found = alive & (p < kj.size)
            if kj.size:
                found &= (kj[pc] // n_t) == cand_u
                nxt_t, nxt_key = tj[pc], kj[pc]
            else:
                nxt_t = nxt_key = np.zeros(idx0.size, dtype=np.int64)
            if w is not None:
                found &= (nxt_t - cand_t0) <= w
            alive = found
            chain[:, j] = np.where(alive, nxt_t, _NEVER)
            cand_key = np.where(alive, nxt_key, cand_key)
        # per user: the chain reaching the furthest step; among those the earliest start
        depth = (chain != _NEVER).sum(axis=1)
        best = np.lexsort((cand_t0, -depth, cand_u))
        firsts = np.ones(best.size, dtype=bool)
        firsts[1:] = cand_u[best][1:] != cand_u[best][:-1]
        pick = best[firsts]
        times[cand_u[pick]] = chain[pick]
        anchor_rows = np.full(n, -1, dtype=np.int64)
        anchor_rows[cand_u[pick]] = cand_row[pick]
    if segment_col is not None:
        seg_all = sub[segment_col].to_numpy()
        reached = anchor_rows >= 0
        seg_vals = np.empty(n, dtype=object)
        seg_vals[reached] = seg_all[anchor_rows[reached]]
        seg_codes, seg_labels = pd.factorize(pd.Series(seg_vals[reached]), use_na_sentinel=False)
        full = np.full(n, -1, dtype=np.int64)
        full[reached] = seg_codes
        seg_codes = full
        seg_labels = np.asarray(seg_labels)
    return times, np.asarray(users), seg_codes, seg_labels


def _report(steps: list[str], times: np.ndarray) -> pd.DataFrame:
    reached = times != _NEVER
    users = reached.sum(axis=0).astype(np.int64)
    prev = np.concatenate(([users[0]], users[:-1]))
    with np.errstate(invalid="ignore", divide="ignore"):
        step_conv = np.where(prev > 0, users / np.maximum(prev, 1), np.nan)
        overall = np.where(users[0] > 0, users / max(users[0], 1), np.nan)
    med: list[pd.Timedelta] = [pd.NaT]
    for j in range(1, len(steps)):
        r = reached[:, j]
        med.append(pd.Timedelta(int(np.median(times[r, j] - times[r, j - 1])), unit="ns") if r.any() else pd.NaT)
    return pd.DataFrame({
        "step": list(steps),
        "users": users,
        "step_conversion": step_conv,
        "overall_conversion": overall,
        "drop_off": prev - users,
        "median_time_from_previous": pd.to_timedelta(pd.Series(med, dtype="object")),
    })


# --------------------------------------------------------------------------- funnels
def ordered_funnel(
    events: pd.DataFrame,
    steps: Sequence[str],
    *,
    user_col: str = "user_id",
    event_col: str = "event",
    time_col: str = "timestamp",
    window: pd.Timedelta | None = None,
    start: str = "first",
    count: str = "users",
    segment_col: str | None = None,
) -> pd.DataFrame:
    """Ordered (sequential) funnel: how many users did the steps in this order.

    Default definition (``start="first"``, ``count="users"``): t1 is the user's FIRST step-1
    event; t_k is the earliest step-k event strictly after t_(k-1); with a ``window``, also
    t_k - t1 <= window. A user is counted at step k when t_k exists. This matches Mixpanel's
    default funnel (uniques, anchored at the first time the user did step 1, steps in order
    within the conversion window).

    Parameters
    ----------
    events : pandas.DataFrame
        Event log, one row per event.
    steps : sequence of str
        Event names in funnel order; each must occur in ``event_col`` and appear once.
    user_col, event_col, time_col : str
        Column names of the user id, event name and event time.
    window : pandas.Timedelta, optional
        Conversion window measured from the first step-1 event (e.g. ``pd.Timedelta(days=7)``).
    start : {"first", "any"}
        ``"first"``: anchor at the user's first step-1 event (default). ``"any"``: any step-1
        event may start the chain and the user counts for the furthest step any start reaches
        within the window, like ClickHouse ``windowFunnel`` in ``'strict_increase'`` mode.
        Without a window both give the same counts.
    count : {"users", "events"}
        ``"users"`` (default) counts users as above. ``"events"`` counts raw event rows per
        step name, ignoring order, users and window: the misleading "event count" funnel, only
        for showing why it misleads (conversions can exceed 1).
    segment_col : str, optional
        A column of ``events`` (e.g. channel): return one funnel per segment, as a long frame
        with ``segment_col`` first. A user's segment is the value on the row of the event that
        anchors their funnel (their first step-1 event); users with a missing segment form
        their own group. Not available with ``count="events"``.

    Returns
    -------
    pandas.DataFrame
        One row per step (per segment) in the given order: ``step``, ``users`` (int),
        ``step_conversion`` (users / previous step's users, 1.0 at step 1; NaN after a step
        with 0 users),
        ``overall_conversion`` (users / step-1 users), ``drop_off`` (users lost since the
        previous step, 0 at step 1) and ``median_time_from_previous`` (Timedelta; NaT at step
        1 and for ``count="events"``). With ``count="events"`` the ``users`` column holds event
        counts.

    Raises
    ------
    ValueError
        Empty frame, missing column, missing ids, unparsable times, a step that never occurs
        in ``event_col``, duplicate steps, a bad ``window``, ``start`` or ``count``.

    Examples
    --------
    User ``a`` visits, signs up, then buys; ``b`` buys before signing up, so ``b`` stops at visit.

    >>> import pandas as pd
    >>> ev = pd.DataFrame({
    ...     "user_id": ["a", "a", "a", "b", "b", "b"],
    ...     "event": ["visit", "signup", "purchase", "visit", "purchase", "signup"],
    ...     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-04",
    ...                                  "2024-01-01", "2024-01-02", "2024-01-03"]),
    ... })
    >>> out = ordered_funnel(ev, ["visit", "signup", "purchase"])
    >>> out[["step", "users", "step_conversion", "drop_off"]]
           step  users  step_conversion  drop_off
    0     visit      2              1.0         0
    1    signup      2              1.0         0
    2  purchase      1              0.5         1
    >>> ordered_funnel(ev, ["visit", "signup", "purchase"], window=pd.Timedelta(days=2))["users"].tolist()
    [2, 2, 0]
    """
    steps = _check_steps(steps)
    validate.one_of(count, ["users", "events"], param="count")
    if count == "events":
        if segment_col is not None:
            raise ValueError("segment_col is not available with count='events'; use count='users'")
        validate.require_frame(events, frame="events")
        validate.require_columns(events, {"event_col": event_col}, frame="events")
        _window_ns(window)
        validate.one_of(start, ["first", "any"], param="start")
        vc = events[event_col].value_counts()
        missing = [s for s in steps if s not in vc.index]
        if missing:
            raise ValueError(
                f"events: step {missing[0]!r} never occurs in column '{event_col}' (event_col); "
                f"check the spelling (steps={steps})"
            )
        c = vc.reindex(steps).to_numpy(dtype=np.int64)
        prev = np.concatenate(([c[0]], c[:-1]))
        return pd.DataFrame({
            "step": steps,
            "users": c,
            "step_conversion": c / prev,
            "overall_conversion": c / c[0],
            "drop_off": prev - c,
            "median_time_from_previous": pd.to_timedelta([pd.NaT] * len(steps)),
        })
    times, _, seg_codes, seg_labels = _step_times(
        events, steps, user_col=user_col, event_col=event_col, time_col=time_col,
        window=window, start=start, segment_col=segment_col,
    )
    if segment_col is None:
        return _report(steps, times)
    parts = []
    for i, label in enumerate(seg_labels):  # a handful of segments
        part = _report(steps, times[seg_codes == i])
        part.insert(0, segment_col, label)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def time_to_convert(
    events: pd.DataFrame,
    from_step: str,
    to_step: str,
    *,
    user_col: str = "user_id",
    event_col: str = "event",
    time_col: str = "timestamp",
    window: pd.Timedelta | None = None,
) -> pd.Series:
    """Each converting user's time from ``from_step`` to ``to_step`` (转化时长).

    Same definition as :func:`ordered_funnel` with two steps: from the user's first
    ``from_step`` event to their earliest ``to_step`` event strictly after it (within
    ``window`` if given). Users who never convert are left out.

    Parameters
    ----------
    events : pandas.DataFrame
        Event log.
    from_step, to_step : str
        The two event names (must differ and occur in ``event_col``).
    user_col, event_col, time_col : str
        Column names.
    window : pandas.Timedelta, optional
        Only conversions within this time of the first ``from_step`` event count.

    Returns
    -------
    pandas.Series
        Timedelta per user, indexed by user id (index name = ``user_col``), name
        ``time_to_convert``, sorted by user id.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({
    ...     "user_id": ["a", "a", "b", "b", "c"],
    ...     "event": ["signup", "purchase", "signup", "purchase", "signup"],
    ...     "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-03 10:00",
    ...                                  "2024-01-01 08:00", "2024-01-01 09:30",
    ...                                  "2024-01-02 00:00"]),
    ... })
    >>> time_to_convert(ev, "signup", "purchase")
    user_id
    a   2 days 00:00:00
    b   0 days 01:30:00
    Name: time_to_convert, dtype: timedelta64[ns]
    """
    steps = _check_steps([from_step, to_step])
    times, users, _, _ = _step_times(
        events, steps, user_col=user_col, event_col=event_col, time_col=time_col,
        window=window, start="first",
    )
    ok = times[:, 1] != _NEVER
    out = pd.Series(
        (times[ok, 1] - times[ok, 0]).astype("timedelta64[ns]"),
        index=pd.Index(users[ok], name=user_col),
        name="time_to_convert",
    )
    return out.sort_index()


# ------------------------------------------------------------------ growth models (numbers)
def _rate(value: object, param: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{param} must be a number between 0 and 1, got {value!r}")
    v = float(value)
    if not (0.0 <= v <= 1.0):  # also rejects NaN
        raise ValueError(f"{param} must be between 0 and 1, got {v!r}")
    return v


def _non_negative(value: object, param: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{param} must be a number >= 0, got {value!r}")
    v = float(value)
    if not (0.0 <= v < math.inf):
        raise ValueError(f"{param} must be a finite number >= 0, got {v!r}")
    return v


def viral_coefficient(invites_per_user: float, invite_conversion: float) -> float:
    """Viral coefficient K (裂变系数) = invites sent per user x share of invites that convert.

    Each new user brings K more users. K < 1: growth from sharing fades out; K >= 1: each
    generation is at least as big as the last (self-sustaining viral growth). The critical
    value is 1.

    Parameters
    ----------
    invites_per_user : float
        Average invitations (shares) each user sends, >= 0.
    invite_conversion : float
        Share of invitations that turn into a new user, in [0, 1].

    Returns
    -------
    float

    Examples
    --------
    >>> viral_coefficient(4, 0.125)
    0.5
    """
    return _non_negative(invites_per_user, "invites_per_user") * _rate(invite_conversion, "invite_conversion")


def viral_amplification(k: float) -> float:
    """Total users per seed user after all generations: 1 + K + K^2 + ... = 1 / (1 - K).

    The geometric series only converges for K < 1. For K >= 1 (at or above the critical value)
    every generation is at least as big as the last, the total grows without bound and the
    function returns ``math.inf``.

    Parameters
    ----------
    k : float
        Viral coefficient, >= 0.

    Returns
    -------
    float
        ``1 / (1 - k)`` for ``k < 1``, else ``math.inf``.

    Examples
    --------
    >>> viral_amplification(0.5)
    2.0
    >>> viral_amplification(1.2)
    inf
    """
    k = _non_negative(k, "k")
    return math.inf if k >= 1 else 1.0 / (1.0 - k)


def viral_generations(seed_users: float, k: float, n: int) -> pd.DataFrame:
    """New and cumulative users per generation of viral sharing (fission 裂变).

    Generation 0 is the seed; generation g brings ``seed_users * k**g`` new users.

    Parameters
    ----------
    seed_users : float
        Users in generation 0, >= 0.
    k : float
        Viral coefficient, >= 0 (see :func:`viral_coefficient`).
    n : int
        Last generation to show (>= 0).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``generation`` 0..n with ``new_users`` and ``total_users`` (floats: expected
        values).

    Examples
    --------
    >>> viral_generations(1000, 0.5, 3).reset_index()
       generation  new_users  total_users
    0           0     1000.0       1000.0
    1           1      500.0       1500.0
    2           2      250.0       1750.0
    3           3      125.0       1875.0
    """
    seed = _non_negative(seed_users, "seed_users")
    k = _non_negative(k, "k")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be an integer >= 0, got {n!r}")
    g = np.arange(int(n) + 1)
    new = seed * np.power(k, g, dtype=float)
    return pd.DataFrame({"new_users": new, "total_users": np.cumsum(new)},
                        index=pd.Index(g, name="generation"))


def funnel_from_rates(
    top: float,
    rates: Sequence[float] | Mapping[str, float],
    *,
    steps: Sequence[str] | None = None,
    value_per_conversion: float | Sequence[float] | None = None,
) -> pd.DataFrame:
    """Users (and revenue) at each stage of a funnel or metric tree from its step rates.

    ``users[0] = top`` and ``users[i] = users[i-1] * rates[i-1]``. Serves seed 003's four growth
    models (see :data:`GROWTH_MODELS`): acquisition by fission (see -> interest -> share),
    conversion (touch -> interest -> intent -> buy), activity (check-in -> reply -> ask -> help
    others) and reactivation (notification received -> opened -> converted). Used by the
    what-if widget: change a rate, see users and revenue move.

    Parameters
    ----------
    top : float
        Users entering the first stage, >= 0.
    rates : sequence of float or mapping
        Conversion rate from each stage to the next, each in [0, 1]. A mapping
        ``{stage name: rate into that stage}`` names stages 2..k.
    steps : sequence of str, optional
        Names of all k = len(rates) + 1 stages. Defaults to ``"step 1"``... (or, with a
        mapping, ``"top"`` followed by its keys).
    value_per_conversion : float or sequence of float, optional
        Revenue per user: a number applies to the last stage only (e.g. average order value,
        客单价); a sequence gives one value per stage.

    Returns
    -------
    pandas.DataFrame
        ``step``, ``users``, ``step_conversion``, ``overall_conversion``, ``drop_off`` and,
        with ``value_per_conversion``, ``revenue``.

    Raises
    ------
    ValueError
        A rate outside [0, 1] (named ``rates[i]``), negative ``top``, wrong number of
        ``steps`` or values.

    Examples
    --------
    >>> funnel_from_rates(10_000, {"interest": 0.2, "intent": 0.3, "buy": 0.5},
    ...                   value_per_conversion=80.0)
           step    users  step_conversion  overall_conversion  drop_off  revenue
    0       top  10000.0              1.0                1.00       0.0      0.0
    1  interest   2000.0              0.2                0.20    8000.0      0.0
    2    intent    600.0              0.3                0.06    1400.0      0.0
    3       buy    300.0              0.5                0.03     300.0  24000.0
    """
    top_v = _non_negative(top, "top")
    if isinstance(rates, pd.Series):
        rates = {str(key): value for key, value in rates.items()}
    elif isinstance(rates, np.ndarray):
        rates = rates.tolist()
    if isinstance(rates, Mapping):
        names = ["top", *[str(key) for key in rates]]
        rate_list = list(rates.values())
        labels = [f"rates[{key!r}]" for key in rates]
    elif isinstance(rates, Sequence) and not isinstance(rates, str):
        rate_list = list(rates)
        names = [f"step {i + 1}" for i in range(len(rate_list) + 1)]
        labels = [f"rates[{i}]" for i in range(len(rate_list))]
    else:
        raise ValueError(f"rates must be a list of numbers or a mapping of stage -> rate, got {rates!r}")
    r = np.array([_rate(v, lab) for v, lab in zip(rate_list, labels)], dtype=float)
    if steps is not None:
        if isinstance(steps, str) or len(steps) != len(r) + 1:
            raise ValueError(f"steps must name {len(r) + 1} stages (len(rates) + 1), got {steps!r}")
        names = [str(s) for s in steps]
    users = top_v * np.concatenate(([1.0], np.cumprod(r)))
    prev = np.concatenate(([users[0]], users[:-1]))
    out = pd.DataFrame({
        "step": names,
        "users": users,
        "step_conversion": np.concatenate(([1.0], r)),
        "overall_conversion": np.concatenate(([1.0], np.cumprod(r))),
        "drop_off": prev - users,
    })
    if value_per_conversion is not None:
        if isinstance(value_per_conversion, Sequence) and not isinstance(value_per_conversion, str):
            if len(value_per_conversion) != len(users):
                raise ValueError(
                    f"value_per_conversion must be one number or {len(users)} numbers (one per stage), "
                    f"got {len(value_per_conversion)}"
                )
            vals = np.array([_non_negative(v, f"value_per_conversion[{i}]")
                             for i, v in enumerate(value_per_conversion)])
        else:
            vals = np.zeros(len(users))
            vals[-1] = _non_negative(value_per_conversion, "value_per_conversion")
        out["revenue"] = users * vals
    return out
