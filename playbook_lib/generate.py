"""Generate the course's synthetic data world with a fixed seed.

One fictional company, **Qiao Group** (桥), runs two lines of business so that every B vs C
comparison in the course stands on the same footing:

* **QiaoShop** (B2C): an online store for phone accessories (cases, chargers, earbuds...).
  Tens of thousands of users, impulse buying, evening and weekend traffic, a Singles' Day
  promotion (双十一) in November 2024 that brings a large, low-quality signup cohort.
* **QiaoSign** (B2B): a SaaS e-contract platform for travel agencies. Hundreds of accounts,
  a buying committee per account, leads that take weeks to months to close, monthly and
  annual subscriptions, weekday work-hour usage, support tickets.

Everything is drawn from :func:`numpy.random.default_rng` streams spawned from one
:class:`numpy.random.SeedSequence`, so the same seed gives the same bytes on every machine
with the pinned library versions. ``make data`` calls :func:`write_all`.

The module also documents the *planted stories* the course teaches (each one is proven by a
test on the committed files): see ``PLANTED_STORIES``.

Examples
--------
>>> tables = build_world(scale=0.02)
>>> sorted(tables)[:3]
['b2b_accounts', 'b2b_contacts', 'b2b_leads']
>>> tables["b2c_orders"]["amount"].ge(0).all()
np.True_
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from playbook_lib.glossary import GLOSSARY

__all__ = ["SEED", "START", "END", "PROMO_START", "PROMO_END", "PLANTED_STORIES", "build_world", "write_all"]

SEED = 20240101
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-12-31 23:59:59")
PROMO_START = pd.Timestamp("2024-11-01")  # Singles' Day 双十一 promotion
PROMO_END = pd.Timestamp("2024-11-11 23:59:59")

PLANTED_STORIES = (
    "B2C average ticket is orders of magnitude below B2B deal value; B2C customer count orders of magnitude above",
    "B2C activity peaks in evenings and weekends; B2B activity in weekday work hours",
    "B2B decision cycles run weeks to months; B2C minutes to days",
    "referral / key-person channels have the lowest CAC in each line of business",
    "leads owned by a senior decision maker convert several times better than specialist leads",
    "tenders and key-person referrals win large accounts; SEM/SEO wins mostly small agencies",
    "annual-plan accounts churn less than monthly-plan accounts",
    "the November 2024 promotion signup cohort retains visibly worse",
    "support tickets follow a Pareto over categories",
)

_DAYS = pd.date_range(START.normalize(), END.normalize(), freq="D")
_MONTHS = pd.period_range(START, END, freq="M")
_MONTH_FIRST_DAY = np.asarray((_MONTHS.to_timestamp() - START).days)  # day index of each month start
_MONTH_END_DAY = np.append(_MONTH_FIRST_DAY[1:], len(_DAYS))

# Hour-of-day weights (0..23) and day-of-week weights (Mon..Sun).
_B2C_HOURS = np.array([2, 1, .6, .4, .3, .4, .8, 1.5, 2.5, 3, 3.2, 3.5, 4.2, 4, 3.5, 3.4, 3.5, 3.8, 4.5, 6, 7, 7.2, 6, 4])
_B2C_DOW = np.array([1.0, 1.0, 1.0, 1.05, 1.2, 1.85, 1.8])
_B2B_HOURS = np.array([0, 0, 0, 0, 0, 0, .05, .4, 2.5, 6, 7, 6.5, 3, 3.5, 6.5, 6.8, 6, 4.5, 1.5, .6, .4, .3, .1, 0])
_B2B_DOW = np.array([1.0, 1.0, 1.0, 1.0, 0.95, 0.07, 0.04])


# --------------------------------------------------------------------------------------------
# sampling helpers (vectorised)
# --------------------------------------------------------------------------------------------
class _Clock:
    """Draw timestamps inside day ranges following day-of-week and hour-of-day weights."""

    def __init__(self, dow: np.ndarray, hours: np.ndarray) -> None:
        w = dow[_DAYS.day_of_week.to_numpy()]
        self.cdf = np.concatenate([[0.0], np.cumsum(w)])
        self.hour_p = hours / hours.sum()

    def days(self, rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Day index in [lo, hi) for each element, weighted by day of week."""
        lo = np.asarray(lo)
        hi = np.maximum(np.asarray(hi), lo + 1)
        u = rng.uniform(self.cdf[lo], self.cdf[hi])
        return np.clip(np.searchsorted(self.cdf, u, side="right") - 1, lo, hi - 1)

    def times(self, rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Timestamps (datetime64[s]) on a day in [lo, hi) at a weighted hour."""
        n = len(np.atleast_1d(lo))
        day = self.days(rng, lo, hi)
        hour = rng.choice(24, size=n, p=self.hour_p)
        sec = rng.integers(0, 3600, size=n)
        return _at(day, hour * 3600 + sec)


def _at(day: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    base = np.datetime64(START.date(), "s")
    return base + np.asarray(day, dtype="int64") * 86400 + np.asarray(seconds, dtype="int64")


def _secs(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(np.round(x), dtype="int64").astype("timedelta64[s]")


def _day_index(t: np.ndarray) -> np.ndarray:
    return ((t - np.datetime64(START.date(), "s")) // np.timedelta64(1, "D")).astype("int64")


def _month_index(t: np.ndarray) -> np.ndarray:
    return np.searchsorted(_MONTH_FIRST_DAY, _day_index(t), side="right") - 1


def _pick(rng: np.random.Generator, options: list[str], p: list[float], n: int) -> np.ndarray:
    p_arr = np.asarray(p, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=n, p=p_arr / p_arr.sum())]


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)


_TMAX = np.datetime64(END.floor("s"), "s")


# --------------------------------------------------------------------------------------------
# B2C: QiaoShop
# --------------------------------------------------------------------------------------------
_C_CHANNELS = ["search_ads", "social", "influencer", "app_store"]
_C_CHANNEL_P = [0.34, 0.28, 0.16, 0.22]
_C_PROMO_CHANNEL_P = [0.30, 0.40, 0.25, 0.05]
# per channel: P(first purchase | activated), monthly survival of activity
_C_BUY = {"search_ads": 0.70, "social": 0.55, "influencer": 0.58, "app_store": 0.60, "referral": 0.70}
_C_SURVIVE = {"search_ads": 0.72, "social": 0.66, "influencer": 0.60, "app_store": 0.74, "referral": 0.80}


def _b2c_base_users(rng: np.random.Generator, clock: _Clock, scale: float) -> pd.DataFrame:
    t = np.arange(len(_MONTHS))
    trend = 120 + 900 / (1 + np.exp(-(t - 10) / 2.5))
    trend = trend * np.where(t > 28, 1 - 0.05 * (t - 28), 1.0)  # late decline (衰退期 preview)
    per_month = rng.poisson(trend * scale)
    month = np.repeat(t, per_month)
    signup = clock.times(rng, _MONTH_FIRST_DAY[month], _MONTH_END_DAY[month])
    channel = _pick(rng, _C_CHANNELS, _C_CHANNEL_P, len(month))
    promo_idx = int(np.flatnonzero(_MONTHS == PROMO_START.to_period("M"))[0])
    n_promo = rng.poisson(3000 * scale)
    lo = np.full(n_promo, _day_index(np.array([np.datetime64(PROMO_START.date(), "s")]))[0])
    promo_signup = clock.times(rng, lo, lo + 11)
    users = pd.DataFrame(
        {
            "signup_time": np.concatenate([signup, promo_signup]),
            "channel": np.concatenate([channel, _pick(rng, _C_CHANNELS, _C_PROMO_CHANNEL_P, n_promo)]),
            "promo": np.concatenate([np.zeros(len(month), bool), np.ones(n_promo, bool)]),
            "referrer": None,
        }
    )
    assert promo_idx >= 0
    return users


def _b2c_behaviour(rng: np.random.Generator, clock: _Clock, users: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events for one generation of users; returns (events, shares) with integer user refs."""
    n = len(users)
    uid = users["uid"].to_numpy()
    ts = users["signup_time"].to_numpy().astype("datetime64[s]")
    channel = users["channel"].to_numpy()
    promo = users["promo"].to_numpy()
    ev_u: list[np.ndarray] = []
    ev_e: list[np.ndarray] = []
    ev_t: list[np.ndarray] = []

    def add(u: np.ndarray, name: str, t: np.ndarray) -> None:
        ev_u.append(u)
        ev_e.append(np.full(len(u), name, dtype=object))
        ev_t.append(t)

    # first visit: minutes before signup for most, days before for some (B2C decides fast)
    quick = rng.random(n) < 0.65
    lead_s = np.where(quick, rng.uniform(60, 1800, n), rng.exponential(2 * 86400, n))
    add(uid, "visit", ts - _secs(lead_s))
    add(uid, "signup", ts)
    activated = rng.random(n) < np.where(promo, 0.62, 0.79)
    t_act = ts + _secs(np.where(rng.random(n) < 0.8, rng.exponential(15 * 60, n), rng.exponential(86400, n)) + 30)
    add(uid[activated], "activate", t_act[activated])
    p_buy = np.vectorize(_C_BUY.get, otypes=[float])(channel)
    p_buy = np.where(promo, 0.74, p_buy)
    buyer = activated & (rng.random(n) < p_buy)
    fast = rng.random(n) < 0.5
    t_first = t_act + _secs(np.where(fast, rng.exponential(25 * 60, n), rng.exponential(2.5 * 86400, n)) + 60)
    if promo.any():  # promo buyers buy during the promotion window
        t_first = np.where(promo, np.minimum(t_first, np.datetime64(PROMO_END.floor("s"), "s")), t_first)
        t_first = np.maximum(t_first, t_act + _secs(60))
    b = np.flatnonzero(buyer)
    purchases_u = [uid[b]]
    purchases_t = [t_first[b]]
    abandon = activated & ~buyer & (rng.random(n) < 0.4)
    add(uid[abandon], "add_to_cart", t_act[abandon] + _secs(rng.exponential(86400, abandon.sum())))

    # months of activity after the signup month: geometric lifetime, promo cohort much shorter
    surv = np.vectorize(_C_SURVIVE.get, otypes=[float])(channel)
    surv = np.where(promo, 0.36, surv)
    surv = np.where(activated, surv, surv * 0.5)
    life = rng.geometric(1 - surv)  # >= 1: the signup month itself
    m0 = _month_index(ts)
    last = np.minimum(m0 + life - 1, len(_MONTHS) - 1)
    n_more = np.maximum(last - m0, 0)
    rep = np.repeat(np.arange(n), n_more)
    offs = np.arange(len(rep)) - np.repeat(np.cumsum(n_more) - n_more, n_more) + 1
    um = m0[rep] + offs  # user-month pairs after signup
    member = rng.random(n) < 0.3  # community members check in, post and reply
    lam = {
        "visit": np.full(len(rep), 1.6),
        "add_to_cart": np.full(len(rep), 0.25),
        "check_in": np.where(member[rep], 3.0, 0.15),
        "community_post": np.where(member[rep], 0.3, 0.0),
        "community_reply": np.where(member[rep], 0.8, 0.02),
        "share": np.full(len(rep), 0.12),
    }
    shares_u: list[np.ndarray] = []
    shares_t: list[np.ndarray] = []
    for name, rate in lam.items():
        k = rng.poisson(rate)
        r = np.repeat(rep, k)
        mm = np.repeat(um, k)
        t = clock.times(rng, _MONTH_FIRST_DAY[mm], _MONTH_END_DAY[mm])
        add(uid[r], name, t)
        if name == "share":
            shares_u.append(uid[r])
            shares_t.append(t)
    # shares in the signup month too (excited new users)
    k0 = rng.poisson(0.15, n) * activated
    r0 = np.repeat(np.arange(n), k0)
    t0 = ts[r0] + _secs(rng.exponential(5 * 86400, len(r0)))
    add(uid[r0], "share", t0)
    shares_u.append(uid[r0])
    shares_t.append(t0)
    # repeat purchases: buyers far more than non-buyers
    k = rng.poisson(np.where(buyer[rep], 0.42, 0.08))
    r = np.repeat(rep, k)
    mm = np.repeat(um, k)
    purchases_u.append(uid[r])
    purchases_t.append(clock.times(rng, _MONTH_FIRST_DAY[mm], _MONTH_END_DAY[mm]))
    pu = np.concatenate(purchases_u)
    pt = np.concatenate(purchases_t)
    # each purchase sits in a session: visit, add_to_cart, purchase
    add(pu, "visit", pt - _secs(rng.uniform(300, 2400, len(pu))))
    add(pu, "add_to_cart", pt - _secs(rng.uniform(60, 290, len(pu))))
    add(pu, "purchase", pt)
    events = pd.DataFrame({"uid": np.concatenate(ev_u), "event": np.concatenate(ev_e), "t": np.concatenate(ev_t)})
    shares = pd.DataFrame({"uid": np.concatenate(shares_u), "t": np.concatenate(shares_t)})
    return events, shares


def _b2c_recall(rng: np.random.Generator, events: pd.DataFrame, users: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quarterly recall (召回) campaigns to dormant users with a 20% random holdout."""
    campaigns = pd.DatetimeIndex([pd.Timestamp(f"{d:%Y-%m}-10 20:00") for d in pd.date_range("2023-06-01", END, freq="3MS")])
    ev = events.sort_values(["uid", "t"], kind="stable")
    assign_rows = []
    new_events = []
    for c in campaigns:
        c64 = np.datetime64(c, "s")
        before = ev[ev["t"].to_numpy() < c64]
        last = before.groupby("uid", sort=True)["t"].max()
        idle = (c64 - last.to_numpy()) / np.timedelta64(1, "D")
        eligible = last.index.to_numpy()[(idle >= 45) & (idle <= 180)]
        n = len(eligible)
        treat = rng.random(n) < 0.8
        assign_rows.append(pd.DataFrame({"uid": eligible, "campaign_time": c, "group": np.where(treat, "treatment", "holdout")}))
        t_sent = np.full(n, c64) + _secs(rng.uniform(0, 600, n))
        opened = treat & (rng.random(n) < 0.28)
        t_open = t_sent + _secs(rng.exponential(2 * 3600, n))
        back = np.where(opened, rng.random(n) < 0.24, rng.random(n) < 0.04)
        t_back = np.where(opened, t_open + _secs(rng.uniform(30, 900, n)), t_sent + _secs(rng.uniform(3600, 14 * 86400, n)))
        buy = back & (rng.random(n) < 0.6)
        t_buy = t_back + _secs(rng.uniform(300, 1800, n))
        parts = [
            (treat, "notification_sent", t_sent),
            (opened, "notification_opened", t_open),
            (back, "visit", t_back),
            (buy, "add_to_cart", t_buy - _secs(120)),
            (buy, "purchase", t_buy),
        ]
        for mask, name, t in parts:
            new_events.append(pd.DataFrame({"uid": eligible[mask], "event": name, "t": t[mask]}))
    return pd.concat(new_events, ignore_index=True), pd.concat(assign_rows, ignore_index=True)


def _b2c(rng: np.random.Generator, scale: float) -> dict[str, pd.DataFrame]:
    clock = _Clock(_B2C_DOW, _B2C_HOURS)
    gen = _b2c_base_users(rng, clock, scale)
    gen["uid"] = np.arange(len(gen))
    gen["simulated"] = True
    all_users = [gen]
    all_events = []
    next_uid = len(gen)
    for _generation in range(6):  # fission (裂变): shares bring referral signups, generation by generation
        events, shares = _b2c_behaviour(rng, clock, gen)
        all_events.append(events)
        conv = rng.random(len(shares)) < 0.22
        sh = shares[conv]
        if len(sh) == 0:
            break
        t = sh["t"].to_numpy() + _secs(rng.exponential(86400, len(sh)))
        keep = t <= _TMAX
        gen = pd.DataFrame(
            {
                "signup_time": t[keep],
                "channel": "referral",
                "promo": False,
                "referrer": sh["uid"].to_numpy()[keep],
                "uid": np.arange(next_uid, next_uid + keep.sum()),
                "simulated": _generation < 5,  # the last generation gets no behaviour: dropped below
            }
        )
        next_uid += len(gen)
        all_users.append(gen)
    users = pd.concat(all_users, ignore_index=True)
    events = pd.concat(all_events, ignore_index=True)
    events = events[(events["t"] <= _TMAX) & (events["t"] >= np.datetime64(START.floor("s"), "s"))]
    recall, assignments = _b2c_recall(rng, events, users)
    events = pd.concat([events, recall[recall["t"] <= _TMAX]], ignore_index=True)

    # anonymous visitors who never sign up (funnel top)
    n_anon = int(len(users) * 1.2)
    anon_t = clock.times(rng, np.zeros(n_anon, int), np.full(n_anon, len(_DAYS)))
    n_visits = 1 + rng.poisson(0.4, n_anon)
    a = np.repeat(np.arange(n_anon), n_visits)
    anon = pd.DataFrame({"uid": -1 - a, "event": "visit", "t": anon_t[a] + _secs(rng.exponential(3 * 86400, len(a)) * (n_visits[a] > 1))})
    anon = anon[anon["t"] <= _TMAX]

    # stable, meaningful ids: users ordered by signup time, visitors by first visit
    users = users.sort_values(["signup_time", "uid"], kind="stable").reset_index(drop=True)
    # Users of the last fission generation were never simulated (no signup event): they are drawn
    # for like everyone else, so every random stream stays aligned, and then left out.
    real = users["simulated"].to_numpy()
    user_id = pd.Series(_ids("C", int(real.sum()), 6), index=users["uid"].to_numpy()[real])
    first_anon = anon.groupby("uid")["t"].min().sort_values(kind="stable")
    visitor_id = pd.Series(_ids("V", len(first_anon), 6), index=first_anon.index)
    id_map = pd.concat([user_id, visitor_id])

    n = len(users)
    tier = _pick(rng, ["tier1", "tier2", "tier3", "tier4plus"], [0.22, 0.33, 0.28, 0.17], n)
    device = _pick(rng, ["android", "ios"], [0.55, 0.45], n)
    users_out = pd.DataFrame(
        {
            "user_id": user_id.to_numpy(),
            "signup_time": users["signup_time"].to_numpy()[real],
            "channel": users["channel"].to_numpy()[real],
            "city_tier": tier[real],
            "device": device[real],
            "referrer_id": users["referrer"].map(lambda r: None if r is None or pd.isna(r) else r).map(user_id).to_numpy()[real],
        }
    )
    ev = pd.concat([events, anon], ignore_index=True)
    order = {"visit": 0, "signup": 1, "activate": 2, "add_to_cart": 3, "purchase": 4}
    ev["rank"] = ev["event"].map(order).fillna(9).astype(int)
    ev["user_id"] = ev["uid"].map(id_map)
    ev = ev.sort_values(["t", "user_id", "rank", "event"], kind="stable").reset_index(drop=True)
    events_out = pd.DataFrame({"user_id": ev["user_id"], "event": ev["event"], "timestamp": ev["t"]})

    # orders: one per purchase event
    pur = ev[ev["event"] == "purchase"].reset_index(drop=True)
    m = len(pur)
    promo_day = (pur["t"] >= np.datetime64(PROMO_START, "s")) & (pur["t"] <= np.datetime64(PROMO_END.floor("s"), "s"))
    gross = np.round(np.exp(rng.normal(np.log(95), 0.55, m)), 1)
    rate = np.where(rng.random(m) < 0.6, 0.0, rng.uniform(0.05, 0.2, m))
    rate = np.where(promo_day, rng.uniform(0.2, 0.4, m), rate)
    discount = np.round(gross * rate, 2)
    promo_user = pur["uid"].isin(users.loc[users["promo"], "uid"]).to_numpy()
    refunded = rng.random(m) < np.where(promo_user, 0.09, 0.04)
    orders = pd.DataFrame(
        {
            "order_id": _ids("O", m, 7),
            "customer_id": pur["user_id"].to_numpy(),
            "order_date": pur["t"].to_numpy(),
            "amount": np.round(gross - discount, 2),
            "discount": discount,
            "items": 1 + rng.poisson(0.45, m),
            "refunded": refunded,
        }
    )
    assignments["user_id"] = assignments["uid"].map(user_id)
    assignments = assignments.sort_values(["campaign_time", "user_id"], kind="stable").reset_index(drop=True)
    recall_out = assignments[["campaign_time", "user_id", "group"]]
    return {"b2c_users": users_out, "b2c_events": events_out, "b2c_orders": orders, "b2c_recall_campaigns": recall_out}


# --------------------------------------------------------------------------------------------
# B2B: QiaoSign
# --------------------------------------------------------------------------------------------
_SEGMENTS = ["small_agency", "mid_agency", "large_group", "travel_ecommerce", "public_sector"]
_SEG_N = {"small_agency": 300, "mid_agency": 180, "large_group": 50, "travel_ecommerce": 110, "public_sector": 40}
_SEG_LEADS = {"small_agency": 4.0, "mid_agency": 6.0, "large_group": 10.0, "travel_ecommerce": 7.0, "public_sector": 8.0}
_SEG_EMPLOYEES = {"small_agency": 12, "mid_agency": 60, "large_group": 900, "travel_ecommerce": 220, "public_sector": 150}
_SEG_ACV = {"small_agency": 9600, "mid_agency": 36000, "large_group": 240000, "travel_ecommerce": 84000, "public_sector": 180000}
_SEG_CYCLE = {"small_agency": 0.5, "mid_agency": 1.0, "large_group": 2.2, "travel_ecommerce": 0.8, "public_sector": 2.8}
_SEG_FIT = {"small_agency": 0.55, "mid_agency": 1.0, "large_group": 1.0, "travel_ecommerce": 1.35, "public_sector": 0.9}
_SEG_ANNUAL = {"small_agency": 0.25, "mid_agency": 0.5, "large_group": 0.85, "travel_ecommerce": 0.6, "public_sector": 0.9}
_B_CHANNELS = ["key_person_referral", "tender", "trade_show", "webinar", "content", "sem_seo", "partner"]
_B_CHANNEL_MIX = {
    "small_agency": [0.02, 0.01, 0.05, 0.12, 0.20, 0.35, 0.25],
    "mid_agency": [0.08, 0.04, 0.15, 0.18, 0.18, 0.22, 0.15],
    "large_group": [0.27, 0.25, 0.20, 0.08, 0.08, 0.06, 0.06],
    "travel_ecommerce": [0.18, 0.07, 0.10, 0.20, 0.15, 0.20, 0.10],
    "public_sector": [0.20, 0.50, 0.10, 0.07, 0.05, 0.03, 0.05],
}
_B_MQL = {"key_person_referral": 0.9, "tender": 0.9, "trade_show": 0.5, "webinar": 0.5, "content": 0.4, "sem_seo": 0.38, "partner": 0.55}
_B_SKIP_MQL = {"key_person_referral": 0.7, "tender": 0.6}
_B_ACV_MULT = {"key_person_referral": 1.3, "tender": 1.35, "trade_show": 1.1, "webinar": 1.0, "content": 0.95, "sem_seo": 0.8, "partner": 0.9}
_SENIORITY = ["specialist", "manager", "director", "executive"]
_SEN_FIT = {"specialist": 0.42, "manager": 0.9, "director": 1.55, "executive": 1.75}
# which seniority a lead from each channel tends to come in through (weights over _SENIORITY)
_CHANNEL_SENIORITY = {
    "key_person_referral": [0.05, 0.2, 0.4, 0.35],
    "tender": [0.1, 0.35, 0.35, 0.2],
    "trade_show": [0.2, 0.35, 0.3, 0.15],
    "webinar": [0.45, 0.35, 0.15, 0.05],
    "content": [0.6, 0.3, 0.08, 0.02],
    "sem_seo": [0.65, 0.27, 0.06, 0.02],
    "partner": [0.35, 0.35, 0.2, 0.1],
}
_REGIONS = ["east", "north", "south", "southwest", "central", "northeast", "northwest"]
_REGION_P = [0.3, 0.2, 0.2, 0.1, 0.1, 0.05, 0.05]
_NAME_A = ["Blue Sky", "Sunrise", "Jade", "Silk Road", "Golden Bridge", "Harbour", "Lotus", "Panda", "Summit", "Orient",
           "Pearl", "Maple", "Crane", "Horizon", "Lantern", "Bamboo", "Phoenix", "Cloud", "River", "Star"]
_NAME_B = {"small_agency": "Travel", "mid_agency": "Tours", "large_group": "Travel Group", "travel_ecommerce": "Trip Online",
           "public_sector": "Tourism Service Center"}
_PLANS = [("basic", 99.0), ("pro", 199.0), ("enterprise", 399.0)]


def _b2b_accounts(rng: np.random.Generator, scale: float) -> pd.DataFrame:
    seg = np.concatenate([np.full(max(2, round(_SEG_N[s] * scale)), s, dtype=object) for s in _SEGMENTS])
    seg = seg[rng.permutation(len(seg))]
    n = len(seg)
    emp = np.maximum(2, np.round(np.exp(rng.normal(np.log([_SEG_EMPLOYEES[s] for s in seg]), 0.5)))).astype(int)
    business = {
        "small_agency": ["outbound_tours", "domestic_tours"],
        "mid_agency": ["outbound_tours", "domestic_tours", "corporate_travel"],
        "large_group": ["outbound_tours", "corporate_travel", "domestic_tours"],
        "travel_ecommerce": ["online_travel"],
        "public_sector": ["public_tourism"],
    }
    main = np.array([business[s][i % len(business[s])] for i, s in zip(rng.integers(0, 3, n), seg)], dtype=object)
    contracts = np.round(emp * rng.uniform(15, 40, n) * np.where(seg == "travel_ecommerce", 6, 1), -1).astype(int)
    names = [f"{_NAME_A[i % 20]} {_NAME_B[s]} {j:03d}" for j, (i, s) in enumerate(zip(rng.integers(0, 20, n), seg), start=1)]
    return pd.DataFrame(
        {
            "account_id": _ids("A", n, 4),
            "account_name": names,
            "segment": seg,
            "region": _pick(rng, _REGIONS, _REGION_P, n),
            "employees": emp,
            "annual_contracts": contracts,
            "main_business": main,
            "founded_year": rng.integers(1985, 2021, n),
        }
    )


def _b2b_contacts(rng: np.random.Generator, accounts: pd.DataFrame) -> pd.DataFrame:
    """Each account has a buying committee: contact person(s), end users, a decision maker."""
    n_acc = len(accounts)
    big = accounts["segment"].isin(["large_group", "public_sector", "travel_ecommerce"]).to_numpy()
    n_end = 1 + rng.poisson(np.where(big, 3.0, 1.2))
    n_contact = 1 + (rng.random(n_acc) < np.where(big, 0.6, 0.2))
    n_dec = 1 + (rng.random(n_acc) < np.where(big, 0.5, 0.05))
    rows = []
    for role, counts in (("decision_maker", n_dec), ("contact_person", n_contact), ("end_user", n_end)):
        a = np.repeat(np.arange(n_acc), counts)
        if role == "decision_maker":
            sen = _pick(rng, _SENIORITY, [0, 0.15, 0.45, 0.4], len(a))
        elif role == "contact_person":
            sen = _pick(rng, _SENIORITY, [0.45, 0.45, 0.1, 0], len(a))
        else:
            sen = _pick(rng, _SENIORITY, [0.75, 0.25, 0, 0], len(a))
        dept = {
            "decision_maker": ["management", "finance", "legal"],
            "contact_person": ["operations", "it", "procurement"],
            "end_user": ["sales", "operations", "customer_service"],
        }[role]
        rows.append(pd.DataFrame({"a": a, "role": role, "seniority": sen, "department": _pick(rng, dept, [0.5, 0.3, 0.2], len(a))}))
    c = pd.concat(rows, ignore_index=True).sort_values(["a", "role"], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "contact_id": _ids("P", len(c), 5),
            "account_id": accounts["account_id"].to_numpy()[c["a"].to_numpy()],
            "role": c["role"].to_numpy(),
            "seniority": c["seniority"].to_numpy(),
            "department": c["department"].to_numpy(),
        }
    )


def _b2b_leads(rng: np.random.Generator, accounts: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    seg = accounts["segment"].to_numpy()
    n_leads = rng.poisson([_SEG_LEADS[s] for s in seg])
    a = np.repeat(np.arange(len(accounts)), n_leads)
    n = len(a)
    s = seg[a]
    channel = np.empty(n, dtype=object)
    for sg in _SEGMENTS:  # a loop over five segments
        m = s == sg
        channel[m] = _pick(rng, _B_CHANNELS, _B_CHANNEL_MIX[sg], m.sum())
    # lead volume grows over time: created day ~ triangular towards the end
    u_day = rng.random(n)
    created_day = np.floor(len(_DAYS) * np.where(rng.random(n) < 0.35, u_day, np.sqrt(u_day))).astype(int)
    created_day = np.minimum(created_day, len(_DAYS) - 1)
    clock = _Clock(_B2B_DOW, _B2B_HOURS)
    created = clock.times(rng, np.maximum(created_day - 3, 0), np.minimum(created_day + 4, len(_DAYS)))
    # owning contact: the channel decides how senior the person who came in is
    acc_ids = accounts["account_id"].to_numpy()
    c_acc = pd.Index(acc_ids).get_indexer(contacts["account_id"])
    c_sen = pd.Index(_SENIORITY).get_indexer(contacts["seniority"])
    contact_idx = np.empty(n, dtype=int)
    order = np.argsort(c_acc, kind="stable")
    starts = np.searchsorted(c_acc[order], np.arange(len(accounts)))
    ends = np.searchsorted(c_acc[order], np.arange(len(accounts)), side="right")
    for i in range(n):  # generator only: pick one committee member per lead
        pool = order[starts[a[i]]:ends[a[i]]]
        w = np.asarray(_CHANNEL_SENIORITY[channel[i]])[c_sen[pool]] + 1e-3
        contact_idx[i] = pool[rng.choice(len(pool), p=w / w.sum())]
    sen = contacts["seniority"].to_numpy()[contact_idx]
    role = contacts["role"].to_numpy()[contact_idx]
    fit_sen = np.array([_SEN_FIT[x] for x in sen])
    fit_role = np.where(role == "decision_maker", 1.25, np.where(role == "end_user", 0.75, 1.0))
    fit_seg = np.array([_SEG_FIT[x] for x in s])
    p_mql = np.array([_B_MQL[c] for c in channel])
    p_sql = np.clip(0.42 * fit_sen * fit_role, 0, 0.95)
    p_opp = np.clip(0.66 * fit_seg, 0, 0.95)
    p_won = np.clip(0.4 * np.sqrt(fit_sen) * fit_seg ** 0.5, 0, 0.9)
    u = rng.random((n, 4))
    reach_mql = u[:, 0] < p_mql
    reach_sql = reach_mql & (u[:, 1] < p_sql)
    reach_opp = reach_sql & (u[:, 2] < p_opp)
    won = reach_opp & (u[:, 3] < p_won)
    cyc = np.array([_SEG_CYCLE[x] for x in s])
    d = 86400.0
    t_mql = created + _secs(rng.exponential(4 * d, n) + 3600)
    t_sql = t_mql + _secs(rng.exponential(8 * d * cyc, n) + 3600)
    t_opp = t_sql + _secs(rng.exponential(12 * d * cyc, n) + 3600)
    t_close = t_opp + _secs(rng.exponential(25 * d * cyc, n) + 7 * d)
    # where a lead stopped, the stop date is when it was disqualified / lost
    stop = np.where(reach_opp, t_close, np.where(reach_sql, t_opp, np.where(reach_mql, t_sql, t_mql)))
    skip = np.array([_B_SKIP_MQL.get(c, 0.0) for c in channel])
    skipped = reach_sql & (rng.random(n) < skip)
    direct = won & (channel == "partner") & (s == "small_agency") & (rng.random(n) < 0.3)
    acv = np.exp(rng.normal(np.log([_SEG_ACV[x] for x in s]), 0.45)) * np.array([_B_ACV_MULT[c] for c in channel])
    closed_open = stop > _TMAX
    outcome = np.where(won, "won", "lost").astype(object)
    outcome[closed_open] = "open"
    nat = np.datetime64("NaT", "s")

    def upto(t: np.ndarray, reached: np.ndarray) -> np.ndarray:
        return np.where(reached & (t <= _TMAX), t, nat)

    leads = pd.DataFrame(
        {
            "a": a,
            "account_id": acc_ids[a],
            "contact_id": contacts["contact_id"].to_numpy()[contact_idx],
            "channel": channel,
            "created_at": created,
            "mql_at": upto(t_mql, reach_mql & ~skipped),
            "sql_at": upto(t_sql, reach_sql),
            "opportunity_at": upto(t_opp, reach_opp & ~direct),
            "closed_at": np.where(closed_open, nat, stop),
            "outcome": outcome,
            "acv": acv,
            "reach_opp": reach_opp,
        }
    )
    leads = leads[leads["created_at"] <= _TMAX]
    # new-logo pipeline: once an account is won, its later leads belong to account management
    first_won = leads.loc[leads["outcome"] == "won"].groupby("a")["closed_at"].min()
    fw = leads["a"].map(first_won)
    leads = leads[fw.isna() | (leads["created_at"] <= fw)]
    won_rank = leads[leads["outcome"] == "won"].groupby("a")["closed_at"].rank(method="first")
    leads = leads.drop(index=won_rank[won_rank > 1].index)
    return leads.sort_values(["created_at", "account_id"], kind="stable").reset_index(drop=True)


def _b2b_subscriptions(rng: np.random.Generator, accounts: pd.DataFrame, leads: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Subscription history rows; also returns the won ACV per lead index (to align deal values)."""
    seg_of = accounts.set_index("account_id")["segment"]
    rows: list[dict] = []
    deal_value = pd.Series(np.where(leads["reach_opp"], np.round(leads["acv"], -2), np.nan), index=leads.index)
    end_day = np.datetime64(END.date(), "D")
    # trials: some opportunities try the product for 14 days first (won or lost)
    opp = leads[leads["opportunity_at"].notna()]
    trial = opp[(rng.random(len(opp)) < np.where(opp["account_id"].map(seg_of).isin(["small_agency", "mid_agency", "travel_ecommerce"]), 0.5, 0.15))]
    for _, ld in trial.iterrows():
        st = np.datetime64(ld["opportunity_at"], "D")
        rows.append(dict(account_id=ld["account_id"], plan="pro", billing="monthly", seats=3, start_date=st,
                         end_date=min(st + 13, end_day), invoice_amount=0.0, discount_pct=0, is_trial=True))
    won = leads[leads["outcome"] == "won"]
    for i, ld in won.iterrows():  # generator only: a month-by-month story per customer
        seg = seg_of[ld["account_id"]]
        acv = ld["acv"]
        plan_i = 0 if acv < 20000 else (1 if acv < 120000 else 2)
        price = _PLANS[plan_i][1]
        disc = int(rng.choice([0, 5, 10, 15, 20], p=[0.35, 0.25, 0.2, 0.12, 0.08] if acv < 100000 else [0.1, 0.2, 0.3, 0.25, 0.15]))
        seats = max(1, int(round(acv / 12 / price / (1 - disc / 100))))
        annual = rng.random() < _SEG_ANNUAL[seg]
        monthly_amt = round(seats * price * (1 - disc / 100), 2)
        deal_value[i] = round(12 * monthly_amt, 2)
        start = np.datetime64(ld["closed_at"], "D") + int(rng.integers(0, 10))
        if start > end_day:
            continue
        cur = dict(account_id=ld["account_id"], plan=_PLANS[plan_i][0], billing="annual" if annual else "monthly",
                   seats=seats, start_date=start, price=price, disc=disc)
        month = pd.Period(str(start), "M")
        months_in_term = 0
        alive = True
        while True:
            month += 1
            boundary = np.datetime64(month.start_time.date(), "D")
            if boundary > end_day:
                break
            if not alive:
                continue
            months_in_term += 1
            renewal = cur["billing"] == "monthly" or months_in_term % 12 == 0
            change = None
            r = rng.random()
            if renewal and r < (0.035 if cur["billing"] == "monthly" else 0.11):
                change = "churn"
            elif r < (0.03 if cur["billing"] == "monthly" else (0.3 if renewal else 0.012)):
                change = "expand"
            elif renewal and r > 1 - (0.015 if cur["billing"] == "monthly" else 0.08):
                change = "contract"
            if change is None:
                continue
            amt = round(cur["seats"] * cur["price"] * (1 - cur["disc"] / 100), 2)
            rows.append(dict(account_id=cur["account_id"], plan=cur["plan"], billing=cur["billing"], seats=cur["seats"],
                             start_date=cur["start_date"], end_date=boundary - 1,
                             invoice_amount=amt * (12 if cur["billing"] == "annual" else 1), discount_pct=cur["disc"], is_trial=False))
            if change == "churn":
                alive = False
                if rng.random() < 0.3:  # win-back (挽回) after a few months, on a monthly plan
                    back = month + int(rng.integers(2, 10))
                    bstart = np.datetime64(back.start_time.date(), "D") + int(rng.integers(0, 20))
                    if bstart <= end_day:
                        cur = dict(cur, billing="monthly", seats=max(1, int(cur["seats"] * rng.uniform(0.6, 1.0))), start_date=bstart)
                        month = back
                        months_in_term = 0
                        alive = True
                continue
            factor = rng.uniform(1.1, 1.6) if change == "expand" else rng.uniform(0.6, 0.9)
            cur = dict(cur, seats=max(1, int(round(cur["seats"] * factor))), start_date=boundary)
            if change == "expand" and cur["plan"] != "enterprise" and rng.random() < 0.2:
                nxt = [p for p, _ in _PLANS].index(cur["plan"]) + 1
                cur = dict(cur, plan=_PLANS[nxt][0], price=_PLANS[nxt][1])
        if alive:
            amt = round(cur["seats"] * cur["price"] * (1 - cur["disc"] / 100), 2)
            rows.append(dict(account_id=cur["account_id"], plan=cur["plan"], billing=cur["billing"], seats=cur["seats"],
                             start_date=cur["start_date"], end_date=np.datetime64("NaT", "D"),
                             invoice_amount=amt * (12 if cur["billing"] == "annual" else 1), discount_pct=cur["disc"], is_trial=False))
    subs = pd.DataFrame(rows)
    subs = subs.sort_values(["start_date", "account_id", "is_trial"], kind="stable").reset_index(drop=True)
    subs.insert(0, "subscription_id", _ids("S", len(subs), 5))
    return subs, deal_value


def _active_months(subs: pd.DataFrame) -> pd.DataFrame:
    """(account_id, month index, seats) for each month with a paid subscription active at some point."""
    paid = subs[~subs["is_trial"]]
    s = _month_index(paid["start_date"].to_numpy().astype("datetime64[s]"))
    e_raw = paid["end_date"].to_numpy().astype("datetime64[s]")
    e = np.where(np.isnat(e_raw), len(_MONTHS) - 1, _month_index(np.where(np.isnat(e_raw), _TMAX, e_raw)))
    k = e - s + 1
    r = np.repeat(np.arange(len(paid)), k)
    m = s[r] + np.arange(len(r)) - np.repeat(np.cumsum(k) - k, k)
    out = pd.DataFrame({"account_id": paid["account_id"].to_numpy()[r], "m": m, "seats": paid["seats"].to_numpy()[r]})
    return out.drop_duplicates(["account_id", "m"], keep="last").reset_index(drop=True)


def _b2b_usage(rng: np.random.Generator, active: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    clock = _Clock(_B2B_DOW, _B2B_HOURS)
    k = rng.poisson(np.minimum(active["seats"].to_numpy(), 40) * 0.9 + 2)
    r = np.repeat(np.arange(len(active)), k)
    m = active["m"].to_numpy()[r]
    t = clock.times(rng, _MONTH_FIRST_DAY[m], _MONTH_END_DAY[m])
    acc = active["account_id"].to_numpy()[r]
    users = contacts[contacts["role"] != "decision_maker"]
    grp = users.groupby("account_id")["contact_id"].agg(list)
    counts = grp.map(len).reindex(acc).to_numpy()
    pick = np.floor(rng.random(len(acc)) * counts).astype(int)
    flat = np.concatenate(grp.to_numpy())
    offset = (grp.map(len).cumsum() - grp.map(len)).reindex(acc).to_numpy()
    action = _pick(rng, ["login", "contract_created", "contract_signed", "template_edited", "report_viewed"], [0.25, 0.3, 0.3, 0.1, 0.05], len(acc))
    usage = pd.DataFrame({"account_id": acc, "contact_id": flat[offset + pick], "timestamp": t, "action": action})
    return usage.sort_values(["timestamp", "account_id"], kind="stable").reset_index(drop=True)


_TICKET_CATEGORIES = {
    "e_signature_failure": 0.33, "template_setup": 0.22, "contract_sync": 0.14, "billing_invoice": 0.09,
    "permissions": 0.07, "performance": 0.05, "feature_request": 0.04, "training": 0.03, "data_export": 0.02, "other": 0.01,
}


def _b2b_tickets(rng: np.random.Generator, active: pd.DataFrame) -> pd.DataFrame:
    clock = _Clock(_B2B_DOW, _B2B_HOURS)
    k = rng.poisson(0.35 + np.minimum(active["seats"].to_numpy(), 80) / 50)
    r = np.repeat(np.arange(len(active)), k)
    m = active["m"].to_numpy()[r]
    n = len(r)
    opened = clock.times(rng, _MONTH_FIRST_DAY[m], _MONTH_END_DAY[m])
    cats = list(_TICKET_CATEGORIES)
    cat = _pick(rng, cats, list(_TICKET_CATEGORIES.values()), n)
    prio = _pick(rng, ["urgent", "high", "medium", "low"], [0.08, 0.22, 0.45, 0.25], n)
    hours = {"urgent": 4, "high": 12, "medium": 36, "low": 72}
    resolved = opened + _secs(rng.exponential([hours[p] * 3600 for p in prio]) + 600)
    resolved = np.where(resolved > _TMAX, np.datetime64("NaT", "s"), resolved)
    tickets = pd.DataFrame({"account_id": active["account_id"].to_numpy()[r], "opened_at": opened, "resolved_at": resolved,
                            "category": cat, "priority": prio})
    tickets = tickets.sort_values(["opened_at", "account_id"], kind="stable").reset_index(drop=True)
    tickets.insert(0, "ticket_id", _ids("T", n, 5))
    return tickets


def _b2b_scorecard(rng: np.random.Generator, accounts: pd.DataFrame, subs: pd.DataFrame, tickets: pd.DataFrame) -> pd.DataFrame:
    paid = subs[~subs["is_trial"]]
    first = paid.groupby("account_id")["start_date"].min()
    acc = accounts.set_index("account_id").loc[first.index]
    n = len(acc)
    seg = acc["segment"].to_numpy()
    big = np.isin(seg, ["large_group", "public_sector"])
    plan_rank = paid.groupby("account_id")["plan"].last().map({"basic": 0, "pro": 1, "enterprise": 2}).to_numpy()
    years = (END.normalize() - pd.to_datetime(first)).dt.days.to_numpy() / 365.25
    complaints = tickets[tickets["priority"].isin(["urgent", "high"])].groupby("account_id").size().reindex(first.index, fill_value=0)
    brand = np.clip(np.round(rng.normal(np.where(big, 4, 2.5), 0.9)), 1, 5).astype(int)
    return pd.DataFrame(
        {
            "account_id": first.index.to_numpy(),
            "product_lines": 1 + rng.binomial(3, 0.2 + 0.2 * plan_rank),
            "gross_margin_pct": np.round(np.clip(rng.normal(58 - 4 * big, 9), 20, 85), 1),
            "cooperation_basis": np.clip(np.round(rng.normal(3, 1)), 1, 5).astype(int),
            "cooperation_years": np.round(years + rng.uniform(0, 3, n) * (rng.random(n) < 0.3), 1),
            "responsiveness": np.clip(np.round(rng.normal(3.3, 1)), 1, 5).astype(int),
            "referrals_made": rng.poisson(0.15 * brand),
            "brand_influence": brand,
            "payment_collection_days": np.round(np.clip(rng.normal(np.where(seg == "public_sector", 75, 35), 15), 5, 150)).astype(int),
            "growth_potential": np.clip(np.round(rng.normal(np.where(seg == "travel_ecommerce", 4, 3), 1)), 1, 5).astype(int),
            "complaints": complaints.to_numpy(),
            "defaults": rng.binomial(2, 0.04, n),
            "arrears_amount": np.round(np.where(rng.random(n) < 0.1, rng.exponential(8000, n), 0.0), -1),
            "hard_to_work_with": (rng.random(n) < 0.12).astype(int),
        }
    )


# --------------------------------------------------------------------------------------------
# shared: marketing spend
# --------------------------------------------------------------------------------------------
_C_CAC = {"search_ads": 58, "social": 46, "influencer": 75, "app_store": 38, "referral": 12}
_B_CAC = {"key_person_referral": 2500, "tender": 16000, "trade_show": 22000, "webinar": 8000, "content": 7000, "sem_seo": 9000, "partner": 11000}


def _spend(rng: np.random.Generator, b2c_new: pd.DataFrame, b2b_new: pd.DataFrame) -> pd.DataFrame:
    """Monthly spend per channel: a cost per acquired customer times acquisitions, plus a fixed base."""
    rows = []
    for line, new, cac in (("b2c", b2c_new, _C_CAC), ("b2b", b2b_new, _B_CAC)):
        counts = new.groupby(["m", "channel"]).size()
        for ch, unit in cac.items():
            k = counts.xs(ch, level="channel").reindex(range(len(_MONTHS)), fill_value=0).to_numpy() if ch in counts.index.get_level_values(1) else np.zeros(len(_MONTHS))
            base = unit * (3 if line == "b2c" else 0.3) * rng.uniform(0.5, 1.5, len(_MONTHS))
            spend = np.round(k * unit * rng.uniform(0.85, 1.15, len(_MONTHS)) + base, 0)
            rows.append(pd.DataFrame({"month": _MONTHS.strftime("%Y-%m"), "business_line": line, "channel": ch, "spend": spend}))
    return pd.concat(rows, ignore_index=True).sort_values(["month", "business_line", "channel"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# the world
# --------------------------------------------------------------------------------------------
def build_world(seed: int = SEED, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Build every table of the data world in memory.

    Parameters
    ----------
    seed : int
        Seed of the :class:`numpy.random.SeedSequence`; each table family gets its own stream.
    scale : float
        Multiplies B2C signups and B2B account counts (1.0 is the committed data; tests use
        small scales for speed).

    Returns
    -------
    dict[str, pandas.DataFrame]
        Table name -> frame, ready to be written as CSV.

    Examples
    --------
    >>> w = build_world(scale=0.02)
    >>> (w["b2b_leads"]["outcome"].isin(["won", "lost", "open"])).all()
    np.True_
    """
    if scale <= 0:
        raise ValueError(f"scale must be > 0, got {scale}")
    ss = np.random.SeedSequence(seed)
    r_c, r_acc, r_con, r_lead, r_sub, r_use, r_tix, r_score, r_spend = (np.random.default_rng(s) for s in ss.spawn(9))
    world = _b2c(r_c, scale)
    accounts = _b2b_accounts(r_acc, scale)
    contacts = _b2b_contacts(r_con, accounts)
    leads = _b2b_leads(r_lead, accounts, contacts)
    subs, deal_value = _b2b_subscriptions(r_sub, accounts, leads)
    leads_out = leads[["account_id", "contact_id", "channel", "created_at", "mql_at", "sql_at", "opportunity_at", "closed_at", "outcome"]].copy()
    leads_out["deal_value"] = deal_value.to_numpy()
    leads_out.insert(0, "lead_id", _ids("L", len(leads_out), 5))
    active = _active_months(subs)
    tickets = _b2b_tickets(r_tix, active)

    users = world["b2c_users"]
    first_buy = world["b2c_orders"].groupby("customer_id")["order_date"].min()
    b2c_new = pd.DataFrame({"m": _month_index(first_buy.to_numpy().astype("datetime64[s]")),
                            "channel": users.set_index("user_id")["channel"].reindex(first_buy.index).to_numpy()})
    won = leads_out[leads_out["outcome"] == "won"]
    b2b_new = pd.DataFrame({"m": _month_index(won["closed_at"].to_numpy().astype("datetime64[s]")), "channel": won["channel"].to_numpy()})
    glossary = pd.DataFrame(GLOSSARY, columns=["term_zh", "pinyin", "term_en", "definition", "notebook"])
    world.update(
        {
            "b2b_accounts": accounts,
            "b2b_contacts": contacts,
            "b2b_leads": leads_out,
            "b2b_subscriptions": subs,
            "b2b_usage": _b2b_usage(r_use, active, contacts),
            "b2b_tickets": tickets,
            "b2b_scorecard": _b2b_scorecard(r_score, accounts, subs, tickets),
            "marketing_spend": _spend(r_spend, b2c_new, b2b_new),
            "glossary": glossary,
        }
    )
    return world


def _to_csv(df: pd.DataFrame, path: Path) -> None:
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            has_time = (s.dropna().dt.normalize() != s.dropna()).any()
            out[col] = s.dt.strftime("%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "true", False: "false"})
        elif pd.api.types.is_float_dtype(s):
            out[col] = s.map(lambda v: "" if pd.isna(v) else f"{v:.2f}".rstrip("0").rstrip("."))
    out.to_csv(path, index=False, lineterminator="\n")


def write_all(directory: str | Path, *, seed: int = SEED, scale: float = 1.0) -> list[Path]:
    """Generate the data world and write one CSV per table (plus ``README.md``) into ``directory``.

    The output is byte-for-byte deterministic for a given seed, scale and pinned library versions.

    Returns
    -------
    list[pathlib.Path]
        The files written, sorted by name.
    """
    from playbook_lib.datasets import data_dictionary_markdown

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in sorted(build_world(seed=seed, scale=scale).items()):
        path = directory / f"{name}.csv"
        _to_csv(df, path)
        written.append(path)
    readme = directory / "README.md"
    readme.write_text(data_dictionary_markdown(), encoding="utf-8")
    written.append(readme)
    return sorted(written)


if __name__ == "__main__":  # pragma: no cover - `python -m playbook_lib.generate [dir]`
    import sys

    target = sys.argv[1] if len(sys.argv) > 1 else "data"
    for p in write_all(target):
        print(f"wrote {p} ({p.stat().st_size / 1e6:.2f} MB)")
