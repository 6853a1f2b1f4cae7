"""Exercises of notebook 03: the solutions pass, typical wrong answers get their specific feedback."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from playbook_lib import datasets, pipeline
from playbook_lib.exercises import nb03


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    leads = datasets.load_leads()
    accounts = datasets.load_accounts()
    spend = datasets.load_marketing_spend()
    return {"leads": leads, "with_segment": leads.merge(accounts[["account_id", "segment"]], on="account_id"),
            "b2b_spend": spend[spend["business_line"] == "b2b"]}


def run_solution(q) -> object:
    ns: dict = {"datasets": datasets, "pipeline": pipeline, "pd": pd}
    exec(q.solution_code, ns)  # noqa: S102 - our own reference code
    answers = [k for k in ns if k.startswith("answer_")]
    assert len(answers) == 1, answers
    return ns[answers[0]]


def wrong(q, answer, phrase: str) -> None:
    fb = q.evaluate(answer)
    assert not fb.passed
    assert phrase in fb.en, fb.en
    assert fb.zh and fb.zh != fb.en


# ------------------------------------------------------------------------------ all exercises
@pytest.mark.parametrize("q", nb03.EXERCISES, ids=[q.name for q in nb03.EXERCISES])
def test_solution_passes_and_unanswered_is_flagged(q):
    assert q.evaluate(run_solution(q)).passed
    for blank in (None, ...):
        fb = q.evaluate(blank)
        assert not fb.passed and not fb.answered and "No answer yet" in fb.en


@pytest.mark.parametrize("q", nb03.EXERCISES, ids=[q.name for q in nb03.EXERCISES])
def test_exercise_has_prompts_hints_and_two_mistakes(q):
    assert q.prompt_en and q.prompt_zh and 1 <= len(q.hints) <= 3 and len(q.mistakes) >= 2
    assert q.explanation_en and q.explanation_zh


def test_solution_code_matches_notebook_cells():
    """The notebook's solution cells run the same code as the solution strings."""
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).resolve().parents[1] / "notebooks" / "03_b2b_funnel.ipynb").read_text("utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if "solution" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == len(nb03.EXERCISES)
    for cell, q in zip(cells, nb03.EXERCISES):
        assert q.solution_code.strip() in cell


# ------------------------------------------------------------------------------ q1 win rate
def test_q1_value_is_closed_basis(data):
    leads = data["leads"]
    opp = leads["opportunity_at"].notna() | leads["outcome"].eq("won")
    won = (opp & leads["outcome"].eq("won")).sum()
    lost = (opp & leads["outcome"].eq("lost")).sum()
    assert math.isclose(nb03.q1.expected_value(), won / (won + lost))


def test_q1_wrong_answers(data):
    rates = pipeline.win_rates(data["leads"]).loc["all"]
    q = nb03.q1
    wrong(q, 100 * rates["win_rate_closed"], "percent")
    wrong(q, rates["win_rate_all"], "all opportunities")
    wrong(q, rates["value_win_rate_closed"], "value-weighted")
    wrong(q, float((data["leads"]["outcome"] == "won").mean()), "divided by leads")
    wrong(q, pipeline.win_rates(data["leads"]), "single number")
    assert not q.evaluate(0.5).passed


# ------------------------------------------------------------------------------ q2 cycle
def test_q2_value_by_hand(data):
    df = data["with_segment"]
    w = df[(df["outcome"] == "won") & (df["segment"] == "large_group")]
    days = (w["closed_at"] - w["created_at"]).dt.total_seconds() / 86400
    assert math.isclose(nb03.q2.expected_value(), days.median(), rel_tol=1e-9)


def test_q2_wrong_answers(data):
    df = data["with_segment"]
    q = nb03.q2
    wrong(q, pipeline.sales_cycle(df, by="segment").loc["large_group", "mean_days"], "mean")
    wrong(q, pipeline.sales_cycle(df, by="segment", start_col="opportunity_at").loc["large_group", "median_days"],
          "opportunity date")
    wrong(q, pipeline.sales_cycle(df, by="segment", outcomes=("won", "lost")).loc["large_group", "median_days"],
          "lost leads")
    wrong(q, pipeline.sales_cycle(df).loc["all", "median_days"], "all segments")
    wrong(q, q.expected_value() / 7, "unit")


# ------------------------------------------------------------------------------ q3 planner
def _rates(leads: pd.DataFrame) -> dict[str, float]:
    step = pipeline.stage_waterfall(leads).set_index("stage")["step_conversion"]
    return {"lead_to_mql": step["mql"], "mql_to_sql": step["sql"], "sql_to_opportunity": step["opportunity"],
            "opportunity_to_won": step["won"]}


def test_q3_value_by_hand(data):
    leads = data["leads"]
    r = _rates(leads)
    deals = nb03.Q3_TARGET / leads.loc[leads["outcome"] == "won", "deal_value"].mean()
    exact = deals / r["opportunity_to_won"] / r["sql_to_opportunity"] / r["mql_to_sql"] / r["lead_to_mql"] / 12
    assert nb03.q3.expected_value() == math.ceil(exact)


def test_q3_wrong_answers(data):
    leads = data["leads"]
    r = _rates(leads)
    avg = leads.loc[leads["outcome"] == "won", "deal_value"].mean()
    q = nb03.q3
    plan = pipeline.reverse_funnel(nb03.Q3_TARGET, avg, r, months=12).set_index("stage")
    wrong(q, plan.loc["lead", "total"], "whole year")
    wrong(q, plan.loc["lead", "exact_per_month"], "round the monthly figure up")
    # rounding up at every stage of the monthly plan
    x = math.ceil(nb03.Q3_TARGET / 12 / avg)
    for k in reversed(pipeline.REVERSE_FUNNEL_RATES):
        x = math.ceil(x / r[k])
    assert x != q.expected_value()
    wrong(q, x, "every stage")
    closed = dict(r, opportunity_to_won=pipeline.win_rates(leads).loc["all", "win_rate_closed"])
    wrong(q, pipeline.reverse_funnel(nb03.Q3_TARGET, avg, closed, months=12).loc[0, "per_month"], "closed-basis")
    opp = leads["opportunity_at"].notna() | leads["outcome"].eq("won")
    all_opp_avg = leads.loc[opp, "deal_value"].mean()
    wrong(q, pipeline.reverse_funnel(nb03.Q3_TARGET, all_opp_avg, r, months=12).loc[0, "per_month"],
          "all opportunities")


# ------------------------------------------------------------------------------ q4 channel CPA
def test_q4_value_by_hand(data):
    leads, spend = data["leads"], data["b2b_spend"]
    won = leads[leads["outcome"] == "won"].groupby("channel", observed=True).size()
    cpa = spend.groupby("channel")["spend"].sum().reindex(won.index.astype(str)) / won.to_numpy()
    assert nb03.q4.expected_value() == cpa.idxmin() == "key_person_referral"


def test_q4_wrong_answers(data):
    q = nb03.q4
    wrong(q, "sem_seo", "cost per LEAD")
    wrong(q, "content", "total spend")
    wrong(q, "trade_show", "maximum")
    wrong(q, "tender", "most contract value")
    assert q.evaluate("  Key_Person_Referral ").passed
    assert not q.evaluate("webinar").passed
