"""Notebook 02 exercises: each solution passes, typical wrong answers get their specific feedback."""

from __future__ import annotations

import pandas as pd
import pytest

from playbook_lib import datasets, funnel
from playbook_lib.exercises import nb02

STEPS = ["visit", "signup", "activate", "add_to_cart", "purchase"]
SIGNUP_STEPS = ["signup", "activate", "add_to_cart", "purchase"]
WEEK, MONTH = pd.Timedelta(days=7), pd.Timedelta(days=30)


@pytest.fixture(scope="module")
def data() -> dict:
    events, users = datasets.load_events(), datasets.load_users()
    ev_ch = events.assign(channel=events["user_id"].map(users.set_index("user_id")["channel"]))
    return {"events": events, "users": users, "ev_ch": ev_ch}


def _solve(q, i: int, data: dict):
    ns = {"pd": pd, "funnel": funnel, "datasets": datasets, "events": data["events"], "users": data["users"]}
    exec(q.solution_code, ns)  # noqa: S102 - the reference solution shown to learners
    return ns[f"answer_{i}"]


@pytest.mark.parametrize("i", [1, 2, 3, 4])
def test_solution_passes(i, data):
    q = nb02.EXERCISES[i - 1]
    fb = q.evaluate(_solve(q, i, data))
    assert fb.passed, fb.en
    assert fb.en == q.explanation_en


@pytest.mark.parametrize("q", nb02.EXERCISES, ids=[q.name for q in nb02.EXERCISES])
def test_unanswered(q):
    fb = q.evaluate(...)
    assert not fb.passed and not fb.answered and "No answer yet" in fb.en
    assert not q.evaluate(None).passed


def _fails_with(q, answer, phrase: str) -> None:
    fb = q.evaluate(answer)
    assert not fb.passed
    assert phrase in fb.en, fb.en
    assert fb.zh


def test_q1_mistakes(data):
    q, ev = nb02.q1, data["events"]
    right = nb02.q1.expected_value()
    assert 0.15 < right < 0.25  # a share, about one visitor in five
    _fails_with(q, 100 * right, "percent")
    no_window = funnel.ordered_funnel(ev, STEPS)["overall_conversion"].iloc[-1]
    _fails_with(q, float(no_window), "forgot the window")
    _fails_with(q, float(funnel.ordered_funnel(ev, STEPS, window=MONTH)["overall_conversion"].iloc[-1]), "30-day")
    by_events = (ev["event"] == "purchase").sum() / (ev["event"] == "visit").sum()
    _fails_with(q, float(by_events), "counted events")
    f7 = funnel.ordered_funnel(ev, STEPS, window=WEEK)
    _fails_with(q, float(f7["step_conversion"].iloc[-1]), "step conversion of the last step")
    f_signup = funnel.ordered_funnel(ev, SIGNUP_STEPS, window=WEEK)
    _fails_with(q, float(f_signup["overall_conversion"].iloc[-1]), "started the funnel at signup")
    _fails_with(q, 0.5, "not the expected answer")
    _fails_with(q, f7["overall_conversion"], "single number")


def test_q2_mistakes(data):
    q, ev, users = nb02.q2, data["events"], data["users"]
    shares = int((ev["event"] == "share").sum())
    sharers = ev.loc[ev["event"] == "share", "user_id"].nunique()
    referred = int(users["referrer_id"].notna().sum())
    assert q.evaluate(referred / len(users)).passed  # K reduces to referral signups per user
    _fails_with(q, 100 * referred / len(users), "percent")
    _fails_with(q, referred / sharers, "users who shared")
    _fails_with(q, shares / len(users), "only invites per user")
    _fails_with(q, referred / shares, "only the invite conversion")
    assert q.expected_value() < 1  # below the critical value


def test_q3_mistakes(data):
    q = nb02.q3
    assert q.evaluate("  Activate ").passed  # case and spaces ignored
    _fails_with(q, "add_to_cart", "lowest step conversion")
    _fails_with(q, "signup", "dropped FROM")
    _fails_with(q, "purchase", "counted events")
    _fails_with(q, "share", "not the expected answer")


def test_q4_mistakes(data):
    q, ev_ch = nb02.q4, data["ev_ch"]
    right = q.expected_value()
    assert sorted(right.index.astype(str)) == sorted(datasets.B2C_CHANNELS)
    _fails_with(q, right * 100, "percents")

    def by_channel(window, steps=SIGNUP_STEPS, dropna=True):
        f = funnel.ordered_funnel(ev_ch, steps, window=window, segment_col="channel")
        last = f[f["step"] == "purchase"]
        if dropna:
            last = last.dropna(subset=["channel"])
        return last.set_index("channel")["overall_conversion"]

    _fails_with(q, by_channel(None), "forgot the 30-day window")
    _fails_with(q, by_channel(WEEK), "7-day window")
    _fails_with(q, by_channel(MONTH, STEPS), "started at visit")
    _fails_with(q, by_channel(MONTH, STEPS, dropna=False), "one label too many")
    _fails_with(q, right.iloc[:3], "not the expected answer")
    _fails_with(q, 0.5, "pandas Series")
