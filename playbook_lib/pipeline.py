"""The B2B sales pipeline (销售漏斗): lead (线索) -> MQL -> SQL -> opportunity (商机) -> won (赢单).

A B2B lead table has one row per lead with a date per stage (NaT when the stage was never
reached, or was skipped), an outcome (``"won"``, ``"lost"``, ``"open"``) and a deal value (the
annual contract value). The helpers here answer the questions of notebook 03:

* :func:`stage_waterfall`: how many leads reached each stage (cumulative), step and overall
  conversion (转化率), optionally by segment or channel;
* :func:`win_rates`: win rate (赢单率) on a closed and on an all-opportunity basis, by count and by value;
* :func:`sales_cycle`: how long deals take (销售周期), median and quartiles in days;
* :func:`pipeline_velocity`: expected won value per day (or month) of the current pipeline;
* :func:`channel_results`: results and cost per won deal (CPA) by channel or segment;
* :func:`lead_score` and :func:`conversion_by_role`: lead quality by buying role and seniority
  ("100 directors beat 1000 specialists");
* :func:`reverse_funnel`: from a revenue target back to the leads needed per month.

Definitions, options and sources are in ``docs/definitions/pipeline.md``.

Examples
--------
>>> import pandas as pd
>>> leads = pd.DataFrame({
...     "created_at": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"]),
...     "mql_at": pd.to_datetime(["2024-01-05", None, None]),
...     "sql_at": pd.to_datetime(["2024-01-09", "2024-01-08", None]),
...     "opportunity_at": pd.to_datetime(["2024-01-20", None, None]),
...     "outcome": ["won", "lost", "lost"]})
>>> stage_waterfall(leads)["leads"].tolist()
[3, 2, 2, 1, 1]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from playbook_lib import validate

__all__ = [
    "DEFAULT_STAGE_COLS",
    "DEFAULT_ROLE_WEIGHTS",
    "DEFAULT_SENIORITY_WEIGHTS",
    "REVERSE_FUNNEL_RATES",
    "stage_waterfall",
    "win_rates",
    "sales_cycle",
    "pipeline_velocity",
    "channel_results",
    "lead_score",
    "conversion_by_role",
    "reverse_funnel",
]

#: Stage name -> date column, in funnel order (the won stage comes from the outcome column).
DEFAULT_STAGE_COLS: Mapping[str, str] = {
    "lead": "created_at",
    "mql": "mql_at",
    "sql": "sql_at",
    "opportunity": "opportunity_at",
}

#: Fit weight of a buying role (对接人 contact person, 使用人 end user, 决策人 decision maker), 0..1.
DEFAULT_ROLE_WEIGHTS: Mapping[str, float] = {"decision_maker": 1.0, "contact_person": 0.6, "end_user": 0.4}

#: Fit weight of a seniority level, 0..1.
DEFAULT_SENIORITY_WEIGHTS: Mapping[str, float] = {"executive": 1.0, "director": 0.8, "manager": 0.5,
                                                  "specialist": 0.2}

#: Keys of the ``rates`` mapping of :func:`reverse_funnel`, top of the funnel first.
REVERSE_FUNNEL_RATES: tuple[str, ...] = ("lead_to_mql", "mql_to_sql", "sql_to_opportunity", "opportunity_to_won")

_DAY = np.timedelta64(1, "D")
_DAYS_PER_MONTH = 365.25 / 12
_FRAME = "leads"


# ------------------------------------------------------------------------------ private helpers
def _optional_dates(df: pd.DataFrame, col: str, *, param: str) -> np.ndarray:
    """A date column as datetime64[ns] with NaT allowed (never reached); bad strings refused."""
    s = df[col]
    if pd.api.types.is_datetime64_dtype(s.dtype) and not isinstance(s.dtype, pd.DatetimeTZDtype):
        return s.to_numpy().astype("datetime64[ns]")
    ok = s.notna().to_numpy()
    out = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[ns]")
    if ok.any():
        parsed = validate.datetimes(df.loc[ok, [col]], col, param=param, frame=_FRAME)
        out[ok] = parsed.to_numpy().astype("datetime64[ns]")
    elif pd.api.types.is_numeric_dtype(s.dtype) and not s.isna().all():
        raise ValueError(f"{_FRAME}: column '{col}' ({param}) has dtype {s.dtype}, expected dates")
    return out


def _outcomes(df: pd.DataFrame, outcome_col: str, labels: Sequence[str]) -> np.ndarray:
    s = df[outcome_col]
    bad = s.notna() & ~s.isin(list(labels))
    if s.isna().any():
        raise ValueError(f"{_FRAME}: column '{outcome_col}' (outcome_col) has {int(s.isna().sum())} missing value(s)")
    if bad.any():
        raise ValueError(f"{_FRAME}: column '{outcome_col}' (outcome_col) has unknown value(s) "
                         f"{sorted(map(str, s[bad].unique()))[:5]}; expected one of {list(labels)}")
    return s.to_numpy(dtype=object)


def _groups(df: pd.DataFrame, by: str | None) -> tuple[np.ndarray, pd.Index]:
    """Group codes and labels (sorted); one group 'all' when ``by`` is None."""
    if by is None:
        return np.zeros(len(df), dtype=np.int64), pd.Index(["all"], name="group")
    validate.require_columns(df, {"by": by}, frame=_FRAME)
    validate.ids(df, by, param="by", frame=_FRAME)
    codes, uniq = pd.factorize(df[by], sort=True)
    return codes.astype(np.int64), pd.Index(uniq, name=by)


def _stage_cols(stage_cols: Mapping[str, str] | None) -> dict[str, str]:
    cols = dict(DEFAULT_STAGE_COLS if stage_cols is None else stage_cols)
    if not cols:
        raise ValueError("stage_cols must name at least one stage")
    return cols


def _reached(df: pd.DataFrame, cols: Mapping[str, str], won: np.ndarray | None) -> np.ndarray:
    """Bool matrix leads x stages: reached a stage = it or any later stage has a date (or won).

    The first stage counts every row (each row is a lead)."""
    has = np.column_stack([~np.isnat(_optional_dates(df, c, param=f"stage_cols['{s}']"))
                           for s, c in cols.items()])
    if won is not None:
        has = np.column_stack([has, won])
    reached = np.logical_or.accumulate(has[:, ::-1], axis=1)[:, ::-1]
    reached[:, 0] = True
    return reached


def _counts_by_group(values: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(codes, weights=values, minlength=n)


# ------------------------------------------------------------------------------ waterfall
def stage_waterfall(
    leads: pd.DataFrame,
    *,
    stage_cols: Mapping[str, str] | None = None,
    outcome_col: str | None = "outcome",
    won_label: str = "won",
    by: str | None = None,
) -> pd.DataFrame:
    """Cumulative stage waterfall of the B2B funnel (线索 -> MQL -> SQL -> 商机 -> 赢单).

    A lead counts at a stage when it has a date at that stage **or at any later stage** (or
    is won): a lead that skipped MQL and went straight to SQL still passed the MQL stage. Stage
    counts therefore never increase down the funnel. This is the "cumulative" (has reached at
    least this stage) funnel that sales teams draw on whiteboards. CRM funnel reports differ: a
    strict in-order funnel (HubSpot's default funnel, ClickHouse ``windowFunnel``) drops leads
    that skipped a stage, and an "any stage" funnel counts only the stages a record actually
    recorded, so neither equals this count when stages are skipped.

    Parameters
    ----------
    leads : pandas.DataFrame
        One row per lead.
    stage_cols : Mapping[str, str], optional
        ``{stage name: date column}`` in funnel order; default :data:`DEFAULT_STAGE_COLS`
        (lead, mql, sql, opportunity). The first stage counts every row.
    outcome_col : str or None
        Outcome column; adds a last stage ``"won"`` (rows equal to ``won_label``). ``None``: no
        won stage.
    won_label : str
        The outcome value that means won.
    by : str, optional
        Column to split by (e.g. ``"segment"`` or ``"channel"``); one waterfall per group.

    Returns
    -------
    pandas.DataFrame
        Columns ``[by,] stage, leads, step_conversion, overall_conversion``: ``leads`` = number
        of leads that reached the stage, step = ÷ previous stage (1 at the first stage),
        overall = ÷ first stage.

    Raises
    ------
    ValueError
        Empty frame, missing columns, unparsable dates, missing outcomes, NaN ``by`` values.

    Examples
    --------
    >>> leads = pd.DataFrame({
    ...     "created_at": pd.to_datetime(["2024-01-01"] * 4),
    ...     "mql_at": pd.to_datetime(["2024-01-02", "2024-01-02", None, None]),
    ...     "sql_at": pd.to_datetime(["2024-01-05", None, "2024-01-04", None]),
    ...     "opportunity_at": pd.to_datetime(["2024-01-09", None, None, None]),
    ...     "outcome": ["won", "lost", "open", "lost"]})
    >>> stage_waterfall(leads)
             stage  leads  step_conversion  overall_conversion
    0         lead      4         1.000000                1.00
    1          mql      3         0.750000                0.75
    2          sql      2         0.666667                0.50
    3  opportunity      1         0.500000                0.25
    4          won      1         1.000000                0.25
    """
    validate.require_frame(leads, frame=_FRAME)
    cols = _stage_cols(stage_cols)
    validate.require_columns(leads, {f"stage_cols['{s}']": c for s, c in cols.items()}, frame=_FRAME)
    won = None
    names = list(cols)
    if outcome_col is not None:
        validate.require_columns(leads, {"outcome_col": outcome_col}, frame=_FRAME)
        out = leads[outcome_col]
        if out.isna().any():
            raise ValueError(f"{_FRAME}: column '{outcome_col}' (outcome_col) has {int(out.isna().sum())} missing value(s)")
        won = (out == won_label).to_numpy(dtype=bool)
        names.append("won")
    codes, groups = _groups(leads, by)
    reached = _reached(leads, cols, won)
    n_g, n_s = len(groups), len(names)
    counts = np.bincount((codes[:, None] * n_s + np.arange(n_s)).ravel(), weights=reached.ravel(),
                         minlength=n_g * n_s).reshape(n_g, n_s).astype(np.int64)
    prev = np.concatenate([counts[:, :1], counts[:, :-1]], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        step = counts / prev
        overall = counts / counts[:, :1]
    res = pd.DataFrame({
        "stage": np.tile(names, n_g),
        "leads": counts.ravel(),
        "step_conversion": step.ravel(),
        "overall_conversion": overall.ravel(),
    })
    if by is not None:
        res.insert(0, by, np.repeat(groups.to_numpy(), n_s))
    return res


# ------------------------------------------------------------------------------ win rates
def _opportunity_frame(
    leads: pd.DataFrame, *, outcome_col: str, value_col: str | None, opportunity_col: str,
    won_label: str, lost_label: str, open_label: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(is_opportunity, outcome array, deal values with NaN -> 0 outside opportunities)."""
    validate.require_frame(leads, frame=_FRAME)
    cols = {"outcome_col": outcome_col, "opportunity_col": opportunity_col}
    if value_col is not None:
        cols["value_col"] = value_col
    validate.require_columns(leads, cols, frame=_FRAME)
    outcome = _outcomes(leads, outcome_col, [won_label, lost_label, open_label])
    opp = ~np.isnat(_optional_dates(leads, opportunity_col, param="opportunity_col")) | (outcome == won_label)
    if value_col is None:
        return opp, outcome, np.zeros(len(leads))
    values = validate.numeric(leads, value_col, param="value_col", frame=_FRAME, allow_nan=True).to_numpy()
    missing = np.isnan(values) & opp
    if missing.any():
        raise ValueError(f"{_FRAME}: column '{value_col}' (value_col) is missing (NaN) for "
                         f"{int(missing.sum())} opportunity row(s); deal values are needed from the opportunity stage on")
    return opp, outcome, np.nan_to_num(values, nan=0.0)


def win_rates(
    leads: pd.DataFrame,
    *,
    by: str | None = None,
    outcome_col: str = "outcome",
    value_col: str = "deal_value",
    opportunity_col: str = "opportunity_at",
    won_label: str = "won",
    lost_label: str = "lost",
    open_label: str = "open",
) -> pd.DataFrame:
    """Win rate (赢单率) of opportunities, by count and by deal value, on two bases.

    Opportunities are leads with an opportunity date, plus won leads that skipped the stage.
    Leads lost before the opportunity stage are disqualified leads, not lost deals, so they do
    not count.

    * closed basis (default in Salesforce/HubSpot win-rate reports): won / (won + lost);
    * all-opportunity basis: won / all opportunities including open ones (lower while deals
      are still running; the basis of a "pipeline conversion" rate);
    * ``value_`` versions weight each opportunity by ``value_col`` (won value / closed value).

    Returns
    -------
    pandas.DataFrame
        Indexed by the ``by`` groups (or one row ``"all"``): ``opportunities``, ``won``,
        ``lost``, ``open``, ``win_rate_closed``, ``win_rate_all``, ``won_value``,
        ``lost_value``, ``open_value``, ``value_win_rate_closed``, ``value_win_rate_all``.

    Raises
    ------
    ValueError
        Missing columns, unknown or missing outcomes, unparsable dates, negative or missing
        deal values on opportunities, NaN ``by`` values.

    Examples
    --------
    Three opportunities: won 100, lost 300, open 100.

    >>> leads = pd.DataFrame({"opportunity_at": pd.to_datetime(["2024-01-01"] * 3 + [None]),
    ...                       "outcome": ["won", "lost", "open", "lost"],
    ...                       "deal_value": [100.0, 300.0, 100.0, None]})
    >>> win_rates(leads).loc["all", ["opportunities", "win_rate_closed", "value_win_rate_closed"]].tolist()
    [3.0, 0.5, 0.25]
    """
    opp, outcome, values = _opportunity_frame(
        leads, outcome_col=outcome_col, value_col=value_col, opportunity_col=opportunity_col,
        won_label=won_label, lost_label=lost_label, open_label=open_label)
    codes, groups = _groups(leads, by)
    n = len(groups)
    res = pd.DataFrame(index=groups)
    res["opportunities"] = _counts_by_group(opp.astype(float), codes, n).astype(np.int64)
    for label, name in ((won_label, "won"), (lost_label, "lost"), (open_label, "open")):
        res[name] = _counts_by_group((opp & (outcome == label)).astype(float), codes, n).astype(np.int64)
    for label, name in ((won_label, "won"), (lost_label, "lost"), (open_label, "open")):
        res[f"{name}_value"] = _counts_by_group(np.where(opp & (outcome == label), values, 0.0), codes, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        res["win_rate_closed"] = res["won"] / (res["won"] + res["lost"])
        res["win_rate_all"] = res["won"] / res["opportunities"]
        res["value_win_rate_closed"] = res["won_value"] / (res["won_value"] + res["lost_value"])
        res["value_win_rate_all"] = res["won_value"] / (res["won_value"] + res["lost_value"] + res["open_value"])
    return res[["opportunities", "won", "lost", "open", "win_rate_closed", "win_rate_all", "won_value",
                "lost_value", "open_value", "value_win_rate_closed", "value_win_rate_all"]]


# ------------------------------------------------------------------------------ cycle
def _cycle_days(leads: pd.DataFrame, start_col: str, end_col: str, keep: np.ndarray) -> np.ndarray:
    s = _optional_dates(leads, start_col, param="start_col")
    e = _optional_dates(leads, end_col, param="end_col")
    days = (e - s) / _DAY
    days = np.where(keep, days, np.nan)
    if (days < 0).any():
        raise ValueError(f"{_FRAME}: column '{end_col}' (end_col) is before '{start_col}' (start_col) in "
                         f"{int((days < 0).sum())} row(s)")
    return days


def sales_cycle(
    leads: pd.DataFrame,
    *,
    by: str | None = None,
    start_col: str = "created_at",
    end_col: str = "closed_at",
    outcome_col: str = "outcome",
    outcomes: Sequence[str] = ("won",),
) -> pd.DataFrame:
    """Sales cycle length (销售周期) in days, summarised per group.

    Default: created -> closed for won deals (the usual CRM "sales cycle"). Pass
    ``start_col="opportunity_at"`` to measure from opportunity creation (HubSpot's "deal
    age"), or ``outcomes=("won", "lost")`` to include lost deals. Rows without a date at either
    end (e.g. a skipped stage) are left out. Quartiles use linear interpolation (numpy/pandas
    default).

    Returns
    -------
    pandas.DataFrame
        Indexed by group (or ``"all"``): ``deals``, ``mean_days``, ``median_days``,
        ``p25_days``, ``p75_days``.

    Raises
    ------
    ValueError
        Missing columns, unparsable dates, end before start, empty ``outcomes``.

    Examples
    --------
    >>> leads = pd.DataFrame({"created_at": pd.to_datetime(["2024-01-01"] * 3),
    ...                       "closed_at": pd.to_datetime(["2024-01-11", "2024-01-31", "2024-01-05"]),
    ...                       "outcome": ["won", "won", "lost"]})
    >>> sales_cycle(leads).loc["all"].tolist()
    [2.0, 20.0, 20.0, 15.0, 25.0]
    """
    validate.require_frame(leads, frame=_FRAME)
    validate.require_columns(leads, {"start_col": start_col, "end_col": end_col, "outcome_col": outcome_col},
                             frame=_FRAME)
    outcomes = list(outcomes) if not isinstance(outcomes, str) else [outcomes]
    if not outcomes:
        raise ValueError("outcomes must name at least one outcome, e.g. ('won',)")
    keep = leads[outcome_col].isin(outcomes).to_numpy()
    days = _cycle_days(leads, start_col, end_col, keep)
    codes, groups = _groups(leads, by)
    ok = ~np.isnan(days)
    g = pd.Series(days[ok]).groupby(pd.Categorical.from_codes(codes[ok], categories=range(len(groups))),
                                    observed=False)
    res = pd.DataFrame({
        "deals": g.size().to_numpy(),
        "mean_days": g.mean().to_numpy(),
        "median_days": g.median().to_numpy(),
        "p25_days": g.quantile(0.25).to_numpy(),
        "p75_days": g.quantile(0.75).to_numpy(),
    }, index=groups)
    res["deals"] = res["deals"].astype(np.int64)
    return res


# ------------------------------------------------------------------------------ velocity
def pipeline_velocity(
    leads: pd.DataFrame,
    *,
    by: str | None = None,
    per: str = "day",
    basis: str = "closed",
    created_col: str = "created_at",
    closed_col: str = "closed_at",
    outcome_col: str = "outcome",
    value_col: str = "deal_value",
    opportunity_col: str = "opportunity_at",
    won_label: str = "won",
    lost_label: str = "lost",
    open_label: str = "open",
) -> pd.DataFrame:
    """Pipeline velocity (销售速度): expected won value the open pipeline produces per day or month.

    velocity = open opportunities x win rate x average won deal value / average sales cycle,
    the standard four-lever formula (as in HubSpot's and Salesforce's sales-velocity guides).

    * open opportunities: opportunities with outcome ``open_label``;
    * win rate: ``basis="closed"`` (default) won / (won + lost), ``"all"`` won / all opportunities;
    * average deal value: mean ``value_col`` of won deals;
    * average cycle: mean days from ``created_col`` to ``closed_col`` of won deals.

    ``per="day"`` gives CNY per day; ``per="month"`` multiplies by 365.25 / 12 = 30.4375 days.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (or ``"all"``): ``open_opportunities``, ``win_rate``,
        ``avg_deal_value``, ``avg_cycle_days``, ``velocity`` (NaN where a lever is undefined).

    Examples
    --------
    2 open opportunities, 1 won of 2 closed, won deal 1000 after 10 days:
    2 x 0.5 x 1000 / 10 = 100 per day.

    >>> leads = pd.DataFrame({
    ...     "created_at": pd.to_datetime(["2024-01-01"] * 4),
    ...     "closed_at": pd.to_datetime(["2024-01-11", "2024-01-21", None, None]),
    ...     "opportunity_at": pd.to_datetime(["2024-01-05"] * 4),
    ...     "outcome": ["won", "lost", "open", "open"],
    ...     "deal_value": [1000.0, 500.0, 800.0, 800.0]})
    >>> float(pipeline_velocity(leads).loc["all", "velocity"])
    100.0
    """
    validate.one_of(per, ["day", "month"], param="per")
    validate.one_of(basis, ["closed", "all"], param="basis")
    rates = win_rates(leads, by=by, outcome_col=outcome_col, value_col=value_col,
                      opportunity_col=opportunity_col, won_label=won_label, lost_label=lost_label,
                      open_label=open_label)
    validate.require_columns(leads, {"created_col": created_col, "closed_col": closed_col}, frame=_FRAME)
    won = (leads[outcome_col] == won_label).to_numpy()
    days = _cycle_days(leads, created_col, closed_col, won)
    codes, groups = _groups(leads, by)
    n = len(groups)
    ok = ~np.isnan(days)
    with np.errstate(invalid="ignore", divide="ignore"):
        avg_cycle = _counts_by_group(np.where(ok, days, 0.0), codes, n) / _counts_by_group(ok.astype(float), codes, n)
        avg_deal = rates["won_value"].to_numpy() / rates["won"].to_numpy()
        wr = rates["win_rate_closed" if basis == "closed" else "win_rate_all"].to_numpy()
        velocity = rates["open"].to_numpy() * wr * avg_deal / avg_cycle
    if per == "month":
        velocity = velocity * _DAYS_PER_MONTH
    return pd.DataFrame({
        "open_opportunities": rates["open"].to_numpy(),
        "win_rate": wr,
        "avg_deal_value": avg_deal,
        "avg_cycle_days": avg_cycle,
        "velocity": velocity,
    }, index=groups)


# ------------------------------------------------------------------------------ channels
def channel_results(
    leads: pd.DataFrame,
    *,
    by: str = "channel",
    spend: pd.DataFrame | None = None,
    spend_col: str = "spend",
    stage_cols: Mapping[str, str] | None = None,
    outcome_col: str = "outcome",
    value_col: str = "deal_value",
    won_label: str = "won",
    lost_label: str = "lost",
    open_label: str = "open",
) -> pd.DataFrame:
    """Results by channel (渠道) or segment: funnel counts, win rate, won value and cost per won deal.

    Counts are cumulative as in :func:`stage_waterfall` (the stage names of ``stage_cols``
    become columns: ``lead``, ``mql``, ``sql``, ``opportunity``, plus ``won``). ``win_rate`` is
    the closed-basis win rate of opportunities, ``won_value`` the sum of won deal values and
    ``avg_deal`` = won_value / won (客单价 average deal).

    With ``spend`` (a frame with the ``by`` column and ``spend_col``, e.g. the marketing spend of
    the B2B line, summed over its rows per group) the result also has ``spend``,
    ``cost_per_lead`` and ``cost_per_won`` (CPA, 单客获客成本 per won deal). Groups without spend
    get spend 0; spend rows for groups with no leads are ignored. Filter the spend frame to the
    business line and period you want first.

    Examples
    --------
    >>> leads = pd.DataFrame({"channel": ["webinar", "webinar", "referral"],
    ...                       "created_at": pd.to_datetime(["2024-01-01"] * 3),
    ...                       "opportunity_at": pd.to_datetime(["2024-01-09", None, "2024-01-09"]),
    ...                       "outcome": ["won", "lost", "won"], "deal_value": [100.0, None, 300.0]})
    >>> spend = pd.DataFrame({"channel": ["webinar", "referral"], "spend": [50.0, 30.0]})
    >>> out = channel_results(leads, spend=spend, stage_cols={"lead": "created_at",
    ...                                                       "opportunity": "opportunity_at"})
    >>> out[["lead", "won", "won_value", "cost_per_won"]].reset_index()
        channel  lead  won  won_value  cost_per_won
    0  referral     1    1      300.0          30.0
    1   webinar     2    1      100.0          50.0
    """
    wf = stage_waterfall(leads, stage_cols=stage_cols, outcome_col=outcome_col, won_label=won_label, by=by)
    counts = wf.pivot(index=by, columns="stage", values="leads")
    names = list(_stage_cols(stage_cols)) + ["won"]
    res = counts[names].rename_axis(columns=None)
    rates = win_rates(leads, by=by, outcome_col=outcome_col, value_col=value_col,
                      opportunity_col=_stage_cols(stage_cols).get("opportunity", "opportunity_at"),
                      won_label=won_label, lost_label=lost_label, open_label=open_label)
    # align by group label, never by position: the two frames may order groups differently
    # (e.g. a categorical ``by`` keeps category order in one and sorted order in the other)
    key = res.index.map(str)
    rates = rates.set_axis(rates.index.map(str))
    res["win_rate"] = rates["win_rate_closed"].reindex(key).to_numpy()
    res["won_value"] = rates["won_value"].reindex(key).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        res["avg_deal"] = res["won_value"] / res["won"]
    if spend is not None:
        validate.require_frame(spend, frame="spend")
        validate.require_columns(spend, {"by": by, "spend_col": spend_col}, frame="spend")
        validate.ids(spend, by, param="by", frame="spend")
        amount = validate.numeric(spend, spend_col, param="spend_col", frame="spend")
        per_group = amount.groupby(spend[by].astype(str).to_numpy()).sum()
        res["spend"] = per_group.reindex(key, fill_value=0.0).to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            res["cost_per_lead"] = res["spend"] / res[names[0]]
            res["cost_per_won"] = res["spend"] / res["won"]
    return res


# ------------------------------------------------------------------------------ lead quality
def _weights_for(df: pd.DataFrame, col: str, param: str, weights: Mapping[str, float], wparam: str) -> np.ndarray:
    validate.ids(df, col, param=param, frame=_FRAME)
    for k, v in weights.items():
        if not isinstance(v, (int, float, np.integer, np.floating)) or not 0 <= float(v) <= 1:
            raise ValueError(f"{wparam}[{k!r}] must be a number in [0, 1], got {v!r}")
    s = df[col]
    unknown = ~s.isin(list(weights))
    if unknown.any():
        raise ValueError(f"{_FRAME}: column '{col}' ({param}) has value(s) with no weight in {wparam}: "
                         f"{sorted(map(str, s[unknown].unique()))[:5]}; known: {list(weights)}")
    return s.map(dict(weights)).to_numpy(dtype=float)


def lead_score(
    leads: pd.DataFrame,
    *,
    role_col: str = "role",
    seniority_col: str = "seniority",
    engagement_col: str | None = None,
    role_weights: Mapping[str, float] | None = None,
    seniority_weights: Mapping[str, float] | None = None,
    engagement_share: float = 0.3,
) -> pd.Series:
    """Lead score (线索评分) 0-100: fit by buying role and seniority, plus engagement.

    fit = role weight x seniority weight (both 0..1, editable tables; defaults
    :data:`DEFAULT_ROLE_WEIGHTS` and :data:`DEFAULT_SENIORITY_WEIGHTS`: a decision-making
    executive scores 1, an end-user specialist 0.08). With ``engagement_col`` (any numeric
    activity count, e.g. webinar visits or content downloads) engagement is min-max scaled to
    0..1 over the leads given (0 when all equal) and

        score = 100 x ((1 - engagement_share) x fit + engagement_share x engagement)

    Without it, score = 100 x fit. This is the fit + engagement (explicit + implicit) model of
    HubSpot's and Marketo's lead scoring, with multiplicative fit so that a senior person in a
    non-buying role is not over-rated.

    Returns
    -------
    pandas.Series
        ``lead_score`` aligned with ``leads``' index.

    Examples
    --------
    >>> leads = pd.DataFrame({"role": ["decision_maker", "end_user"],
    ...                       "seniority": ["director", "specialist"], "visits": [0, 10]})
    >>> lead_score(leads).round(1).tolist()
    [80.0, 8.0]
    >>> lead_score(leads, engagement_col="visits", engagement_share=0.5).round(1).tolist()
    [40.0, 54.0]
    """
    validate.require_frame(leads, frame=_FRAME)
    cols = {"role_col": role_col, "seniority_col": seniority_col}
    if engagement_col is not None:
        cols["engagement_col"] = engagement_col
    validate.require_columns(leads, cols, frame=_FRAME)
    if not isinstance(engagement_share, (int, float)) or not 0 <= engagement_share <= 1:
        raise ValueError(f"engagement_share must be a number in [0, 1], got {engagement_share!r}")
    rw = _weights_for(leads, role_col, "role_col", DEFAULT_ROLE_WEIGHTS if role_weights is None else role_weights,
                      "role_weights")
    sw = _weights_for(leads, seniority_col, "seniority_col",
                      DEFAULT_SENIORITY_WEIGHTS if seniority_weights is None else seniority_weights,
                      "seniority_weights")
    fit = rw * sw
    if engagement_col is None:
        score = 100.0 * fit
    else:
        e = validate.numeric(leads, engagement_col, param="engagement_col", frame=_FRAME).to_numpy()
        span = e.max() - e.min()
        eng = (e - e.min()) / span if span > 0 else np.zeros_like(e)
        score = 100.0 * ((1 - engagement_share) * fit + engagement_share * eng)
    return pd.Series(score, index=leads.index, name="lead_score")


def conversion_by_role(
    leads: pd.DataFrame,
    *,
    role_col: str = "role",
    seniority_col: str = "seniority",
    outcome_col: str = "outcome",
    value_col: str | None = "deal_value",
    won_label: str = "won",
) -> pd.DataFrame:
    """Leads, wins and won value per buying role x seniority ("100 directors beat 1000 specialists").

    ``conversion`` = won / leads (lead-to-won rate), ``value_per_lead`` = won value / leads: the
    figure that shows a few senior leads outweighing many junior ones.

    Returns
    -------
    pandas.DataFrame
        Columns ``role_col``, ``seniority_col``, ``leads``, ``won``, ``conversion``,
        ``won_value``, ``value_per_lead``; one row per combination present, sorted by
        ``value_per_lead`` (highest first).

    Examples
    --------
    >>> leads = pd.DataFrame({"role": ["decision_maker", "end_user", "end_user"],
    ...                       "seniority": ["director", "specialist", "specialist"],
    ...                       "outcome": ["won", "lost", "won"], "deal_value": [900.0, None, 100.0]})
    >>> conversion_by_role(leads)[["role", "leads", "conversion", "value_per_lead"]]
                 role  leads  conversion  value_per_lead
    0  decision_maker      1         1.0           900.0
    1        end_user      2         0.5            50.0
    """
    validate.require_frame(leads, frame=_FRAME)
    cols = {"role_col": role_col, "seniority_col": seniority_col, "outcome_col": outcome_col}
    if value_col is not None:
        cols["value_col"] = value_col
    validate.require_columns(leads, cols, frame=_FRAME)
    validate.ids(leads, role_col, param="role_col", frame=_FRAME)
    validate.ids(leads, seniority_col, param="seniority_col", frame=_FRAME)
    if leads[outcome_col].isna().any():
        raise ValueError(f"{_FRAME}: column '{outcome_col}' (outcome_col) has missing value(s)")
    won = (leads[outcome_col] == won_label).to_numpy()
    if value_col is not None:
        v = validate.numeric(leads, value_col, param="value_col", frame=_FRAME, allow_nan=True).to_numpy()
        if np.isnan(v[won]).any():
            raise ValueError(f"{_FRAME}: column '{value_col}' (value_col) is missing (NaN) for won lead(s)")
        value = np.where(won, np.nan_to_num(v), 0.0)
    else:
        value = np.zeros(len(leads))
    tmp = pd.DataFrame({role_col: leads[role_col].to_numpy(), seniority_col: leads[seniority_col].to_numpy(),
                        "won": won.astype(np.int64), "won_value": value})
    res = tmp.groupby([role_col, seniority_col], sort=True).agg(
        leads=("won", "size"), won=("won", "sum"), won_value=("won_value", "sum")).reset_index()
    res["conversion"] = res["won"] / res["leads"]
    res["value_per_lead"] = res["won_value"] / res["leads"]
    res = res.sort_values(["value_per_lead", "conversion"], ascending=False, kind="stable").reset_index(drop=True)
    return res[[role_col, seniority_col, "leads", "won", "conversion", "won_value", "value_per_lead"]]


# ------------------------------------------------------------------------------ planner
def reverse_funnel(
    revenue_target: float,
    avg_deal_value: float,
    rates: Mapping[str, float],
    *,
    months: int = 1,
) -> pd.DataFrame:
    """Reverse-funnel planner (倒推漏斗): leads needed per month to hit a revenue target.

    deals = revenue_target / avg_deal_value, opportunities = deals / opportunity_to_won,
    SQLs = opportunities / sql_to_opportunity, MQLs = SQLs / mql_to_sql, leads = MQLs /
    lead_to_mql; per month = total / months. Values stay fractional through the whole chain
    and are **rounded up once at the end**: ``total`` and ``per_month`` are the ceiling of the
    exact figures (``exact_total``, ``exact_per_month``), so rounding errors do not compound
    from stage to stage. Values within a relative 1e-12 of a whole number count as that number
    (floating-point noise: 10 / 0.1 stays 100). A pure function, meant for a what-if widget.

    Parameters
    ----------
    revenue_target : float
        New contract value to win over the whole plan (> 0), in the unit of ``avg_deal_value``.
    avg_deal_value : float
        Average won deal (> 0), e.g. the annual contract value.
    rates : Mapping[str, float]
        Conversion rates in (0, 1] with the keys of :data:`REVERSE_FUNNEL_RATES`:
        ``lead_to_mql``, ``mql_to_sql``, ``sql_to_opportunity``, ``opportunity_to_won``.
    months : int
        Length of the plan in months (>= 1).

    Returns
    -------
    pandas.DataFrame
        One row per stage, top first (``lead``, ``mql``, ``sql``, ``opportunity``, ``won``);
        columns ``stage``, ``per_month``, ``total`` (integers, rounded up once),
        ``exact_per_month``, ``exact_total``.

    Examples
    --------
    1.2M over 3 months at 100k per deal = 12 deals = 4 a month; rates 0.5, 0.5, 0.5, 0.25:
    opportunities 48 (16/month), SQLs 96, MQLs 192, leads 384 (128/month).

    >>> rates = {"lead_to_mql": 0.5, "mql_to_sql": 0.5, "sql_to_opportunity": 0.5,
    ...          "opportunity_to_won": 0.25}
    >>> reverse_funnel(1_200_000, 100_000, rates, months=3)[["stage", "per_month", "total"]]
             stage  per_month  total
    0         lead        128    384
    1          mql         64    192
    2          sql         32     96
    3  opportunity         16     48
    4          won          4     12
    """
    for name, v in (("revenue_target", revenue_target), ("avg_deal_value", avg_deal_value)):
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) or not math.isfinite(v) \
                or v <= 0:
            raise ValueError(f"{name} must be a positive number, got {v!r}")
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise ValueError(f"months must be a whole number >= 1, got {months!r}")
    if not isinstance(rates, Mapping):
        raise ValueError(f"rates must be a mapping with keys {list(REVERSE_FUNNEL_RATES)}, got {type(rates).__name__}")
    unknown = [k for k in rates if k not in REVERSE_FUNNEL_RATES]
    missing = [k for k in REVERSE_FUNNEL_RATES if k not in rates]
    if unknown or missing:
        raise ValueError(f"rates must have exactly the keys {list(REVERSE_FUNNEL_RATES)}; "
                         f"unknown {unknown}, missing {missing}")
    for k in REVERSE_FUNNEL_RATES:
        v = rates[k]
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) \
                or not (0 < float(v) <= 1):
            raise ValueError(f"rates['{k}'] must be in (0, 1], got {v!r}")
    exact = [float(revenue_target) / float(avg_deal_value)]   # deals
    for k in reversed(REVERSE_FUNNEL_RATES):
        exact.append(exact[-1] / float(rates[k]))
    exact_total = np.array(exact[::-1])                        # lead, mql, sql, opportunity, won
    exact_month = exact_total / months

    def up(x: np.ndarray) -> np.ndarray:
        near = np.abs(x - np.round(x)) <= 1e-12 * np.maximum(1.0, np.abs(x))
        return np.where(near, np.round(x), np.ceil(x)).astype(np.int64)

    return pd.DataFrame({
        "stage": ["lead", "mql", "sql", "opportunity", "won"],
        "per_month": up(exact_month),
        "total": up(exact_total),
        "exact_per_month": exact_month,
        "exact_total": exact_total,
    })
