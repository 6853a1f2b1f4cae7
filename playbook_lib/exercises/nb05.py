"""Exercises of notebook 05 · RFM segmentation.

Every expected answer is computed from the course data with :mod:`playbook_lib.rfm` (and
:mod:`playbook_lib.mrr` for the B2B exercise), lazily: nothing is loaded when this module is
imported.

>>> from playbook_lib.exercises import nb05
>>> [q.name for q in nb05.EXERCISES]
['05.1', '05.2', '05.3', '05.4']
>>> nb05.q3.check(None)
✋ No answer yet: replace the ... with your code, run the cell, then check again.
   还没有作答：把 ... 换成你的代码，运行后再检查。
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import pandas as pd

from playbook_lib.exercises import Exercise, Mistake

__all__ = ["q1", "q2", "q3", "q4", "EXERCISES", "Q3_CUSTOMER", "Q2_SEGMENTS"]

#: Customer of exercise 3: a repeat buyer whose last order was refunded.
Q3_CUSTOMER = "C012250"
#: Segments of exercise 2.
Q2_SEGMENTS = ("Champions", "Loyal")


# ------------------------------------------------------------------------------ data (lazy)
@lru_cache(maxsize=1)
def _orders() -> pd.DataFrame:
    from playbook_lib import datasets

    return datasets.load_orders()


def _table(**kw: Any) -> pd.DataFrame:
    from playbook_lib import rfm

    return rfm.rfm_table(_orders(), **kw)


def _segments(table: pd.DataFrame, **score_kw: Any) -> pd.Series:
    from playbook_lib import rfm

    return rfm.rfm_segments(rfm.rfm_scores(table, **score_kw))


def _sizes(table: pd.DataFrame, **kw: Any) -> pd.DataFrame:
    from playbook_lib import rfm

    return rfm.segment_sizes(table, **kw)


def _b2b_table() -> pd.DataFrame:
    from playbook_lib import datasets, mrr, rfm

    months = mrr.mrr_from_subscriptions(datasets.load_subscriptions())
    months["paid_month_end"] = months["month"].dt.to_timestamp(how="end").dt.normalize()
    return rfm.rfm_table(months, customer_col="account_id", time_col="paid_month_end", value_col="mrr")


def _close(a: Any, b: float, rel: float = 1e-6) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-9)


# ------------------------------------------------------------------------------ q1
def _champions(table: pd.DataFrame, **score_kw: Any) -> int:
    return int((_segments(table, **score_kw) == "Champions").sum())


def _q1_expected() -> int:
    return _champions(_table(refund_col="refunded"))


FIXED_BINS = {"recency": [90, 180, 365, 540], "frequency": [1, 2, 3, 5], "monetary": [75, 150, 300, 600]}

q1 = Exercise(
    "05.1",
    "How many QiaoShop customers are Champions? Use rfm_table on b2c_orders with refunded orders excluded, the "
    "default scores (quintiles, ties kept together) and the default segment rules. Give a count.",
    "QiaoShop 有多少个核心价值客户（Champions）？在 b2c_orders 上用 rfm_table（排除退款订单），"
    "使用默认评分（五分位，并列值保持同分）和默认分群规则。请给出人数。",
    _q1_expected,
    kind="number",
    mistakes=[
        Mistake(lambda a, e: _close(a, _champions(_table())),
                "You kept the refunded orders. A refund is money given back: pass refund_col='refunded' so "
                "those orders are dropped before R, F and M are computed.",
                "你保留了退款订单。退款是退回的钱：请传入 refund_col='refunded'，在计算 R、F、M 之前去掉这些订单。"),
        Mistake(lambda a, e: _close(a, _champions(_table(refund_col="refunded"), ties="first")),
                "You broke the ties by row order (ties='first'): identical customers then get different F "
                "scores. Keep the default ties='min'.",
                "你按行顺序打破了并列（ties='first'）：相同的客户会得到不同的 F 分。请使用默认的 ties='min'。"),
        Mistake(lambda a, e: _close(a, _champions(_table(refund_col="refunded"), method="fixed", bins=FIXED_BINS)),
                "That is the count with the fixed cut points. The question asks for the default quintile scores.",
                "这是用固定切分点得到的人数。题目要求默认的五分位评分。"),
        Mistake(lambda a, e: 0 < float(a) < 1 and _close(a, e / len(_table(refund_col="refunded")), 1e-3),
                "That is the share of customers; the question asks for the number of customers.",
                "这是客户占比；题目要求的是客户人数。"),
    ],
    hints=["rfm.rfm_scores(table) gives the default scores; rfm.rfm_segments(scores) names the segments.",
           "Count the customers whose segment == 'Champions' (a sum of a True/False Series)."],
    solution="""
orders_ = datasets.load_orders()
table_ = rfm.rfm_table(orders_, refund_col="refunded")
segments_ = rfm.rfm_segments(rfm.rfm_scores(table_))
answer_1 = int((segments_ == "Champions").sum())
""",
    explanation_en="About one customer in ten is a Champion: bought in the most recent fifth and at least twice.",
    explanation_zh="大约十分之一的客户是核心价值客户：最近一次购买在最近的五分之一，且至少买过两次。",
)


# ------------------------------------------------------------------------------ q2
def _share(sizes: pd.DataFrame, col: str = "monetary_share", segs: tuple[str, ...] = Q2_SEGMENTS) -> float:
    return float(sizes.loc[list(segs), col].sum())


def _q2_expected() -> float:
    return _share(_sizes(_table(refund_col="refunded")))


q2 = Exercise(
    "05.2",
    "What share of QiaoShop's revenue (total non-refunded spend) comes from the Champions and Loyal segments "
    "together (default scores and rules)? Give a share between 0 and 1.",
    "核心价值客户（Champions）和忠诚客户（Loyal）合计贡献了 QiaoShop 多少比例的收入（未退款消费总额）？"
    "（默认评分和规则。）请给出 0 到 1 之间的小数。",
    _q2_expected,
    rtol=1e-4,
    mistakes=[
        Mistake(lambda a, e: _close(a, 100 * e, 1e-3),
                "That is a percent; give the share (0.45, not 45).",
                "这是百分数；请给出小数（0.45 而不是 45）。"),
        Mistake(lambda a, e: _close(a, _share(_sizes(_table(refund_col="refunded")), "share"), 1e-4),
                "That is their share of customers. The question asks for their share of revenue "
                "(the monetary_share column).",
                "这是他们的客户人数占比。题目要求的是收入占比（monetary_share 列）。"),
        Mistake(lambda a, e: _close(a, _share(_sizes(_table())), 1e-4),
                "You kept the refunded orders: drop them with refund_col='refunded' first.",
                "你保留了退款订单：请先用 refund_col='refunded' 去掉它们。"),
        Mistake(lambda a, e: any(_close(a, _share(_sizes(_table(refund_col="refunded")), segs=(s,)), 1e-4)
                                 for s in Q2_SEGMENTS),
                "That is one segment only; add Champions and Loyal together.",
                "这只是一个分群；请把 Champions 和 Loyal 加在一起。"),
    ],
    hints=["rfm.segment_sizes(table) returns customers, share, monetary and monetary_share per segment.",
           "Sum monetary_share over the rows 'Champions' and 'Loyal' (.loc[[...], 'monetary_share'].sum())."],
    solution="""
orders_ = datasets.load_orders()
table_ = rfm.rfm_table(orders_, refund_col="refunded")
sizes_ = rfm.segment_sizes(table_)
answer_2 = sizes_.loc[["Champions", "Loyal"], "monetary_share"].sum()
""",
    explanation_en="About a quarter of the customers bring close to half of the revenue: the reason to treat them "
                   "differently (VIP perks, upsell) instead of sending everyone the same coupon.",
    explanation_zh="大约四分之一的客户贡献了近一半的收入：这正是差异化运营（会员权益、追加销售）而不是给所有人发同一张券的理由。",
)


# ------------------------------------------------------------------------------ q3
def _q3_expected() -> int:
    return int(_table(refund_col="refunded").loc[Q3_CUSTOMER, "recency_days"])


def _lifetimes_recency() -> float:
    from playbook_lib import rfm

    o = _orders()
    return float(rfm.rfm_summary(o[~o["refunded"]]).loc[Q3_CUSTOMER, "recency"])


q3 = Exercise(
    "05.3",
    f"What is customer {Q3_CUSTOMER}'s recency in days: days since the last non-refunded purchase, as of the day "
    "after the data ends (2026-01-01)?",
    f"客户 {Q3_CUSTOMER} 的最近一次消费（R）是多少天？即截至数据结束后的第一天（2026-01-01），"
    "距离最后一次未退款购买的天数。",
    _q3_expected,
    kind="number",
    mistakes=[
        Mistake(lambda a, e: _close(a, _table().loc[Q3_CUSTOMER, "recency_days"]),
                "You counted the last order, but it was refunded. Drop refunded orders first "
                "(refund_col='refunded'): the last purchase that counts is an earlier one.",
                "你用了最后一笔订单，但它已经退款。请先去掉退款订单（refund_col='refunded'）：有效的最后一次购买更早。"),
        Mistake(lambda a, e: _close(a, _lifetimes_recency()),
                "That is lifetimes' recency: the customer's age at the last purchase (last minus first purchase "
                "day). Marketing recency is the days from the last purchase to the snapshot date.",
                "这是 lifetimes 的 recency：客户在最后一次购买时的“年龄”（最后一次减第一次购买日）。"
                "营销 RFM 的 R 是从最后一次购买到快照日的天数。"),
        Mistake(lambda a, e: _close(a, e - 1),
                "One day short: you counted to the last day of the data (as_of='last_day'). The question's "
                "snapshot is the day after, 2026-01-01 (the rfm_table default).",
                "少了一天：你算到了数据的最后一天（as_of='last_day'）。题目的快照日是第二天 2026-01-01（rfm_table 的默认值）。"),
    ],
    hints=["rfm.rfm_table(orders, refund_col='refunded') has a recency_days column indexed by customer_id.",
           f"Read it with .loc['{Q3_CUSTOMER}', 'recency_days']."],
    solution=f"""
orders_ = datasets.load_orders()
table_ = rfm.rfm_table(orders_, refund_col="refunded")
answer_3 = table_.loc["{Q3_CUSTOMER}", "recency_days"]
""",
    explanation_en="Over a year: the refund hid that this customer has not really bought for more than a year. A "
                   "refunded order should not make a customer look recent.",
    explanation_zh="一年多：退款订单掩盖了这位客户实际上已经一年多没有有效购买。退款订单不应让客户看起来“最近刚买过”。",
)


# ------------------------------------------------------------------------------ q4
def _q4_expected() -> int:
    return int((_b2b_table()["recency_days"] > 1).sum())


def _n_accounts() -> int:
    from playbook_lib import datasets

    return len(datasets.load_accounts())


def _n_subscribed() -> int:
    from playbook_lib import datasets

    return int(datasets.load_subscriptions()["account_id"].nunique())


def _n_paying_now() -> int:
    return int((_b2b_table()["recency_days"] == 1).sum())


q4 = Exercise(
    "05.4",
    "B2B: build the QiaoSign RFM table from paid months (mrr.mrr_from_subscriptions, each month dated at its "
    "last day, customer_col='account_id'). How many paying accounts have stopped paying, i.e. have "
    "recency_days > 1? Give a count.",
    "B2B：用已付费月份（mrr.mrr_from_subscriptions，每个月记在该月最后一天，customer_col='account_id'）"
    "建立 QiaoSign 的 RFM 表。有多少个付费客户已经停止付费，即 recency_days > 1？请给出个数。",
    _q4_expected,
    kind="number",
    mistakes=[
        Mistake(lambda a, e: _close(a, _n_accounts() - _n_paying_now()),
                "You counted every account in b2b_accounts that is not paying now, including prospects that never "
                "paid. Churn (流失) is only possible for accounts that paid: use the RFM table's rows.",
                "你把 b2b_accounts 中所有当前未付费的客户都算上了，包括从未付费的潜在客户。只有付过费的客户才谈得上流失：请用 RFM 表中的行。"),
        Mistake(lambda a, e: _close(a, _n_subscribed() - _n_paying_now()),
                "You counted trial-only accounts as churned. Trials are free and excluded from MRR; an account that "
                "never paid has not churned.",
                "你把只试用过的客户算成了流失。试用免费，不计入 MRR；从未付费的客户不算流失。"),
        Mistake(lambda a, e: _close(a, _n_paying_now()),
                "That is the number still paying (recency_days == 1); the question asks for those who stopped.",
                "这是仍在付费的客户数（recency_days == 1）；题目问的是已停止付费的客户数。"),
        Mistake(lambda a, e: 0 < float(a) < 1 and _close(a, e / len(_b2b_table()), 1e-3),
                "That is the share of paying accounts; give the count.",
                "这是占付费客户的比例；请给出个数。"),
    ],
    hints=["months = mrr.mrr_from_subscriptions(subs); months['month'].dt.to_timestamp(how='end').dt.normalize() "
           "gives the month-end date.",
           "rfm.rfm_table(months, customer_col='account_id', time_col=..., value_col='mrr'), then count "
           "recency_days > 1."],
    solution="""
paid_months_ = mrr.mrr_from_subscriptions(datasets.load_subscriptions())
paid_months_["paid_month_end"] = paid_months_["month"].dt.to_timestamp(how="end").dt.normalize()
b2b_ = rfm.rfm_table(paid_months_, customer_col="account_id", time_col="paid_month_end", value_col="mrr")
answer_4 = int((b2b_["recency_days"] > 1).sum())
""",
    explanation_en="For accounts, recency is almost a yes/no: paying now (1) or churned. These accounts are the "
                   "win-back list for account managers and customer success.",
    explanation_zh="对 B 端客户来说，R 几乎是是/否：正在付费（1）或已流失。这些客户就是客户经理和客户成功团队的挽回名单。",
)


EXERCISES = (q1, q2, q3, q4)
