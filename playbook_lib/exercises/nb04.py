"""Exercises for notebook 04 · Retention and lifecycle.

Every expected answer is computed from the course data with :mod:`playbook_lib.cohorts` and
:mod:`playbook_lib.mrr`; data is loaded lazily, the first time an answer is checked (importing this
module loads nothing).

The activity tables are built exactly as in the notebook:

* ``b2c_act``: events of registered QiaoShop users from their signup on, without
  ``notification_sent`` (the company sends it; the user does nothing);
* ``b2b_act``: one row per QiaoSign account and month with MRR > 0 (a paying logo), with the
  month as a timestamp in ``month_start``.

>>> from playbook_lib.exercises import nb04
>>> [q.name for q in nb04.EXERCISES]
['04.1', '04.2', '04.3', '04.4']
>>> nb04.q3.check(...)
✋ No answer yet: replace the ... with your code, run the cell, then check again.
   还没有作答：把 ... 换成你的代码，运行后再检查。
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import pandas as pd

from playbook_lib.exercises import Exercise, Mistake, data_table

__all__ = ["q1", "q2", "q3", "q4", "EXERCISES", "b2c_activity", "b2b_logo_activity"]

PROMO_COHORT = "2024-11"
STAGE_DATE = "2025-06-30"
RECALL_WINDOW = pd.Timedelta(days=14)
USER = {"user_col": "user_id", "time_col": "timestamp"}
LOGO = {"user_col": "account_id", "time_col": "month_start"}


# ------------------------------------------------------------------------------ activity tables
def b2c_activity(events: pd.DataFrame, users: pd.DataFrame) -> pd.DataFrame:
    """User-initiated events of registered users, from their signup on (the notebook's ``b2c_act``).

    >>> import pandas as pd
    >>> ev = pd.DataFrame({"user_id": ["C1", "C1", "C1", "V9"], "event": ["visit", "signup", "notification_sent", "visit"],
    ...                    "timestamp": pd.to_datetime(["2024-01-01 09:00", "2024-01-01 09:10", "2024-02-01 10:00", "2024-01-02 08:00"])})
    >>> us = pd.DataFrame({"user_id": ["C1"], "signup_time": pd.to_datetime(["2024-01-01 09:10"])})
    >>> b2c_activity(ev, us)["event"].tolist()
    ['signup']
    """
    signup = users.set_index("user_id")["signup_time"]
    own = events[events["user_id"].isin(signup.index) & (events["event"] != "notification_sent")]
    return own[own["timestamp"] >= own["user_id"].map(signup)]


def b2b_logo_activity(subscriptions: pd.DataFrame, end: str = "2025-12") -> pd.DataFrame:
    """Paying logos: one row per account and month with MRR > 0 (the notebook's ``b2b_act``)."""
    from playbook_lib import mrr

    m = mrr.mrr_from_subscriptions(subscriptions, end=end)
    return m.assign(month_start=m["month"].dt.to_timestamp())


# ------------------------------------------------------------------------------ data (lazy)
def _events() -> pd.DataFrame:
    return data_table("b2c_events")


def _users() -> pd.DataFrame:
    return data_table("b2c_users")


def _orders() -> pd.DataFrame:
    return data_table("b2c_orders")


def _recall() -> pd.DataFrame:
    return data_table("b2c_recall_campaigns")


@lru_cache(maxsize=1)
def _b2c_act() -> pd.DataFrame:
    return b2c_activity(_events(), _users())


def _subs() -> pd.DataFrame:
    return data_table("b2b_subscriptions")


@lru_cache(maxsize=1)
def _b2b_act() -> pd.DataFrame:
    return b2b_logo_activity(_subs())


def _close(a: Any, b: float, rtol: float = 1e-6) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rtol, abs_tol=1e-12)


# --------------------------------------------------------------------------- q1: promotion cohort
@lru_cache(maxsize=None)
def _b2c_retention(which: str = "act", kind: str = "classic", counts: bool = False) -> pd.DataFrame:
    from playbook_lib import cohorts

    if which == "orders":
        return cohorts.cohort_retention(_orders(), kind=kind, counts=counts)
    ev = _events()
    act = {
        "act": _b2c_act,
        "presignup": lambda: ev[ev["user_id"].isin(_users()["user_id"]) & (ev["event"] != "notification_sent")],
        "visitors": lambda: b2c_activity(ev, _users()).pipe(lambda a: pd.concat([a, ev[~ev["user_id"].isin(_users()["user_id"])]])),
    }[which]()
    return cohorts.cohort_retention(act, kind=kind, counts=counts, **USER)


def _q1_expected() -> float:
    return float(_b2c_retention().loc[PROMO_COHORT, 1])


def _average_month1() -> float:
    from playbook_lib import cohorts

    return float(cohorts.retention_curve(_b2c_retention(), cohorts.cohort_sizes(_b2c_act(), **USER))[1])


q1 = Exercise(
    "04.1",
    "Month-1 retention (次月留存) of the Singles' Day cohort: of the users who signed up in November 2024, what "
    "share was active in December 2024? Active = any user-initiated event (the notebook's b2c_act: registered "
    "users, from signup on, notification_sent excluded). Give a share between 0 and 1.",
    "双十一同期群的次月留存：2024 年 11 月注册的用户中，有多少比例在 2024 年 12 月仍然活跃？活跃 = 任何由用户发起的事件"
    "（即笔记本中的 b2c_act：注册用户、从注册时起、不含 notification_sent）。请给出 0 到 1 之间的小数。",
    _q1_expected,
    rtol=1e-6,
    mistakes=[
        Mistake(lambda a, e: _close(a, 100 * e, 1e-6),
                "That is a percent; give a share between 0 and 1 (e.g. 0.4, not 40).",
                "这是百分数；请给出 0 到 1 之间的小数（例如 0.4，而不是 40）。"),
        Mistake(lambda a, e: _close(a, _b2c_retention(counts=True).loc[PROMO_COHORT, 1]),
                "That is a number of users; divide by the cohort size (period 0) to get the share.",
                "这是用户人数；请除以同期群规模（第 0 期）得到比例。"),
        Mistake(lambda a, e: _close(a, _b2c_retention("orders").loc[PROMO_COHORT, 1]),
                "You measured repeat PURCHASES (b2c_orders). The question defines active as any user-initiated event, "
                "so use the event log (b2c_act).",
                "你衡量的是复购（b2c_orders）。题目把活跃定义为任何由用户发起的事件，请使用行为日志（b2c_act）。"),
        Mistake(lambda a, e: _close(a, _b2c_retention(kind="rolling").loc[PROMO_COHORT, 1]),
                "That is rolling (unbounded) retention: active in month 1 OR ANY LATER month. The question asks for "
                "classic retention: active IN December 2024.",
                "这是滚动（无界）留存：第 1 个月或之后任何一个月活跃。题目问的是经典留存：在 2024 年 12 月当月活跃。"),
        Mistake(lambda a, e: _close(a, _average_month1()),
                "That is the size-weighted average over ALL cohorts. The question asks for the 2024-11 row only.",
                "这是所有同期群按规模加权的平均值。题目只问 2024-11 这一行。"),
        Mistake(lambda a, e: _close(a, _b2c_retention().loc[PROMO_COHORT, 2]),
                "That is period 2 (January 2025). Month 1 is the column 1: the month right after the signup month.",
                "这是第 2 期（2025 年 1 月）。次月是第 1 列：紧接注册月的那个月。"),
        Mistake(lambda a, e: _close(a, _b2c_retention("presignup").loc[PROMO_COHORT, 1]),
                "You kept the visits BEFORE signup, so some November signups who browsed in October moved to the "
                "October cohort. Keep events from the signup time on (the cohort is the signup month).",
                "你保留了注册之前的访问，于是一些 10 月先逛过、11 月才注册的用户被算进了 10 月同期群。请只保留注册时刻之后的事件"
                "（同期群 = 注册月）。"),
        Mistake(lambda a, e: _close(a, _b2c_retention("visitors").loc[PROMO_COHORT, 1]),
                "You included anonymous visitors (ids starting with V). They never signed up, so they are not part "
                "of a signup cohort.",
                "你把匿名访客（V 开头的 ID）也算了进来。他们从未注册，不属于任何注册同期群。"),
    ],
    hints=[
        "cohorts.cohort_retention(b2c_act, user_col='user_id', time_col='timestamp') gives the cohort x month matrix.",
        "Pick the row '2024-11' and the column 1 with .loc['2024-11', 1].",
    ],
    solution="""
ret = cohorts.cohort_retention(b2c_act, user_col="user_id", time_col="timestamp")
answer_1 = float(ret.loc["2024-11", 1])
""",
    explanation_en="Only about 37% of the promotion cohort came back the next month, against about 60% for the cohorts "
                   "around it: a discount brings bargain hunters, and bargain hunters leave when the discount ends.",
    explanation_zh="促销同期群只有约 37% 在次月回来，而前后几个月的同期群约为 60%：折扣带来的是薅羊毛的人，折扣一结束他们就走了。",
)


# --------------------------------------------------------------------------- q2: purchase lift of recall
@lru_cache(maxsize=None)
def _bought_rate(refunds: bool = False, window: bool = True, source: str = "orders") -> pd.Series:
    rc = _recall()
    if source == "orders":
        o = _orders() if refunds else _orders()[~_orders()["refunded"]]
        acts = o.rename(columns={"customer_id": "user_id", "order_date": "timestamp"})[["user_id", "timestamp"]]
    else:  # any return (user-initiated event except opening the notification)
        a = _b2c_act()
        acts = a.loc[a["event"] != "notification_opened", ["user_id", "timestamp"]]
    x = rc.merge(acts, on="user_id")
    keep = x["timestamp"] >= x["campaign_time"]
    if window:
        keep &= x["timestamp"] < x["campaign_time"] + RECALL_WINDOW
    hit = pd.MultiIndex.from_frame(x.loc[keep, ["campaign_time", "user_id"]])
    flag = pd.MultiIndex.from_frame(rc[["campaign_time", "user_id"]]).isin(hit)
    return rc.assign(hit=flag).groupby("group", observed=True)["hit"].mean()


def _lift(**kw: Any) -> float:
    r = _bought_rate(**kw)
    return float(r["treatment"] / r["holdout"])


def _q2_expected() -> float:
    return _lift()


q2 = Exercise(
    "04.2",
    "Purchase lift of the recall campaigns (召回): over all campaigns, take each assignment (campaign, user) and "
    "flag it when the user placed at least one order in b2c_orders that was NOT refunded, from campaign_time up to "
    "14 days later (campaign_time <= order_date < campaign_time + 14 days). Lift = purchase rate of the treatment "
    "group / purchase rate of the holdout group. Give the lift as a number (e.g. 1.5).",
    "召回活动的购买提升倍数：汇总所有活动，对每一条分组记录（活动，用户），如果用户在活动时间起 14 天内"
    "（campaign_time <= order_date < campaign_time + 14 天）在 b2c_orders 中至少有一笔未退款的订单，则记为购买。"
    "提升倍数 = 实验组的购买率 / 对照组（holdout）的购买率。请给出倍数（例如 1.5）。",
    _q2_expected,
    rtol=1e-6,
    mistakes=[
        Mistake(lambda a, e: _close(a, _lift(refunds=True)),
                "You kept the refunded orders. A refunded order is not a sale; the question asks for orders that "
                "were not refunded.",
                "你保留了已退款的订单。退款的订单不算成交；题目要求只统计未退款的订单。"),
        Mistake(lambda a, e: _close(a, 1 / e),
                "You divided the other way round: lift = treatment rate / holdout rate, so it is above 1 when the "
                "campaign works.",
                "你把除法写反了：提升倍数 = 实验组比率 / 对照组比率，活动有效时它大于 1。"),
        Mistake(lambda a, e: _close(a, _bought_rate()["treatment"] - _bought_rate()["holdout"]),
                "That is the DIFFERENCE of the two rates (the incremental purchase rate). The question asks for the "
                "ratio, treatment / holdout.",
                "这是两个比率之差（增量购买率）。题目要的是比值：实验组 / 对照组。"),
        Mistake(lambda a, e: _close(a, e - 1) or _close(a, 100 * (e - 1)),
                "That is the relative increase (lift - 1). Give the lift itself: treatment rate / holdout rate.",
                "这是相对增幅（倍数 - 1）。请给出倍数本身：实验组比率 / 对照组比率。"),
        Mistake(lambda a, e: _close(a, _lift(window=False)),
                "You forgot the 14-day window: orders months later have little to do with the campaign, and the "
                "longer you look the more the holdout catches up.",
                "你忘了 14 天的窗口：几个月后的订单和这次活动关系不大，观察得越久，对照组追得越近。"),
        Mistake(lambda a, e: _close(a, _lift(source="events")),
                "That is the lift in RETURNS (any visit). The question asks about purchases: orders in b2c_orders.",
                "这是回访的提升倍数（任何访问）。题目问的是购买：b2c_orders 中的订单。"),
    ],
    hints=[
        "recall.merge(orders[~orders['refunded']], left_on='user_id', right_on='customer_id'), then keep rows with "
        "campaign_time <= order_date < campaign_time + pd.Timedelta(days=14).",
        "Flag each (campaign_time, user_id) of recall that has such an order, then take the mean of the flag per group.",
    ],
    solution="""
paid = orders[~orders["refunded"]]
x = recall.merge(paid, left_on="user_id", right_on="customer_id")
x = x[(x["order_date"] >= x["campaign_time"]) & (x["order_date"] < x["campaign_time"] + pd.Timedelta(days=14))]
keys = pd.MultiIndex.from_frame(x[["campaign_time", "user_id"]])
bought = pd.MultiIndex.from_frame(recall[["campaign_time", "user_id"]]).isin(keys)
rate = recall.assign(bought=bought).groupby("group", observed=True)["bought"].mean()
answer_2 = float(rate["treatment"] / rate["holdout"])
""",
    explanation_en="Notified users buy about 2.4 times as often as the holdout within two weeks. The ratio flatters "
                   "small numbers, so always report the difference as well: about 3 extra buyers per 100 notified.",
    explanation_zh="收到通知的用户两周内的购买率约为对照组的 2.4 倍。倍数会放大小数字，所以也要同时报告差值：每通知 100 人约多出 3 个购买者。",
)


# --------------------------------------------------------------------------- q3: dormant users
@lru_cache(maxsize=None)
def _stage_counts(which: str = "act") -> pd.Series:
    from playbook_lib import cohorts

    ev = _events()
    if which == "orders":
        st = cohorts.lifecycle_stage(_orders(), STAGE_DATE)
    else:
        act = {
            "act": _b2c_act,
            "with_sent": lambda: ev[ev["user_id"].isin(_users()["user_id"])],
            "all_ids": lambda: ev,
        }[which]()
        st = cohorts.lifecycle_stage(act, STAGE_DATE, **USER)
    return st["stage"].value_counts()


def _q3_expected() -> int:
    return int(_stage_counts()["dormant"])


q3 = Exercise(
    "04.3",
    "Dormant users (休眠用户) on 2025-06-30: with the course's lifecycle rules (cohorts.lifecycle_stage with its "
    "default thresholds: dormant = 60 to 179 days without activity) on the notebook's b2c_act, how many users are "
    "in the dormant stage? Give a whole number.",
    "2025-06-30 的休眠用户数：用课程的生命周期规则（cohorts.lifecycle_stage 的默认阈值：休眠 = 60 到 179 天没有活动）"
    "作用于笔记本中的 b2c_act，处于休眠期的用户有多少？请给出整数。",
    _q3_expected,
    rtol=0,
    atol=0.5,
    mistakes=[
        Mistake(lambda a, e: _close(a, _stage_counts()["dormant"] + _stage_counts()["churned"]),
                "You added the churned users (180+ days idle). Dormant is the stage before churned: idle 60 to 179 "
                "days, still worth a recall.",
                "你把流失用户（闲置 180 天以上）也加进来了。休眠期在流失期之前：闲置 60 到 179 天，仍值得召回。"),
        Mistake(lambda a, e: _close(a, _stage_counts()["churned"]),
                "That is the churned stage (180+ days idle). The question asks for dormant (60 to 179 days).",
                "这是流失期（闲置 180 天以上）。题目问的是休眠期（60 到 179 天）。"),
        Mistake(lambda a, e: _close(a, _stage_counts("orders")["dormant"]),
                "You read the stages off ORDERS, so only buyers are listed and a user who visits but does not buy "
                "looks idle. The question uses all user-initiated activity (b2c_act).",
                "你根据订单划分阶段，于是只列出了购买过的用户，而只逛不买的用户看起来像是不活跃。题目使用所有由用户发起的行为（b2c_act）。"),
        Mistake(lambda a, e: _close(a, _stage_counts("with_sent")["dormant"]),
                "You kept notification_sent: the company's own pushes made idle users look recently active. Use "
                "b2c_act, which drops them.",
                "你保留了 notification_sent：公司自己发的推送让闲置用户看起来最近还活跃。请使用去掉了这类事件的 b2c_act。"),
        Mistake(lambda a, e: _close(a, _stage_counts("all_ids")["dormant"]),
                "You ran the stages on the raw event log: anonymous visitors (V...) and the company's pushes are in "
                "it. Use b2c_act.",
                "你直接在原始行为日志上划分阶段：里面有匿名访客（V 开头）和公司发出的推送。请使用 b2c_act。"),
    ],
    hints=[
        "cohorts.lifecycle_stage(b2c_act, '2025-06-30', user_col='user_id', time_col='timestamp') gives one row per user.",
        "Count the rows whose stage is 'dormant': (stages['stage'] == 'dormant').sum().",
    ],
    solution="""
stages = cohorts.lifecycle_stage(b2c_act, "2025-06-30", user_col="user_id", time_col="timestamp")
answer_3 = int((stages["stage"] == "dormant").sum())
""",
    explanation_en="About five thousand users sit in the dormant stage: idle long enough to worry about, recent enough "
                   "that a recall message can still reach someone who remembers the shop.",
    explanation_zh="约五千名用户处于休眠期：闲置时间已足够令人担心，但又足够近，召回消息仍能触达还记得这家店的人。",
)


# --------------------------------------------------------------------------- q4: B2B logo retention
@lru_cache(maxsize=None)
def _logo(kind: str = "classic", trials: bool = False) -> tuple[pd.DataFrame, pd.Series]:
    from playbook_lib import cohorts

    if trials:  # trial rows counted as paying: a typical slip when reading subscriptions directly
        s = _subs()
        s = s.assign(invoice_amount=s["invoice_amount"].where(~s["is_trial"], 1.0), is_trial=False)
        act = b2b_logo_activity(s)
    else:
        act = _b2b_act()
    return cohorts.cohort_retention(act, kind=kind, **LOGO), cohorts.cohort_sizes(act, **LOGO)


def _curve(period: int, **kw: Any) -> float:
    from playbook_lib import cohorts

    r, s = _logo(**kw)
    return float(cohorts.retention_curve(r, s)[period])


def _q4_expected() -> float:
    return _curve(12)


q4 = Exercise(
    "04.4",
    "B2B logo retention (客户留存) at month 12: on the notebook's b2b_act (paying QiaoSign accounts by month), "
    "what share of logos is still paying 12 months after their first paid month, as the cohort-size-weighted "
    "average over the cohorts that have reached month 12 (cohorts.retention_curve)? Give a share between 0 and 1.",
    "B 端客户第 12 个月的留存：在笔记本的 b2b_act（按月付费的 QiaoSign 客户）上，首次付费月之后第 12 个月仍在付费的客户比例是多少？"
    "请用已观察到第 12 个月的各同期群、按同期群规模加权的平均值（cohorts.retention_curve）。请给出 0 到 1 之间的小数。",
    _q4_expected,
    rtol=1e-6,
    mistakes=[
        Mistake(lambda a, e: _close(a, 100 * e, 1e-6),
                "That is a percent; give a share between 0 and 1.",
                "这是百分数；请给出 0 到 1 之间的小数。"),
        Mistake(lambda a, e: _close(a, _logo()[0][12].mean()),
                "That is the plain mean of column 12: a cohort of 1 account counts as much as one of 9. Weight by "
                "cohort size with cohorts.retention_curve(ret, sizes).",
                "这是第 12 列的简单平均：1 个客户的同期群和 9 个客户的同期群权重一样。请用 cohorts.retention_curve(ret, sizes) 按同期群规模加权。"),
        Mistake(lambda a, e: _close(a, float((_logo()[0][12].fillna(0) * _logo()[1]).sum() / _logo()[1].sum())),
                "You filled the blank cells with 0: cohorts younger than 12 months have not had the chance to reach "
                "month 12, they did not churn. Leave them out (retention_curve does).",
                "你把空白单元格填成了 0：不足 12 个月的同期群还没走到第 12 个月，并不是流失了。应把它们排除在外（retention_curve 会这样做）。"),
        Mistake(lambda a, e: _close(a, _curve(12, kind="rolling")),
                "That is rolling (unbounded) retention: paying in month 12 or any later month, so win-backs count. "
                "The question asks for classic retention: paying IN month 12.",
                "这是滚动（无界）留存：第 12 个月或之后任一月份付费都算，赢回的客户也被计入。题目问的是经典留存：第 12 个月当月付费。"),
        Mistake(lambda a, e: _close(a, _curve(12, trials=True)),
                "You counted free trials as paying logos, so every trial that never converted looks like a churned "
                "customer. Use MRR > 0 (mrr_from_subscriptions leaves trials out).",
                "你把免费试用也当成了付费客户，于是每个没有转化的试用看起来都像流失客户。请用 MRR > 0（mrr_from_subscriptions 会排除试用）。"),
        Mistake(lambda a, e: _close(a, _curve(11)) or _close(a, _curve(13)),
                "Off by one month: period 0 is the first paid month, so month 12 is the column labelled 12.",
                "差了一个月：第 0 期是首次付费月，所以第 12 个月是标为 12 的那一列。"),
    ],
    hints=[
        "ret = cohorts.cohort_retention(b2b_act, user_col='account_id', time_col='month_start') and sizes = "
        "cohorts.cohort_sizes(...) with the same arguments.",
        "cohorts.retention_curve(ret, sizes) is the weighted curve; take the value at 12.",
    ],
    solution="""
logo_ret = cohorts.cohort_retention(b2b_act, user_col="account_id", time_col="month_start")
logo_sizes = cohorts.cohort_sizes(b2b_act, user_col="account_id", time_col="month_start")
answer_4 = float(cohorts.retention_curve(logo_ret, logo_sizes)[12])
""",
    explanation_en="About four logos in five still pay a year later, against about 2% of shop users still active: "
                   "B2B retention looks easy, but month 12 is where annual contracts come up for renewal and "
                   "competitors get their chance.",
    explanation_zh="一年后约五分之四的客户仍在付费，而商城用户一年后仍活跃的只有约 2%：B 端留存看起来容易，但第 12 个月正是年度合同续约、竞争对手趁机而入的时候。",
)

EXERCISES = [q1, q2, q3, q4]
