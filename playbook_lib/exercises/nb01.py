"""Exercises of notebook 01 · B2B vs B2C: the differences.

Every expected answer is computed from the course data with the course helpers, lazily (nothing
is loaded when this module is imported).

>>> q1.name, q2.kind, len(q3.mistakes) >= 2
('01.1', 'number', True)
"""

from __future__ import annotations

import math

from playbook_lib.exercises import Exercise, Mistake

__all__ = ["q1", "q2", "q3", "q4"]


def _close(a: object, b: float, rtol: float = 1e-3) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rtol)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ q1: ticket ratio
def _b2c_ticket() -> float:
    from playbook_lib import compare, datasets

    orders = datasets.load_orders()
    return float(compare.scale_summary(orders, customer_col="customer_id", value_col="amount")["average_ticket"])


def _b2b_ticket() -> float:
    from playbook_lib import compare, datasets

    leads = datasets.load_leads()
    won = leads[leads["outcome"] == "won"]
    return float(compare.scale_summary(won, customer_col="account_id", value_col="deal_value")["average_ticket"])


def _q1_expected() -> float:
    return _b2b_ticket() / _b2c_ticket()


def _q1_all_opportunities(a: float, e: float) -> bool:
    from playbook_lib import datasets

    return _close(a, datasets.load_leads()["deal_value"].mean() / _b2c_ticket())


def _q1_per_customer(a: float, e: float) -> bool:
    from playbook_lib import datasets

    orders = datasets.load_orders()
    per_customer = orders["amount"].sum() / orders["customer_id"].nunique()
    return _close(a, _b2b_ticket() / per_customer)


def _q1_median(a: float, e: float) -> bool:
    from playbook_lib import datasets

    leads, orders = datasets.load_leads(), datasets.load_orders()
    won = leads.loc[leads["outcome"] == "won", "deal_value"]
    return any(_close(a, x) for x in (won.median() / orders["amount"].median(), won.median() / _b2c_ticket(),
                                      won.mean() / orders["amount"].median()))


def _q1_before_discount(a: float, e: float) -> bool:
    from playbook_lib import datasets

    orders = datasets.load_orders()
    return _close(a, _b2b_ticket() / (orders["amount"] + orders["discount"]).mean())


q1 = Exercise(
    "01.1",
    "How many times bigger is QiaoSign's average won deal (annual contract value, deal_value of won leads) than "
    "QiaoShop's average ticket per order (amount paid)? Give one number: B2B average / B2C average.",
    "QiaoSign 赢单的平均合同额（赢单线索的 deal_value，年合同额）是 QiaoShop 每笔订单平均实付金额（客单价）的多少倍？"
    "给出一个数字：B 端平均值 / C 端平均值。",
    _q1_expected,
    rtol=1e-3,
    mistakes=[
        Mistake(lambda a, e: _close(a, 1 / e), "You divided the wrong way round: B2C / B2B gives a tiny number. "
                "Put the B2B deal value on top.",
                "除反了：C 端 / B 端会得到一个很小的数。把 B 端合同额放在分子上。"),
        Mistake(_q1_all_opportunities, "You averaged deal_value over every opportunity, including lost and open ones. "
                "Keep only the won leads (outcome == 'won'): only they became contracts.",
                "你对所有商机（包括输单和未结束的）的 deal_value 求了平均。只保留赢单（outcome == 'won'）的线索："
                "只有它们变成了合同。"),
        Mistake(_q1_per_customer, "You used revenue per B2C customer (all their orders together) instead of per order. "
                "The question compares one order with one contract-year: use orders['amount'].mean().",
                "你用的是 C 端每位顾客的总消费，而不是每笔订单。题目比较的是一笔订单和一份年合同："
                "请用 orders['amount'].mean()。"),
        Mistake(_q1_median, "You used a median. Medians are a fine summary, but the question asks for averages (means) "
                "on both sides.", "你用了中位数。中位数也是好指标，但本题要求两边都用平均值（均值）。"),
        Mistake(_q1_before_discount, "You added the discount back: the B2C ticket is what the customer paid "
                "(amount, after discount), just as deal_value is after the B2B discount.",
                "你把优惠加了回去：C 端客单价是顾客实付金额（amount，已扣优惠），正如 B 端 deal_value 也已扣除折扣。"),
    ],
    hints=[
        "B2B: leads[leads['outcome'] == 'won']['deal_value'].mean().",
        "B2C: orders['amount'].mean(); then divide the B2B number by the B2C number.",
    ],
    solution="""from playbook_lib import datasets
leads, orders = datasets.load_leads(), datasets.load_orders()
b2b_ticket = leads.loc[leads["outcome"] == "won", "deal_value"].mean()
b2c_ticket = orders["amount"].mean()
answer_1 = b2b_ticket / b2c_ticket""",
    explanation_en="One QiaoSign contract-year is worth well over a thousand QiaoShop orders: seed article 001's 'high ticket, "
                   "low conversion' in one number. Each B2B deal deserves the personal attention a B2C order never gets.",
    explanation_zh="一份 QiaoSign 年合同抵得上一千多笔 QiaoShop 订单：这正是种子文章 001 所说的“客单价高、转化率低”。"
                   "每一笔 B 端交易都值得 C 端订单从来得不到的一对一投入。",
)


# ------------------------------------------------------------------------------ q2: work-hours share
def _q2_expected() -> float:
    from playbook_lib import compare, datasets

    return compare.work_hours_share(datasets.load_usage()["timestamp"])


def _usage_times():
    from playbook_lib import datasets

    return datasets.load_usage()["timestamp"]


def _q2_inclusive_18(a: float, e: float) -> bool:
    t = _usage_times()
    return _close(a, (t.dt.day_of_week.lt(5) & t.dt.hour.between(9, 18)).mean())


def _q2_hours_only(a: float, e: float) -> bool:
    t = _usage_times()
    return _close(a, t.dt.hour.between(9, 17).mean()) or _close(a, t.dt.hour.between(9, 18).mean())


def _q2_b2c(a: float, e: float) -> bool:
    from playbook_lib import compare, datasets

    return _close(a, compare.work_hours_share(datasets.load_events()["timestamp"]))


q2 = Exercise(
    "01.2",
    "What share of QiaoSign's product usage events (b2b_usage) happen in weekday office hours, Monday to Friday "
    "from 09:00 up to (not including) 18:00? Give a share between 0 and 1.",
    "QiaoSign 的产品使用事件（b2b_usage）中，有多大比例发生在工作日办公时间，即周一到周五 09:00 至 18:00"
    "（不含 18:00）？请给出 0 到 1 之间的比例。",
    _q2_expected,
    rtol=1e-6,
    mistakes=[
        Mistake(lambda a, e: _close(a, 100 * e), "That is a percentage. Give a share between 0 and 1 (divide by 100).",
                "这是百分数。请给出 0 到 1 之间的比例（除以 100）。"),
        Mistake(_q2_inclusive_18, "You counted 18:00-18:59 as office time: .between(9, 18) includes hour 18. "
                "The window ends at 18:00, so keep hours 9 to 17.",
                "你把 18:00-18:59 也算作办公时间了：.between(9, 18) 包含第 18 小时。时间窗在 18:00 结束，"
                "只保留 9 到 17 点。"),
        Mistake(_q2_hours_only, "You filtered the hours but not the weekdays: Saturday and Sunday 10:00 are not office "
                "hours. Add day_of_week < 5.",
                "你只筛选了小时，没有筛选工作日：周六周日上午 10 点不算办公时间。请加上 day_of_week < 5。"),
        Mistake(_q2_b2c, "That is the B2C event log (b2c_events). The question is about B2B usage: b2b_usage.",
                "这是 C 端事件日志（b2c_events）的结果。本题问的是 B 端使用日志：b2b_usage。"),
    ],
    hints=[
        "t = usage['timestamp']; t.dt.day_of_week is 0 for Monday .. 6 for Sunday; t.dt.hour is 0..23.",
        "The mean of a True/False Series is the share of True values.",
        "compare.work_hours_share(t) does it for you; try it after your own pandas version.",
    ],
    solution="""from playbook_lib import datasets
t = datasets.load_usage()["timestamp"]
office = (t.dt.day_of_week < 5) & (t.dt.hour >= 9) & (t.dt.hour < 18)
answer_2 = office.mean()""",
    explanation_en="Nearly nine in ten B2B actions happen at the office: people use QiaoSign as part of their job. "
                   "Schedule B2B webinars, pushes and support on weekday working hours; QiaoShop's crowd shops in the "
                   "evening and at weekends.",
    explanation_zh="近九成的 B 端操作发生在办公时间：人们把 QiaoSign 当作工作的一部分来用。B 端的直播、推送和客服"
                   "应安排在工作日白天；而 QiaoShop 的顾客多在晚上和周末购物。",
)


# ------------------------------------------------------------------------------ q3: median cycle
def _q3_expected() -> float:
    from playbook_lib import datasets, pipeline

    return float(pipeline.sales_cycle(datasets.load_leads()).loc["all", "median_days"])


def _q3_mean(a: float, e: float) -> bool:
    from playbook_lib import datasets, pipeline

    return _close(a, pipeline.sales_cycle(datasets.load_leads()).loc["all", "mean_days"])


def _q3_with_lost(a: float, e: float) -> bool:
    from playbook_lib import datasets, pipeline

    leads = datasets.load_leads()
    return any(_close(a, pipeline.sales_cycle(leads, outcomes=o).loc["all", s])
               for o in (("won", "lost"), ("lost",)) for s in ("median_days", "mean_days"))


def _q3_from_opportunity(a: float, e: float) -> bool:
    from playbook_lib import datasets, pipeline

    return _close(a, pipeline.sales_cycle(datasets.load_leads(), start_col="opportunity_at").loc["all", "median_days"])


q3 = Exercise(
    "01.3",
    "What is the median B2B decision cycle in days: from a lead's creation (created_at) to the day it was won "
    "(closed_at), over the won leads only?",
    "B 端决策周期的中位数是多少天？只看赢单的线索，从线索创建（created_at）到赢单（closed_at）。",
    _q3_expected,
    rtol=1e-4,
    mistakes=[
        Mistake(lambda a, e: _close(a, 24 * e, 1e-4), "That is in hours. Give days (divide by 24, or divide the "
                "timedelta by pd.Timedelta(days=1)).",
                "这是小时数。请换算成天（除以 24，或用 timedelta 除以 pd.Timedelta(days=1)）。"),
        Mistake(_q3_mean, "That is the mean. A few very long deals pull the mean up; the question asks for the median.",
                "这是平均值。少数特别长的交易会拉高平均值；本题要的是中位数。"),
        Mistake(_q3_with_lost, "You included lost leads. Lost leads end in a 'no', often early; a decision cycle "
                "here means time to a purchase, so keep outcome == 'won'.",
                "你把输单也算进来了。输单以“不买”告终，往往结束得更早；这里的决策周期指直到购买的时间，"
                "所以只保留 outcome == 'won'。"),
        Mistake(_q3_from_opportunity, "You started the clock at opportunity_at. That is the 'deal age' convention "
                "(HubSpot); this question starts at the lead's creation, created_at.",
                "你从 opportunity_at（成为商机）开始计时。那是“商机时长”的口径（HubSpot）；本题从线索创建 "
                "created_at 开始计时。"),
    ],
    hints=[
        "won = leads[leads['outcome'] == 'won']; (won['closed_at'] - won['created_at']) is a timedelta Series.",
        "Divide by pd.Timedelta(days=1) to get days, then take .median().",
    ],
    solution="""import pandas as pd
from playbook_lib import datasets
leads = datasets.load_leads()
won = leads[leads["outcome"] == "won"]
answer_3 = ((won["closed_at"] - won["created_at"]) / pd.Timedelta(days=1)).median()""",
    explanation_en="Half of QiaoSign's wins took about seven weeks or more from first contact to signature, against "
                   "under two days for half of QiaoShop's first purchases. B2B ops must keep a prospect warm for "
                   "weeks, with several people, not win a click.",
    explanation_zh="QiaoSign 一半的赢单从首次接触到签约要七周左右甚至更久，而 QiaoShop 一半的首购不到两天。"
                   "B 端运营要在数周内持续跟进多个人，而不是赢得一次点击。",
)


# ------------------------------------------------------------------------------ q4: who owned the wins
def _leads_with_roles():
    from playbook_lib import datasets

    return datasets.load_leads().merge(datasets.load_contacts()[["contact_id", "role"]], on="contact_id", how="left")


def _q4_expected() -> float:
    lr = _leads_with_roles()
    won = lr[lr["outcome"] == "won"]
    return float((won["role"] == "decision_maker").mean())


def _q4_share_of_leads(a: float, e: float) -> bool:
    lr = _leads_with_roles()
    return _close(a, (lr["role"] == "decision_maker").mean())


def _q4_share_of_contacts(a: float, e: float) -> bool:
    from playbook_lib import datasets

    return _close(a, (datasets.load_contacts()["role"] == "decision_maker").mean())


def _q4_conversion(a: float, e: float) -> bool:
    lr = _leads_with_roles()
    dm = lr[lr["role"] == "decision_maker"]
    return _close(a, (dm["outcome"] == "won").mean())


q4 = Exercise(
    "01.4",
    "Of the won B2B leads, what share was owned by a decision maker (决策人, role 'decision_maker' of the lead's "
    "contact)? Join b2b_leads to b2b_contacts on contact_id. Give a share between 0 and 1.",
    "在赢单的 B 端线索中，由决策人（线索联系人的 role 为 'decision_maker'）带来的占多大比例？"
    "用 contact_id 把 b2b_leads 和 b2b_contacts 连接起来。请给出 0 到 1 之间的比例。",
    _q4_expected,
    rtol=1e-6,
    mistakes=[
        Mistake(lambda a, e: _close(a, 100 * e), "That is a percentage. Give a share between 0 and 1.",
                "这是百分数。请给出 0 到 1 之间的比例。"),
        Mistake(_q4_share_of_leads, "That is the decision makers' share of ALL leads. Filter to outcome == 'won' "
                "first: the point is how much bigger their share of the wins is.",
                "这是决策人在全部线索中的占比。请先筛选 outcome == 'won'：要看的是他们在赢单中的占比高出多少。"),
        Mistake(_q4_share_of_contacts, "That is the share of decision makers among all contacts. The question is about "
                "who owned the won leads: join leads to contacts and keep the won ones.",
                "这是全部联系人中决策人的占比。本题问的是赢单线索由谁带来：把线索与联系人连接，只保留赢单。"),
        Mistake(_q4_conversion, "That is the decision makers' win rate (won / their leads). The question asks the "
                "other way round: among the wins, the share owned by a decision maker.",
                "这是决策人线索的赢单率（赢单数 / 其线索数）。本题问的是反过来：在赢单中，决策人带来的占比。"),
    ],
    hints=[
        "lr = leads.merge(contacts[['contact_id', 'role']], on='contact_id')",
        "won = lr[lr['outcome'] == 'won']; the mean of (won['role'] == 'decision_maker') is the share.",
    ],
    solution="""from playbook_lib import datasets
leads, contacts = datasets.load_leads(), datasets.load_contacts()
lr = leads.merge(contacts[["contact_id", "role"]], on="contact_id", how="left")
won = lr[lr["outcome"] == "won"]
answer_4 = (won["role"] == "decision_maker").mean()""",
    explanation_en="Decision makers bring under a fifth of the leads but about two thirds of the wins. In B2B you "
                   "sell to a committee, and reaching the person who signs matters more than the number of leads.",
    explanation_zh="决策人带来的线索不到五分之一，却贡献了约三分之二的赢单。B 端是向一个采购小组销售，"
                   "接触到拍板的人比线索数量更重要。",
)
