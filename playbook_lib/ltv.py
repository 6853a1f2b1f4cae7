"""Unit economics (单位经济模型): ARPA, margin, churn, LTV (客户终身价值), CAC (获客成本) and payback.

Notebook 07 compares the two lines of business on the same yardsticks:

* :func:`arpa` - average revenue per paying account (or user: ARPU) per period (客单价 per period);
* :func:`gross_margin`, :func:`monthly_churn`, :func:`annual_churn`;
* :func:`simple_ltv` - ARPA x margin / churn, with an optional horizon and discount rate;
* :func:`cohort_ltv` - historical cumulative gross profit per acquired customer by month;
* :func:`cac_summary` - CAC/CPA by channel; paid, blended and fully loaded CAC;
* :func:`ltv_to_cac`, :func:`cac_payback_months`, :func:`cohort_payback_months`.

All money is per month unless said otherwise. Definitions: ``docs/definitions/ltv.md``.

Examples
--------
>>> simple_ltv(arpa=1000, gross_margin=0.8, churn=0.02)
40000.0
>>> cac_payback_months(cac=8000, arpa=1000, gross_margin=0.8)
10.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from playbook_lib import validate
from playbook_lib.mrr import _month_ordinals, _months_index

__all__ = [
    "CACSummary",
    "arpa",
    "gross_margin",
    "monthly_churn",
    "annual_churn",
    "simple_ltv",
    "cohort_ltv",
    "cac_summary",
    "ltv_to_cac",
    "cac_payback_months",
    "cohort_payback_months",
]


def _number(value: object, param: str, *, low: float | None = None, high: float | None = None,
            low_open: bool = False, high_open: bool = False) -> float:
    """A finite real number within bounds, or ValueError naming ``param``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(float(value)):
        raise ValueError(f"{param} must be a finite number, got {value!r}")
    v = float(value)
    if low is not None and (v < low or (low_open and v == low)):
        raise ValueError(f"{param} must be {'>' if low_open else '>='} {low:g}, got {v!r}")
    if high is not None and (v > high or (high_open and v == high)):
        raise ValueError(f"{param} must be {'<' if high_open else '<='} {high:g}, got {v!r}")
    return v


# ------------------------------------------------------------------------------ ARPA, margin, churn
def arpa(
    revenue: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    time_col: str = "order_date",
    value_col: str = "amount",
    period: str = "M",
) -> pd.DataFrame:
    """ARPA / ARPU per period: revenue / distinct paying customers in that period.

    Works on B2C orders (ARPU, per user) and on a B2B MRR table (ARPA, per account: pass
    ``customer_col="account_id", time_col="month", value_col="mrr"``; ARPA = MRR / paying
    accounts, ChartMogul's definition). The denominator counts customers with at least one
    row in the period (paying customers, a.k.a. ARPPU); to divide by all registered users,
    divide ``revenue`` by your own user count.

    Parameters
    ----------
    period : {"M", "Q", "Y"}
        Month, quarter or year.

    Returns
    -------
    pandas.DataFrame
        Indexed by period (Period): ``revenue``, ``customers``, ``arpa``. Every period between
        the first and the last is present (0 revenue, NaN arpa if nobody paid).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                        "order_date": ["2024-01-02", "2024-01-20", "2024-01-05"],
    ...                        "amount": [10.0, 20.0, 30.0]})
    >>> arpa(orders).loc["2024-01"].tolist()
    [60.0, 2.0, 30.0]
    """
    frame = "revenue"
    validate.require_frame(revenue, frame=frame)
    validate.one_of(period, ["M", "Q", "Y"], param="period")
    validate.require_columns(revenue, {"customer_col": customer_col, "time_col": time_col,
                                       "value_col": value_col}, frame=frame)
    validate.ids(revenue, customer_col, param="customer_col", frame=frame)
    value = validate.numeric(revenue, value_col, param="value_col", frame=frame).to_numpy()
    m = _month_ordinals(revenue, time_col, param="time_col", frame=frame)
    p = m // {"M": 1, "Q": 3, "Y": 12}[period]
    p0 = int(p.min())
    code = p - p0
    n = int(code.max()) + 1
    cust, _ = pd.factorize(revenue[customer_col])
    key = np.unique(code * (int(cust.max()) + 1) + cust)
    customers = np.bincount(key // (int(cust.max()) + 1), minlength=n)
    total = np.bincount(code, weights=value, minlength=n)
    idx = pd.PeriodIndex.from_ordinals(np.arange(p0, p0 + n), freq={"M": "M", "Q": "Q", "Y": "Y"}[period])
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({"revenue": total, "customers": customers, "arpa": total / customers},
                            index=idx.rename("period"))


def gross_margin(revenue: float, cost: float) -> float:
    """Gross margin (毛利率) = (revenue - cost of revenue) / revenue.

    Examples
    --------
    >>> gross_margin(200.0, 50.0)
    0.75
    """
    r = _number(revenue, "revenue", low=0, low_open=True)
    c = _number(cost, "cost", low=0)
    return (r - c) / r


def monthly_churn(annual: float) -> float:
    """Monthly churn rate equivalent to an annual one: 1 - (1 - annual) ** (1/12).

    Assumes a constant monthly rate (geometric decay); 12 x monthly overstates the annual rate.

    Examples
    --------
    >>> round(monthly_churn(0.2), 6)
    0.018423
    """
    a = _number(annual, "annual", low=0, high=1)
    return 1.0 - (1.0 - a) ** (1.0 / 12.0)


def annual_churn(monthly: float) -> float:
    """Annual churn rate from a constant monthly one: 1 - (1 - monthly) ** 12.

    Examples
    --------
    >>> round(annual_churn(0.02), 6)
    0.215283
    """
    m = _number(monthly, "monthly", low=0, high=1)
    return 1.0 - (1.0 - m) ** 12


# ------------------------------------------------------------------------------ LTV
def simple_ltv(
    arpa: float,
    gross_margin: float,
    churn: float,
    *,
    horizon_months: int | None = None,
    discount_rate: float = 0.0,
) -> float:
    """Simple (formula) LTV per customer from monthly ARPA, gross margin and monthly churn.

    With m = ARPA x margin (monthly gross profit), survival (1 - churn)^t and a monthly
    discount rate d, month t = 0, 1, 2, ... is worth m x q^t with q = (1 - churn) / (1 + d)
    (the first month is paid up front and not discounted). Summing the geometric series:

    * no horizon: LTV = m / (1 - q) = m x (1 + d) / (churn + d); with d = 0 this is the textbook
      ARPA x margin / churn (average lifetime 1 / churn months);
    * horizon N months: LTV = m x (1 - q^N) / (1 - q) (m x N when q = 1), a cap many finance
      teams use (e.g. 3 or 5 years) because 1 / churn lifetimes of low-churn B2B accounts are
      not credible.

    Parameters
    ----------
    arpa : float
        Average revenue per account per month (>= 0).
    gross_margin : float
        In [0, 1].
    churn : float
        Monthly churn rate in [0, 1] (use :func:`monthly_churn` to convert an annual rate).
    horizon_months : int, optional
        Cap on the lifetime, in months (>= 1).
    discount_rate : float
        Monthly discount rate (>= 0), e.g. (1 + 10%) ** (1/12) - 1 for 10% a year.

    Raises
    ------
    ValueError
        Out-of-range inputs, or churn = discount_rate = 0 without a horizon (infinite LTV).

    Examples
    --------
    >>> simple_ltv(100, 0.5, 0.1)
    500.0
    >>> round(simple_ltv(100, 0.5, 0.1, horizon_months=2), 6)   # 50 + 50 x 0.9
    95.0
    """
    a = _number(arpa, "arpa", low=0)
    g = _number(gross_margin, "gross_margin", low=0, high=1)
    c = _number(churn, "churn", low=0, high=1)
    d = _number(discount_rate, "discount_rate", low=0)
    m = a * g
    q = (1.0 - c) / (1.0 + d)
    if horizon_months is None:
        if c == 0 and d == 0:
            raise ValueError("churn must be > 0 (or give discount_rate > 0 or horizon_months): "
                             "with no churn and no discount the LTV is infinite")
        return m * (1.0 + d) / (c + d)                 # = m / (1 - q), without rounding noise
    if isinstance(horizon_months, bool) or not isinstance(horizon_months, (int, np.integer)) or horizon_months < 1:
        raise ValueError(f"horizon_months must be a whole number >= 1, got {horizon_months!r}")
    if q == 1.0:
        return m * horizon_months
    return m * (1.0 - q ** horizon_months) * (1.0 + d) / (c + d)


def cohort_ltv(
    orders: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    time_col: str = "order_date",
    value_col: str = "amount",
    margin: float = 1.0,
    profit_col: str | None = None,
    observation_end: object = None,
) -> pd.DataFrame:
    """Historical (cohort) LTV: cumulative gross profit per acquired customer by months since acquisition.

    Customers are grouped by the month of their first order (the acquisition cohort). For each
    cohort and k = 0, 1, 2, ... months since acquisition, the value is the cohort's gross profit
    in months 0..k divided by the **cohort size**: a customer who bought nothing in a month
    contributes 0 to it but still counts in the denominator. Gross profit per row is
    ``value_col x margin``, or ``profit_col`` when given. A cell is NaN when month cohort + k is
    after the last observed month (the month of ``observation_end``, default the last order;
    note that month may be partial). This is the cohort revenue/LTV table of Amplitude's and
    ChartMogul's LTV reports, on gross profit.

    Returns
    -------
    pandas.DataFrame
        Indexed by cohort (monthly PeriodIndex named ``cohort``); columns 0..N (``months_since``).

    Examples
    --------
    Cohort 2024-01 has a (10 in Jan, 20 in Mar) and b (30 in Jan): per customer 20 in month 0,
    still 20 in month 1 (nobody bought), 30 in month 2. Cohort 2024-02 (c, 8) is not
    observable at month 2. Months in which nobody was acquired have no row.

    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "c"],
    ...                        "order_date": ["2024-01-05", "2024-01-09", "2024-03-02", "2024-02-11"],
    ...                        "amount": [10.0, 30.0, 20.0, 8.0]})
    >>> cohort_ltv(orders).to_numpy().tolist()
    [[20.0, 20.0, 30.0], [8.0, 8.0, nan]]
    """
    frame = "orders"
    validate.require_frame(orders, frame=frame)
    cols = {"customer_col": customer_col, "time_col": time_col}
    if profit_col is None:
        cols["value_col"] = value_col
        g = _number(margin, "margin", low=0, high=1)
    else:
        cols["profit_col"] = profit_col
    validate.require_columns(orders, cols, frame=frame)
    validate.ids(orders, customer_col, param="customer_col", frame=frame)
    if profit_col is None:
        profit = validate.numeric(orders, value_col, param="value_col", frame=frame).to_numpy() * g
    else:
        profit = validate.numeric(orders, profit_col, param="profit_col", frame=frame,
                                  allow_negative=True).to_numpy()
    m = _month_ordinals(orders, time_col, param="time_col", frame=frame)
    if observation_end is not None:
        try:
            end = int(pd.Period(observation_end, freq="M").ordinal)
        except (ValueError, TypeError):
            raise ValueError(f"observation_end must be a date or month, got {observation_end!r}") from None
        keep = m <= end
        if not keep.any():
            raise ValueError(f"observation_end ({observation_end}) is before every order")
        m, profit = m[keep], profit[keep]
        cust = orders[customer_col].to_numpy()[keep]
    else:
        end = int(m.max())
        cust = orders[customer_col].to_numpy()
    codes, uniq = pd.factorize(cust)
    first = np.full(len(uniq), np.iinfo(np.int64).max)
    np.minimum.at(first, codes, m)
    m0 = int(first.min())
    n_m = end - m0 + 1
    coh = first - m0                                              # cohort index per customer
    size = np.bincount(coh, minlength=n_m).astype(float)
    age = m - first[codes]
    gp = np.bincount(coh[codes] * n_m + age, weights=profit, minlength=n_m * n_m).reshape(n_m, n_m)
    with np.errstate(invalid="ignore", divide="ignore"):
        cum = np.cumsum(gp, axis=1) / size[:, None]
    observable = np.arange(n_m)[None, :] <= (n_m - 1 - np.arange(n_m))[:, None]
    cum = np.where(observable, cum, np.nan)
    keep = size > 0                                               # months in which nobody was acquired
    return pd.DataFrame(cum[keep], index=_months_index(np.arange(m0, m0 + n_m)[keep], "cohort"),
                        columns=pd.RangeIndex(n_m, name="months_since"))


# ------------------------------------------------------------------------------ CAC
@dataclass(frozen=True)
class CACSummary:
    """CAC by channel and the three headline CAC figures (see :func:`cac_summary`)."""

    by_channel: pd.DataFrame
    paid_cac: float
    blended_cac: float
    fully_loaded_cac: float
    total_spend: float
    overhead: float
    paid_customers: int
    customers: int


def cac_summary(
    spend: pd.DataFrame,
    acquisitions: pd.DataFrame,
    *,
    channel_col: str = "channel",
    spend_col: str = "spend",
    count_col: str | None = None,
    paid_channels: Sequence[str] | None = None,
    overhead: float = 0.0,
) -> CACSummary:
    """CAC (获客成本) and CPA by channel, plus paid, blended and fully loaded CAC.

    * per channel: ``cac`` = channel spend / customers acquired through the channel (NaN with no
      customers). Pass actions instead of customers (leads, sign-ups, won deals) and the same
      figure is a CPA (cost per acquisition/action);
    * ``paid_cac`` = spend of paid channels / customers from paid channels. Paid channels are
      those with spend > 0, or ``paid_channels``;
    * ``blended_cac`` = all spend / all new customers, organic ones included (flatters CAC when
      organic and referral growth is strong);
    * ``fully_loaded_cac`` = (all spend + ``overhead``) / all new customers, where ``overhead`` is
      the sales and marketing salaries, tools and agency fees of the same period (the CAC that
      SaaS finance reports and investors use).

    Filter both frames to the same period and business line first.

    Parameters
    ----------
    spend : pandas.DataFrame
        Rows with ``channel_col`` and ``spend_col`` (summed per channel).
    acquisitions : pandas.DataFrame
        One row per new customer with ``channel_col``, or per channel with ``count_col``.
    overhead : float
        Sales & marketing salaries / overheads for the period (>= 0).

    Examples
    --------
    >>> spend = pd.DataFrame({"channel": ["ads", "events"], "spend": [1000.0, 3000.0]})
    >>> new = pd.DataFrame({"channel": ["ads"] * 4 + ["events"] * 2 + ["organic"] * 2})
    >>> s = cac_summary(spend, new, overhead=4000.0)
    >>> s.by_channel["cac"].tolist()
    [250.0, 1500.0, 0.0]
    >>> round(s.paid_cac, 2), s.blended_cac, s.fully_loaded_cac
    (666.67, 500.0, 1000.0)
    """
    validate.require_frame(spend, frame="spend")
    validate.require_frame(acquisitions, frame="acquisitions")
    validate.require_columns(spend, {"channel_col": channel_col, "spend_col": spend_col}, frame="spend")
    validate.require_columns(acquisitions, {"channel_col": channel_col}, frame="acquisitions")
    validate.ids(spend, channel_col, param="channel_col", frame="spend")
    validate.ids(acquisitions, channel_col, param="channel_col", frame="acquisitions")
    oh = _number(overhead, "overhead", low=0)
    money = validate.numeric(spend, spend_col, param="spend_col", frame="spend")
    per_spend = money.groupby(spend[channel_col].to_numpy()).sum()
    if count_col is not None:
        validate.require_columns(acquisitions, {"count_col": count_col}, frame="acquisitions")
        n = validate.numeric(acquisitions, count_col, param="count_col", frame="acquisitions")
        per_cust = n.groupby(acquisitions[channel_col].to_numpy()).sum()
    else:
        per_cust = acquisitions.groupby(channel_col).size().astype(float)
        per_cust.index = per_cust.index.to_numpy()
    channels = per_spend.index.union(per_cust.index)
    tab = pd.DataFrame({"spend": per_spend.reindex(channels, fill_value=0.0),
                        "customers": per_cust.reindex(channels, fill_value=0.0)})
    tab.index.name = channel_col
    if paid_channels is None:
        paid = (tab["spend"] > 0).to_numpy()
    else:
        paid_list = [paid_channels] if isinstance(paid_channels, str) else list(paid_channels)
        unknown = [c for c in paid_list if c not in set(channels)]
        if unknown:
            raise ValueError(f"paid_channels has channel(s) found in neither frame: {unknown}")
        paid = tab.index.isin(paid_list)
    tab["paid"] = paid
    with np.errstate(invalid="ignore", divide="ignore"):
        tab["cac"] = tab["spend"] / tab["customers"].where(tab["customers"] > 0)
        total_spend = float(tab["spend"].sum())
        customers = float(tab["customers"].sum())
        paid_customers = float(tab.loc[paid, "customers"].sum())
        paid_cac = float(tab.loc[paid, "spend"].sum()) / paid_customers if paid_customers else math.nan
        blended = total_spend / customers if customers else math.nan
        loaded = (total_spend + oh) / customers if customers else math.nan
    return CACSummary(by_channel=tab, paid_cac=paid_cac, blended_cac=blended, fully_loaded_cac=loaded,
                      total_spend=total_spend, overhead=oh, paid_customers=int(round(paid_customers)),
                      customers=int(round(customers)))


# ------------------------------------------------------------------------------ LTV:CAC, payback
def ltv_to_cac(ltv: float, cac: float) -> float:
    """LTV:CAC ratio (a common SaaS rule of thumb wants >= 3).

    Examples
    --------
    >>> ltv_to_cac(30000, 10000)
    3.0
    """
    return _number(ltv, "ltv", low=0) / _number(cac, "cac", low=0, low_open=True)


def cac_payback_months(cac: float, arpa: float, gross_margin: float) -> float:
    """Simple CAC payback (回本周期) in months = CAC / (ARPA x gross margin).

    Monthly gross profit of one customer; ignores churn (the cohort version,
    :func:`cohort_payback_months`, does not).

    Examples
    --------
    >>> cac_payback_months(1200, 200, 0.5)
    12.0
    """
    c = _number(cac, "cac", low=0)
    m = _number(arpa, "arpa", low=0) * _number(gross_margin, "gross_margin", low=0, high=1)
    if m == 0:
        raise ValueError("arpa x gross_margin must be > 0: with no gross profit CAC is never paid back")
    return c / m


def cohort_payback_months(cohort_gp: pd.DataFrame, cac: float | pd.Series) -> pd.Series:
    """CAC payback from cohort gross profit: months until cumulative GP per customer >= CAC.

    ``cohort_gp`` is the output of :func:`cohort_ltv` (cumulative gross profit per acquired
    customer, columns 0..N months since acquisition). The payback is k + 1 for the first
    column k where the value reaches ``cac`` (months of gross profit needed, counting the
    acquisition month as month 1, comparable with :func:`cac_payback_months`); NaN if it never
    does within the observed months.

    Parameters
    ----------
    cac : float or pandas.Series
        One CAC, or a CAC per cohort (indexed like ``cohort_gp``).

    Examples
    --------
    >>> gp = pd.DataFrame([[20.0, 20.0, 30.0], [8.0, 8.0, float("nan")]], index=["2024-01", "2024-02"])
    >>> cohort_payback_months(gp, 25.0).tolist()
    [3.0, nan]
    """
    if not isinstance(cohort_gp, pd.DataFrame):
        raise ValueError(f"cohort_gp must be a DataFrame (the output of cohort_ltv), got {type(cohort_gp).__name__}")
    validate.require_frame(cohort_gp, frame="cohort_gp")
    vals = cohort_gp.to_numpy(dtype=float)
    if isinstance(cac, pd.Series):
        c = cac.reindex(cohort_gp.index)
        if c.isna().any():
            raise ValueError(f"cac has no value for cohort(s) {list(map(str, c.index[c.isna()]))[:3]}")
        cv = c.to_numpy(dtype=float)
        if (cv < 0).any():
            raise ValueError("cac must be >= 0 for every cohort")
    else:
        cv = np.full(len(cohort_gp), _number(cac, "cac", low=0))
    reached = np.nan_to_num(vals, nan=-np.inf) >= cv[:, None]
    first = np.argmax(reached, axis=1)
    out = np.where(reached.any(axis=1), first + 1.0, np.nan)
    return pd.Series(out, index=cohort_gp.index, name="payback_months")
