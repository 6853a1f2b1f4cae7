"""Notebook 01 exercises: the solutions pass, the usual wrong answers get their specific feedback."""

from __future__ import annotations

import pandas as pd
import pytest

from playbook_lib import compare, datasets, pipeline
from playbook_lib.exercises import nb01


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    leads, contacts = datasets.load_leads(), datasets.load_contacts()
    return {
        "orders": datasets.load_orders(),
        "leads": leads,
        "contacts": contacts,
        "usage": datasets.load_usage(),
        "events": datasets.load_events(),
        "lr": leads.merge(contacts[["contact_id", "role"]], on="contact_id", how="left"),
    }


def run_solution(q, name: str):
    ns: dict = {"pd": pd, "datasets": datasets, "compare": compare, "pipeline": pipeline}
    exec(q.solution_code, ns)  # noqa: S102 - the reference solution is code we wrote
    return ns[name]


@pytest.mark.parametrize("q, name", [(nb01.q1, "answer_1"), (nb01.q2, "answer_2"), (nb01.q3, "answer_3"),
                                     (nb01.q4, "answer_4")])
def test_solution_passes_and_unanswered_is_not_a_verdict(q, name):
    fb = q.evaluate(run_solution(q, name))
    assert fb.passed, fb.en
    assert fb.en == q.explanation_en
    for blank in (None, ...):
        fb = q.evaluate(blank)
        assert not fb.passed and not fb.answered and "No answer yet" in fb.en
    assert q.prompt_en and q.prompt_zh and q.hints and q.solution_code
    assert sum(1 for _ in q.mistakes) >= 2


def test_expected_values_are_the_data_facts(data):
    o, leads, usage, lr = data["orders"], data["leads"], data["usage"], data["lr"]
    won = leads[leads["outcome"] == "won"]
    assert nb01.q1.expected_value() == pytest.approx(won["deal_value"].mean() / o["amount"].mean())
    t = usage["timestamp"]
    assert nb01.q2.expected_value() == pytest.approx(((t.dt.day_of_week < 5) & t.dt.hour.between(9, 17)).mean())
    assert nb01.q3.expected_value() == pytest.approx(((won["closed_at"] - won["created_at"]).dt.total_seconds() / 86400).median())
    assert nb01.q4.expected_value() == pytest.approx((lr.loc[lr["outcome"] == "won", "role"] == "decision_maker").mean())
    # the planted stories the explanations talk about
    assert nb01.q1.expected_value() > 1000
    assert 0.8 < nb01.q2.expected_value() < 0.95
    assert 40 < nb01.q3.expected_value() < 56
    assert nb01.q4.expected_value() > 0.6


def _wrong(q, answer, phrase: str) -> None:
    fb = q.evaluate(answer)
    assert not fb.passed and fb.answered
    assert phrase in fb.en, fb.en
    assert fb.zh


def test_q1_wrong_answers(data):
    o, leads = data["orders"], data["leads"]
    won = leads.loc[leads["outcome"] == "won", "deal_value"]
    _wrong(nb01.q1, o["amount"].mean() / won.mean(), "wrong way round")
    _wrong(nb01.q1, leads["deal_value"].mean() / o["amount"].mean(), "lost and open")
    _wrong(nb01.q1, won.mean() / (o["amount"].sum() / o["customer_id"].nunique()), "per B2C customer")
    _wrong(nb01.q1, won.median() / o["amount"].median(), "median")
    _wrong(nb01.q1, won.mean() / (o["amount"] + o["discount"]).mean(), "added the discount back")
    _wrong(nb01.q1, 2.0, "not the expected answer")
    _wrong(nb01.q1, won, "single number")


def test_q2_wrong_answers(data):
    t, ev = data["usage"]["timestamp"], data["events"]["timestamp"]
    right = ((t.dt.day_of_week < 5) & (t.dt.hour >= 9) & (t.dt.hour < 18)).mean()
    _wrong(nb01.q2, 100 * right, "percentage")
    _wrong(nb01.q2, (t.dt.day_of_week.lt(5) & t.dt.hour.between(9, 18)).mean(), "includes hour 18")
    _wrong(nb01.q2, t.dt.hour.between(9, 17).mean(), "not the weekdays")
    _wrong(nb01.q2, ((ev.dt.day_of_week < 5) & ev.dt.hour.between(9, 17)).mean(), "B2C event log")


def test_q3_wrong_answers(data):
    leads = data["leads"]
    won = leads[leads["outcome"] == "won"]
    days = (won["closed_at"] - won["created_at"]) / pd.Timedelta(days=1)
    _wrong(nb01.q3, 24 * days.median(), "in hours")
    _wrong(nb01.q3, days.mean(), "the mean")
    closed = leads[leads["outcome"].isin(["won", "lost"])]
    _wrong(nb01.q3, ((closed["closed_at"] - closed["created_at"]) / pd.Timedelta(days=1)).median(), "lost leads")
    _wrong(nb01.q3, ((won["closed_at"] - won["opportunity_at"]) / pd.Timedelta(days=1)).median(), "opportunity_at")


def test_q4_wrong_answers(data):
    lr, contacts = data["lr"], data["contacts"]
    _wrong(nb01.q4, 100 * (lr.loc[lr["outcome"] == "won", "role"] == "decision_maker").mean(), "percentage")
    _wrong(nb01.q4, (lr["role"] == "decision_maker").mean(), "ALL leads")
    _wrong(nb01.q4, (contacts["role"] == "decision_maker").mean(), "among all contacts")
    dm = lr[lr["role"] == "decision_maker"]
    _wrong(nb01.q4, (dm["outcome"] == "won").mean(), "win rate")


def test_importing_the_module_loads_no_data():
    import importlib

    mod = importlib.reload(nb01)
    assert all(not q._cache for q in (mod.q1, mod.q2, mod.q3, mod.q4))
