"""Notebook 04 exercises: each solution passes, typical wrong answers get their specific feedback."""

from __future__ import annotations

import pandas as pd
import pytest

from playbook_lib import cohorts, datasets, mrr
from playbook_lib.exercises import nb04

KW = {"user_col": "user_id", "time_col": "timestamp"}
LOGO = {"user_col": "account_id", "time_col": "month_start"}


@pytest.fixture(scope="module")
def data() -> dict:
    events, users = datasets.load_events(), datasets.load_users()
    orders, recall = datasets.load_orders(), datasets.load_recall_campaigns()
    subs = datasets.load_subscriptions()
    # the notebook's activity tables, built the way the notebook builds them
    signup = users.set_index("user_id")["signup_time"]
    own = events[events["user_id"].isin(signup.index) & (events["event"] != "notification_sent")]
    b2c_act = own[own["timestamp"] >= own["user_id"].map(signup)]
    logos = mrr.mrr_from_subscriptions(subs, end="2025-12")
    b2b_act = logos.assign(month_start=logos["month"].dt.to_timestamp())
    return {"events": events, "users": users, "orders": orders, "recall": recall, "subs": subs,
            "b2c_act": b2c_act, "b2b_act": b2b_act}


def _solve(q, i: int, data: dict):
    ns = {"pd": pd, "cohorts": cohorts, "mrr": mrr, "datasets": datasets, **data}
    exec(q.solution_code, ns)  # noqa: S102 - the reference solution shown to learners
    return ns[f"answer_{i}"]


def _fails_with(q, answer, phrase: str) -> None:
    fb = q.evaluate(answer)
    assert not fb.passed
    assert phrase in fb.en, fb.en
    assert fb.zh


def test_activity_tables_match_the_notebook(data):
    assert nb04.b2c_activity(data["events"], data["users"]).equals(data["b2c_act"])
    assert nb04.b2b_logo_activity(data["subs"]).equals(data["b2b_act"])
    assert "notification_sent" not in set(data["b2c_act"]["event"])


@pytest.mark.parametrize("i", [1, 2, 3, 4])
def test_solution_passes(i, data):
    q = nb04.EXERCISES[i - 1]
    fb = q.evaluate(_solve(q, i, data))
    assert fb.passed, fb.en
    assert fb.en == q.explanation_en


@pytest.mark.parametrize("q", nb04.EXERCISES, ids=[q.name for q in nb04.EXERCISES])
def test_unanswered(q):
    fb = q.evaluate(...)
    assert not fb.passed and not fb.answered and "No answer yet" in fb.en
    assert not q.evaluate(None).passed


def test_q1_mistakes(data):
    q, act = nb04.q1, data["b2c_act"]
    right = q.expected_value()
    ret = cohorts.cohort_retention(act, **KW)
    assert 0.3 < right < 0.45 and right < ret.loc["2024-10", 1] - 0.15  # the planted weak cohort
    _fails_with(q, 100 * right, "percent")
    _fails_with(q, float(cohorts.cohort_retention(act, counts=True, **KW).loc["2024-11", 1]), "number of users")
    _fails_with(q, float(cohorts.cohort_retention(data["orders"]).loc["2024-11", 1]), "PURCHASES")
    _fails_with(q, float(cohorts.cohort_retention(act, kind="rolling", **KW).loc["2024-11", 1]), "rolling")
    curve = cohorts.retention_curve(ret, cohorts.cohort_sizes(act, **KW))
    _fails_with(q, float(curve[1]), "weighted average over ALL cohorts")
    _fails_with(q, float(ret.loc["2024-11", 2]), "period 2")
    ev, users = data["events"], data["users"]
    presignup = ev[ev["user_id"].isin(users["user_id"]) & (ev["event"] != "notification_sent")]
    _fails_with(q, float(cohorts.cohort_retention(presignup, **KW).loc["2024-11", 1]), "BEFORE signup")
    with_visitors = pd.concat([act, ev[ev["user_id"].str.startswith("V")]])
    _fails_with(q, float(cohorts.cohort_retention(with_visitors, **KW).loc["2024-11", 1]), "anonymous visitors")
    _fails_with(q, 0.5, "not the expected answer")
    _fails_with(q, ret.loc["2024-11"], "single number")


def _purchase_rates(data, orders, window=True) -> pd.Series:
    recall = data["recall"]
    x = recall.merge(orders, left_on="user_id", right_on="customer_id")
    keep = x["order_date"] >= x["campaign_time"]
    if window:
        keep &= x["order_date"] < x["campaign_time"] + pd.Timedelta(days=14)
    keys = pd.MultiIndex.from_frame(x.loc[keep, ["campaign_time", "user_id"]])
    flag = pd.MultiIndex.from_frame(recall[["campaign_time", "user_id"]]).isin(keys)
    return recall.assign(b=flag).groupby("group", observed=True)["b"].mean()


def test_q2_mistakes(data):
    q, orders = nb04.q2, data["orders"]
    r = _purchase_rates(data, orders[~orders["refunded"]])
    right = float(r["treatment"] / r["holdout"])
    assert q.evaluate(right).passed and 2 < right < 3
    with_refunds = _purchase_rates(data, orders)
    _fails_with(q, float(with_refunds["treatment"] / with_refunds["holdout"]), "refunded")
    _fails_with(q, float(r["holdout"] / r["treatment"]), "other way round")
    _fails_with(q, float(r["treatment"] - r["holdout"]), "DIFFERENCE")
    _fails_with(q, right - 1, "relative increase")
    no_window = _purchase_rates(data, orders[~orders["refunded"]], window=False)
    _fails_with(q, float(no_window["treatment"] / no_window["holdout"]), "14-day window")
    # returns (any user-initiated visit except opening the message) instead of purchases
    act = data["b2c_act"]
    back = act.loc[act["event"] != "notification_opened", ["user_id", "timestamp"]]
    ret = _purchase_rates(data, back.rename(columns={"user_id": "customer_id", "timestamp": "order_date"}))
    _fails_with(q, float(ret["treatment"] / ret["holdout"]), "RETURNS")
    _fails_with(q, 5.0, "not the expected answer")


def test_q3_mistakes(data):
    q, act = nb04.q3, data["b2c_act"]
    counts = cohorts.lifecycle_stage(act, "2025-06-30", **KW)["stage"].value_counts()
    assert q.evaluate(int(counts["dormant"])).passed
    assert q.evaluate(float(counts["dormant"])).passed
    _fails_with(q, int(counts["dormant"] + counts["churned"]), "added the churned")
    _fails_with(q, int(counts["churned"]), "churned stage")
    by_orders = cohorts.lifecycle_stage(data["orders"], "2025-06-30")["stage"].value_counts()
    _fails_with(q, int(by_orders["dormant"]), "ORDERS")
    ev = data["events"]
    with_sent = ev[ev["user_id"].str.startswith("C")]
    _fails_with(q, int((cohorts.lifecycle_stage(with_sent, "2025-06-30", **KW)["stage"] == "dormant").sum()),
                "notification_sent")
    _fails_with(q, int((cohorts.lifecycle_stage(ev, "2025-06-30", **KW)["stage"] == "dormant").sum()), "raw event log")
    _fails_with(q, int(counts["dormant"]) + 1, "not the expected answer")


def test_q4_mistakes(data):
    q, b2b = nb04.q4, data["b2b_act"]
    ret, sizes = cohorts.cohort_retention(b2b, **LOGO), cohorts.cohort_sizes(b2b, **LOGO)
    right = float(cohorts.retention_curve(ret, sizes)[12])
    assert q.evaluate(right).passed and 0.7 < right < 0.9
    _fails_with(q, 100 * right, "percent")
    _fails_with(q, float(ret[12].mean()), "plain mean")
    _fails_with(q, float((ret[12].fillna(0) * sizes).sum() / sizes.sum()), "filled the blank cells with 0")
    rolling = cohorts.cohort_retention(b2b, kind="rolling", **LOGO)
    _fails_with(q, float(cohorts.retention_curve(rolling, sizes)[12]), "rolling")
    _fails_with(q, float(cohorts.retention_curve(ret, sizes)[11]), "Off by one")
    subs = data["subs"]
    with_trials = subs.assign(invoice_amount=subs["invoice_amount"].where(~subs["is_trial"], 1.0), is_trial=False)
    t = mrr.mrr_from_subscriptions(with_trials, end="2025-12")
    t = t.assign(month_start=t["month"].dt.to_timestamp())
    curve_t = cohorts.retention_curve(cohorts.cohort_retention(t, **LOGO), cohorts.cohort_sizes(t, **LOGO))
    _fails_with(q, float(curve_t[12]), "free trials")
    _fails_with(q, 0.5, "not the expected answer")
