"""Exercises of notebook 05: the solutions pass, typical wrong answers get their specific feedback."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from playbook_lib import datasets, mrr, rfm
from playbook_lib.exercises import nb05

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "05_rfm.ipynb"


@pytest.fixture(scope="module")
def data() -> dict[str, object]:
    orders = datasets.load_orders()
    table = rfm.rfm_table(orders, refund_col="refunded")
    with_refunds = rfm.rfm_table(orders)
    months = mrr.mrr_from_subscriptions(datasets.load_subscriptions())
    months["paid_month_end"] = months["month"].dt.to_timestamp(how="end").dt.normalize()
    b2b = rfm.rfm_table(months, customer_col="account_id", time_col="paid_month_end", value_col="mrr")
    return {"orders": orders, "table": table, "with_refunds": with_refunds, "b2b": b2b}


def run_solution(q) -> object:
    ns: dict = {"datasets": datasets, "rfm": rfm, "mrr": mrr, "pd": pd}
    exec(q.solution_code, ns)  # noqa: S102 - our own reference code
    answers = [k for k in ns if k.startswith("answer_")]
    assert len(answers) == 1, answers
    return ns[answers[0]]


def wrong(q, answer, phrase: str) -> None:
    fb = q.evaluate(answer)
    assert not fb.passed
    assert phrase in fb.en, fb.en
    assert fb.zh and fb.zh != fb.en


def champions(table: pd.DataFrame, **kw) -> int:
    return int((rfm.rfm_segments(rfm.rfm_scores(table, **kw)) == "Champions").sum())


# ------------------------------------------------------------------------------ all exercises
@pytest.mark.parametrize("q", nb05.EXERCISES, ids=[q.name for q in nb05.EXERCISES])
def test_solution_passes_and_unanswered_is_flagged(q):
    assert q.evaluate(run_solution(q)).passed
    for blank in (None, ...):
        fb = q.evaluate(blank)
        assert not fb.passed and not fb.answered and "No answer yet" in fb.en


@pytest.mark.parametrize("q", nb05.EXERCISES, ids=[q.name for q in nb05.EXERCISES])
def test_exercise_has_prompts_hints_and_two_mistakes(q):
    assert q.prompt_en and q.prompt_zh and 1 <= len(q.hints) <= 3 and len(q.mistakes) >= 2
    assert q.explanation_en and q.explanation_zh


def test_solution_code_matches_notebook_cells():
    """The notebook's solution cells run the same code as the solution strings."""
    nb = json.loads(NOTEBOOK.read_text("utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if "solution" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == len(nb05.EXERCISES)
    for cell, q in zip(cells, nb05.EXERCISES):
        assert q.solution_code.strip() in cell


# ------------------------------------------------------------------------------ q1 Champions
def test_q1_value_by_hand(data):
    t = data["table"]
    scores = rfm.rfm_scores(t)
    by_hand = int(((scores["r_score"] == 5) & (scores["f_score"] >= 4)).sum())   # the Champions rule
    assert nb05.q1.expected_value() == by_hand
    assert nb05.q1.evaluate(by_hand + 1).passed is False


def test_q1_wrong_answers(data):
    q, t = nb05.q1, data["table"]
    wrong(q, champions(data["with_refunds"]), "refunded orders")
    wrong(q, champions(t, ties="first"), "ties='first'")
    wrong(q, champions(t, method="fixed", bins=nb05.FIXED_BINS), "fixed cut points")
    wrong(q, nb05.q1.expected_value() / len(t), "share of customers")


# ------------------------------------------------------------------------------ q2 revenue share
def test_q2_value_by_hand(data):
    t = data["table"]
    seg = rfm.rfm_segments(rfm.rfm_scores(t))
    by_hand = t.loc[seg.isin(["Champions", "Loyal"]), "monetary"].sum() / t["monetary"].sum()
    assert abs(nb05.q2.expected_value() - by_hand) < 1e-12


def test_q2_wrong_answers(data):
    q = nb05.q2
    sizes = rfm.segment_sizes(data["table"])
    wrong(q, 100 * q.expected_value(), "percent")
    wrong(q, sizes.loc[["Champions", "Loyal"], "share"].sum(), "share of customers")
    wrong(q, rfm.segment_sizes(data["with_refunds"]).loc[["Champions", "Loyal"], "monetary_share"].sum(),
          "refunded orders")
    wrong(q, sizes.loc["Loyal", "monetary_share"], "one segment only")


# ------------------------------------------------------------------------------ q3 recency
def test_q3_value_by_hand(data):
    o = data["orders"]
    mine = o[(o["customer_id"] == nb05.Q3_CUSTOMER) & ~o["refunded"]]
    by_hand = (pd.Timestamp("2026-01-01") - mine["order_date"].max().normalize()).days
    assert nb05.q3.expected_value() == by_hand
    # the exercise only makes sense if the last order of this customer was refunded
    last = o[o["customer_id"] == nb05.Q3_CUSTOMER].sort_values("order_date").iloc[-1]
    assert bool(last["refunded"])


def test_q3_wrong_answers(data):
    q, c, o = nb05.q3, nb05.Q3_CUSTOMER, data["orders"]
    wrong(q, data["with_refunds"].loc[c, "recency_days"], "refunded")
    wrong(q, rfm.rfm_summary(o[~o["refunded"]]).loc[c, "recency"], "lifetimes' recency")
    wrong(q, rfm.rfm_table(o, refund_col="refunded", as_of="last_day").loc[c, "recency_days"], "One day short")


# ------------------------------------------------------------------------------ q4 churned accounts
def test_q4_value_by_hand(data):
    b2b = data["b2b"]
    last_paid = b2b["last_purchase"]
    assert nb05.q4.expected_value() == int((last_paid < pd.Timestamp("2025-12-31")).sum())


def test_q4_wrong_answers(data):
    q, b2b = nb05.q4, data["b2b"]
    paying_now = int((b2b["recency_days"] == 1).sum())
    wrong(q, len(datasets.load_accounts()) - paying_now, "prospects")
    wrong(q, datasets.load_subscriptions()["account_id"].nunique() - paying_now, "trial-only")
    wrong(q, paying_now, "still paying")
    wrong(q, q.expected_value() / len(b2b), "share of paying accounts")


def test_module_import_loads_no_data():
    """Importing the module must stay cheap: nothing is computed until an answer is checked."""
    import subprocess
    import sys

    code = ("from playbook_lib.exercises import nb05 as m; "
            "assert all(not q._cache for q in m.EXERCISES); assert m._orders.cache_info().currsize == 0")
    subprocess.run([sys.executable, "-c", code], check=True)
