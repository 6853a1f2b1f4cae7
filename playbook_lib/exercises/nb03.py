"""Exercises of notebook 03 · The B2B funnel.

Every expected answer is computed from the course data with :mod:`playbook_lib.pipeline`, lazily
(nothing is loaded when this module is imported).

>>> from playbook_lib.exercises import nb03
>>> [q.name for q in nb03.EXERCISES]
['03.1', '03.2', '03.3', '03.4']
>>> nb03.q1.check(None)
✋ No answer yet: replace the ... with your code, run the cell, then check again.
   还没有作答：把 ... 换成你的代码，运行后再检查。
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from playbook_lib.exercises import Exercise, Mistake

__all__ = ["q1", "q2", "q3", "q4", "EXERCISES", "Q3_TARGET"]

#: Revenue target of exercise 3 (new annual contract value over the next 12 months, CNY).
Q3_TARGET = 12_000_000


# ------------------------------------------------------------------------------ data (lazy)
def _leads() -> pd.DataFrame:
    from playbook_lib import datasets

    return datasets.load_leads()


def _leads_with_segment() -> pd.DataFrame:
    from playbook_lib import datasets

    return _leads().merge(datasets.load_accounts()[["account_id", "segment"]], on="account_id")


def _win_rates() -> pd.DataFrame:
    from playbook_lib import pipeline

    return pipeline.win_rates(_leads())


def _close(a: Any, b: float, rel: float = 1e-6) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-9)


def _observed_rates() -> dict[str, float]:
    from playbook_lib import pipeline

    step = pipeline.stage_waterfall(_leads()).set_index("stage")["step_conversion"]
    return {"lead_to_mql": float(step["mql"]), "mql_to_sql": float(step["sql"]),
            "sql_to_opportunity": float(step["opportunity"]), "opportunity_to_won": float(step["won"])}


def _avg_won_deal() -> float:
    leads = _leads()
    return float(leads.loc[leads["outcome"] == "won", "deal_value"].mean())


# ------------------------------------------------------------------------------ q1
def _q1_expected() -> float:
    return float(_win_rates().loc["all", "win_rate_closed"])


q1 = Exercise(
    "03.1",
    "What is QiaoSign's win rate on the closed basis (won / (won + lost) opportunities, by count) over all "
    "leads in b2b_leads? Give a share between 0 and 1.",
    "按已关闭商机口径（赢单 / (赢单 + 输单)，按个数），QiaoSign 全部线索的赢单率是多少？请给出 0 到 1 之间的小数。",
    _q1_expected,
    rtol=1e-4,
    mistakes=[
        Mistake(lambda a, e: _close(a, 100 * e, 1e-3),
                "That is a percent; give the share (0.35, not 35).",
                "这是百分数；请给出小数（0.35 而不是 35）。"),
        Mistake(lambda a, e: _close(a, _win_rates().loc["all", "win_rate_all"], 1e-4),
                "You divided by all opportunities, including the open ones: that is the all-opportunity basis. "
                "The closed basis leaves open deals out of the denominator.",
                "你除以了全部商机（含未关闭的），这是全部商机口径。已关闭口径的分母不含进行中的商机。"),
        Mistake(lambda a, e: _close(a, _win_rates().loc["all", "value_win_rate_closed"], 1e-4),
                "That is the value-weighted win rate (won value / closed value). The question asks by count.",
                "这是按金额加权的赢单率。题目要求按个数计算。"),
        Mistake(lambda a, e: _close(a, (_leads()["outcome"] == "won").mean(), 1e-4)
                or _close(a, (_leads()["outcome"] == "won").sum()
                          / _leads()["outcome"].isin(["won", "lost"]).sum(), 1e-4),
                "You divided by leads, not by opportunities. Leads lost before the opportunity stage are "
                "disqualified leads, not lost deals: a win rate only counts opportunities.",
                "你的分母是线索而不是商机。在商机阶段之前丢失的线索属于被淘汰的线索，不是输单；赢单率只算商机。"),
    ],
    hints=["pipeline.win_rates(leads) returns one row 'all' with several win-rate columns.",
           "The closed basis is the column win_rate_closed; take it with .loc['all', ...]."],
    solution="""
leads_ = datasets.load_leads()
answer_1 = pipeline.win_rates(leads_).loc["all", "win_rate_closed"]
""",
    explanation_en="About one closed opportunity in three is won. Open deals are left out because they "
                   "have not been decided yet.",
    explanation_zh="大约三分之一的已关闭商机赢单。进行中的商机尚未有结果，所以不计入分母。",
)


# ------------------------------------------------------------------------------ q2
def _cycle(**kw: Any) -> pd.DataFrame:
    from playbook_lib import pipeline

    return pipeline.sales_cycle(_leads_with_segment(), by="segment", **kw)


def _q2_expected() -> float:
    return float(_cycle().loc["large_group", "median_days"])


q2 = Exercise(
    "03.2",
    "What is the median sales cycle, in days from lead creation (created_at) to close (closed_at), of the "
    "WON deals of large_group accounts? (Join the segment from b2b_accounts.)",
    "大型集团（large_group）客户的赢单，从线索创建（created_at）到关闭（closed_at）的销售周期中位数是多少天？"
    "（需要从 b2b_accounts 关联 segment。）",
    _q2_expected,
    rtol=1e-4,
    mistakes=[
        Mistake(lambda a, e: _close(a, _cycle().loc["large_group", "mean_days"], 1e-4),
                "That is the mean. A few long tenders pull the mean up; the question asks for the median.",
                "这是平均值。少数很长的招投标项目会拉高平均值；题目要求中位数。"),
        Mistake(lambda a, e: _close(a, _cycle(start_col="opportunity_at").loc["large_group", "median_days"], 1e-4),
                "You started the clock at the opportunity date. The question measures from lead creation "
                "(created_at), the customer's whole journey.",
                "你从商机日期开始计时。题目要求从线索创建（created_at）开始，即客户的完整旅程。"),
        Mistake(lambda a, e: _close(a, _cycle(outcomes=("won", "lost")).loc["large_group", "median_days"], 1e-4),
                "You included lost leads. Disqualified leads close within days and pull the median down; keep "
                "only won deals.",
                "你把输单也算进去了。被淘汰的线索几天内就关闭，会拉低中位数；只保留赢单。"),
        Mistake(lambda a, e: _close(a, e / 7, 1e-4) or _close(a, e * 24, 1e-4),
                "Check the unit: the answer is in days.",
                "检查单位：答案以天为单位。"),
        Mistake(lambda a, e: _close(a, _cycle_all_median(), 1e-4),
                "That is the median over all segments. Filter to large_group (or use by='segment').",
                "这是所有客户类型的中位数。请只看 large_group（或使用 by='segment'）。"),
    ],
    hints=["Merge accounts[['account_id', 'segment']] into the leads on account_id.",
           "pipeline.sales_cycle(leads, by='segment') measures created_at → closed_at for won deals by default; "
           "read the median_days column."],
    solution="""
leads_ = datasets.load_leads().merge(datasets.load_accounts()[["account_id", "segment"]], on="account_id")
answer_2 = pipeline.sales_cycle(leads_, by="segment").loc["large_group", "median_days"]
""",
    explanation_en="Large-group deals take about three months from first contact to signature: plan "
                   "quarters ahead for them, not weeks.",
    explanation_zh="大型集团的成交从首次接触到签约约需三个月：对这类客户要提前一个季度以上规划，而不是几周。",
)


def _cycle_all_median() -> float:
    from playbook_lib import pipeline

    return float(pipeline.sales_cycle(_leads()).loc["all", "median_days"])


# ------------------------------------------------------------------------------ q3
def _plan(rates: dict[str, float] | None = None, deal: float | None = None, months: int = 12) -> pd.DataFrame:
    from playbook_lib import pipeline

    return pipeline.reverse_funnel(Q3_TARGET, _avg_won_deal() if deal is None else deal,
                                   _observed_rates() if rates is None else rates, months=months).set_index("stage")


def _q3_expected() -> int:
    return int(_plan().loc["lead", "per_month"])


def _rounded_every_stage() -> set[int]:
    """Leads per month when every stage is rounded up: on the yearly totals, or on the monthly figures."""
    from playbook_lib.pipeline import REVERSE_FUNNEL_RATES

    rates = _observed_rates()
    out = set()
    for start, months in ((Q3_TARGET, 12), (Q3_TARGET / 12, 1)):
        x = math.ceil(start / _avg_won_deal())
        for k in reversed(REVERSE_FUNNEL_RATES):
            x = math.ceil(x / rates[k])
        out.add(math.ceil(x / months))
    return out


def _closed_basis_plan() -> int:
    rates = dict(_observed_rates())
    rates["opportunity_to_won"] = float(_win_rates().loc["all", "win_rate_closed"])
    return int(_plan(rates=rates).loc["lead", "per_month"])


def _opportunity_deal_plan() -> int:
    leads = _leads()
    opp = leads["opportunity_at"].notna() | leads["outcome"].eq("won")
    return int(_plan(deal=float(leads.loc[opp, "deal_value"].mean())).loc["lead", "per_month"])


q3 = Exercise(
    "03.3",
    f"Management wants ¥{Q3_TARGET:,} of new annual contract value over the next 12 months. With the "
    "average WON deal value and the observed step conversions of the stage waterfall (lead→MQL, MQL→SQL, "
    "SQL→opportunity, opportunity→won), how many leads per month are needed? Give a whole number, rounded up "
    "once at the end (pipeline.reverse_funnel does this).",
    f"管理层希望未来 12 个月新签年合同额 ¥{Q3_TARGET:,}。用赢单的平均合同额和阶段瀑布中观测到的逐级转化率"
    "（线索→MQL、MQL→SQL、SQL→商机、商机→赢单），每月需要多少条线索？请给出整数，只在最后向上取整一次"
    "（pipeline.reverse_funnel 就是这样做的）。",
    _q3_expected,
    mistakes=[
        Mistake(lambda a, e: _close(a, _plan().loc["lead", "total"]),
                "That is the total for the whole year. Divide by the 12 months (months=12).",
                "这是全年总数。请按 12 个月平均（months=12）。"),
        Mistake(lambda a, e: a != e and any(_close(a, r) for r in _rounded_every_stage()),
                "You rounded up at every stage, so the padding compounded. Keep the values fractional and round "
                "up once at the end.",
                "你在每一级都向上取整，误差被层层放大。中间保持小数，只在最后取整一次。"),
        Mistake(lambda a, e: not float(a).is_integer() and math.ceil(float(a)) == e,
                "Right size, but leads come whole: round the monthly figure up (per_month, not exact_per_month).",
                "数量级对了，但线索是整数：请向上取整（用 per_month，而不是 exact_per_month）。"),
        Mistake(lambda a, e: a != e and _close(a, _closed_basis_plan()),
                "You used the closed-basis win rate for opportunity→won. The question asks for the waterfall's "
                "step conversions (won / all opportunities).",
                "你在商机→赢单一级用了已关闭口径的赢单率。题目要求用瀑布图的逐级转化率（赢单 / 全部商机）。"),
        Mistake(lambda a, e: a != e and _close(a, _opportunity_deal_plan()),
                "You averaged the deal value of all opportunities (including lost and open ones). Use the "
                "average of won deals: that is what a won deal brings in.",
                "你用的是全部商机（含输单和进行中）的平均合同额。请用赢单的平均合同额。"),
    ],
    hints=["Rates: pipeline.stage_waterfall(leads).set_index('stage')['step_conversion'], e.g. the 'mql' row "
           "is lead→MQL.",
           "Average won deal: leads.loc[leads['outcome'] == 'won', 'deal_value'].mean().",
           "pipeline.reverse_funnel(target, avg_deal, rates, months=12), then the 'per_month' of the 'lead' row."],
    solution="""
leads_ = datasets.load_leads()
step_ = pipeline.stage_waterfall(leads_).set_index("stage")["step_conversion"]
rates_ = {"lead_to_mql": step_["mql"], "mql_to_sql": step_["sql"],
          "sql_to_opportunity": step_["opportunity"], "opportunity_to_won": step_["won"]}
avg_deal_ = leads_.loc[leads_["outcome"] == "won", "deal_value"].mean()
plan_ = pipeline.reverse_funnel(12_000_000, avg_deal_, rates_, months=12)
answer_3 = plan_.set_index("stage").loc["lead", "per_month"]
""",
    explanation_en="About 180 leads a month, half again what 2025 brought. Raising a stage rate is often "
                   "cheaper than finding that many extra leads: try it in the widget.",
    explanation_zh="每月约 180 条线索，比 2025 年多出一半左右。提升某一级转化率往往比找这么多新线索更便宜：可在交互组件中试试。",
)


# ------------------------------------------------------------------------------ q4
def _channels() -> pd.DataFrame:
    from playbook_lib import datasets, pipeline

    spend = datasets.load_marketing_spend()
    leads = _leads()
    return pipeline.channel_results(leads.astype({"channel": str}),
                                    spend=spend[spend["business_line"] == "b2b"])


def _q4_expected() -> str:
    return str(_channels()["cost_per_won"].idxmin())


def _is(a: Any, name: str) -> bool:
    return isinstance(a, str) and " ".join(a.lower().split()) == name


q4 = Exercise(
    "03.4",
    "Using channel_results with the B2B rows of marketing_spend, which lead channel has the lowest cost per "
    "WON deal (CPA)? Give the channel name as a string.",
    "用 channel_results 和 marketing_spend 中 B2B 的费用，哪个线索渠道的单个赢单成本（CPA）最低？请以字符串给出渠道名。",
    _q4_expected,
    kind="exact",
    mistakes=[
        Mistake(lambda a, e: _is(a, str(_channels()["cost_per_lead"].idxmin())),
                "That channel has the lowest cost per LEAD, but its leads rarely sign. Compare cost_per_won.",
                "这个渠道的单条线索成本最低，但它的线索很少成交。请比较 cost_per_won。"),
        Mistake(lambda a, e: _is(a, str(_channels()["spend"].idxmin())),
                "That channel has the lowest total spend, not the lowest spend per won deal.",
                "这个渠道的总费用最低，而不是单个赢单的费用最低。"),
        Mistake(lambda a, e: _is(a, str(_channels()["cost_per_won"].idxmax())),
                "That is the most expensive channel per won deal: you took the maximum.",
                "这是单个赢单成本最高的渠道：你取了最大值。"),
        Mistake(lambda a, e: _is(a, str(_channels()["won_value"].idxmax())) and not _is(a, e),
                "That channel wins the most contract value, but each won deal costs more there. The question "
                "asks for the lowest cost per won deal.",
                "这个渠道赢得的合同额最多，但每个赢单花费更高。题目问的是单个赢单成本最低的渠道。"),
    ],
    hints=["Filter spend to business_line == 'b2b' before passing it: spend=spend[spend['business_line'] == 'b2b'].",
           "The column is cost_per_won; .idxmin() returns the channel with the smallest value."],
    solution="""
leads_ = datasets.load_leads()
spend_ = datasets.load_marketing_spend()
by_channel_ = pipeline.channel_results(leads_, spend=spend_[spend_["business_line"] == "b2b"])
answer_4 = by_channel_["cost_per_won"].idxmin()
""",
    explanation_en="Key-person referral (关键人推荐): cheap to run and its leads convert best, so each "
                   "signed contract costs a fraction of what SEM/SEO or trade shows cost.",
    explanation_zh="关键人推荐：投入少、线索转化最好，所以每个签约的成本只有 SEM/SEO 或展会的几分之一。",
)

EXERCISES = (q1, q2, q3, q4)
