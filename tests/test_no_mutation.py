"""No public helper changes the DataFrame it is given (values, dtypes, index, column order).

One test over every public helper that takes a frame: each is called on a small slice of the
course data and the input is compared with an untouched copy afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from playbook_lib import cohorts, compare, datasets, funnel, ltv, mrr, pipeline, rfm, tiers


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    ev = datasets.load_events()
    leads = datasets.load_leads()
    contacts = datasets.load_contacts().set_index("contact_id")[["role", "seniority"]]
    accounts = datasets.load_accounts().set_index("account_id")[["segment"]]
    subs = datasets.load_subscriptions()
    return {
        "orders": datasets.load_orders().head(3000),
        "events": ev[ev["user_id"].isin(ev["user_id"].drop_duplicates().head(800))],
        "leads": leads.join(contacts, on="contact_id").join(accounts, on="account_id"),
        "subs": subs,
        "mrr": mrr.mrr_from_subscriptions(subs),
        "scorecard": datasets.load_scorecard(),
        "spend": datasets.load_marketing_spend().query("business_line == 'b2b'"),
    }


STEPS = ["visit", "signup", "activate", "purchase"]

CALLS: dict[str, tuple[str, Callable[[pd.DataFrame, dict], object]]] = {
    "funnel.ordered_funnel": ("events", lambda df, d: funnel.ordered_funnel(df, STEPS, window=pd.Timedelta(days=7))),
    "funnel.ordered_funnel(segment)": ("events", lambda df, d: funnel.ordered_funnel(df.assign(seg="a"), STEPS, segment_col="seg")),
    "funnel.time_to_convert": ("events", lambda df, d: funnel.time_to_convert(df, "visit", "purchase")),
    "cohorts.cohort_retention": ("orders", lambda df, d: cohorts.cohort_retention(df)),
    "cohorts.cohort_sizes": ("orders", lambda df, d: cohorts.cohort_sizes(df)),
    "cohorts.n_day_retention": ("events", lambda df, d: cohorts.n_day_retention(df, [1, 7], user_col="user_id", time_col="timestamp")),
    "cohorts.lifecycle_stage": ("orders", lambda df, d: cohorts.lifecycle_stage(df, "2024-06-30")),
    "cohorts.stage_transitions": ("orders", lambda df, d: cohorts.stage_transitions(df, "2024-03-31", "2024-06-30")),
    "rfm.rfm_summary": ("orders", lambda df, d: rfm.rfm_summary(df)),
    "rfm.rfm_table": ("orders", lambda df, d: rfm.rfm_table(df, refund_col="refunded")),
    "rfm.segment_sizes": ("orders", lambda df, d: rfm.segment_sizes(rfm.rfm_table(df))),
    "pipeline.stage_waterfall": ("leads", lambda df, d: pipeline.stage_waterfall(df, by="segment")),
    "pipeline.win_rates": ("leads", lambda df, d: pipeline.win_rates(df, by="channel")),
    "pipeline.sales_cycle": ("leads", lambda df, d: pipeline.sales_cycle(df, by="segment")),
    "pipeline.pipeline_velocity": ("leads", lambda df, d: pipeline.pipeline_velocity(df)),
    "pipeline.channel_results": ("leads", lambda df, d: pipeline.channel_results(df, spend=d["spend"])),
    "pipeline.lead_score": ("leads", lambda df, d: pipeline.lead_score(df)),
    "pipeline.conversion_by_role": ("leads", lambda df, d: pipeline.conversion_by_role(df)),
    "tiers.score_accounts": ("scorecard", lambda df, d: tiers.score_accounts(df)),
    "tiers.weight_sensitivity": ("scorecard", lambda df, d: tiers.weight_sensitivity(df, variable="gross_margin_pct", delta=1.0)),
    "tiers.abc_classes": ("orders", lambda df, d: tiers.abc_classes(df, account_col="customer_id", revenue_col="amount")),
    "ltv.arpa": ("orders", lambda df, d: ltv.arpa(df)),
    "ltv.cohort_ltv": ("orders", lambda df, d: ltv.cohort_ltv(df, margin=0.4)),
    "mrr.mrr_from_subscriptions": ("subs", lambda df, d: mrr.mrr_from_subscriptions(df)),
    "mrr.mrr_movements": ("mrr", lambda df, d: mrr.mrr_movements(df)),
    "mrr.mrr_summary": ("mrr", lambda df, d: mrr.mrr_summary(df)),
    "mrr.revenue_retention": ("mrr", lambda df, d: mrr.revenue_retention(df)),
    "mrr.gmv_by_month": ("orders", lambda df, d: mrr.gmv_by_month(df)),
    "compare.decision_cycle": ("leads", lambda df, d: compare.decision_cycle(df, start_col="created_at", end_col="closed_at")),
    "compare.scale_summary": ("orders", lambda df, d: compare.scale_summary(df, customer_col="customer_id", value_col="amount")),
    "compare.activity_profile": ("events", lambda df, d: compare.activity_profile(df["timestamp"])),
    "compare.work_hours_share": ("events", lambda df, d: compare.work_hours_share(df["timestamp"])),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_helper_does_not_mutate_its_input(name, data):
    key, call = CALLS[name]
    frame = data[key].copy(deep=True)
    before = frame.copy(deep=True)
    call(frame, data)
    pd.testing.assert_frame_equal(frame, before, check_exact=True)
    assert list(frame.columns) == list(before.columns)


def test_scores_and_tier_helpers_do_not_mutate(data):
    scores = tiers.score_accounts(data["scorecard"])
    before = scores.copy(deep=True)
    tiers.assign_tiers(scores)
    tiers.assign_tiers(scores, quantiles=[0.05, 0.2, 0.6])
    pd.testing.assert_frame_equal(scores, before)
    table = rfm.rfm_table(data["orders"])
    table_before = table.copy(deep=True)
    sc = rfm.rfm_scores(table)
    sc_before = sc.copy(deep=True)
    rfm.rfm_segments(sc)
    pd.testing.assert_frame_equal(table, table_before)
    pd.testing.assert_frame_equal(sc, sc_before)
    rules = rfm.DEFAULT_SEGMENT_RULES.copy(deep=True)
    rfm.rfm_segments(sc, rules)
    pd.testing.assert_frame_equal(rules, rfm.DEFAULT_SEGMENT_RULES)
    ret = cohorts.cohort_retention(data["orders"])
    ret_before = ret.copy()
    cohorts.retention_curve(ret, cohorts.cohort_sizes(data["orders"]))
    pd.testing.assert_frame_equal(ret, ret_before)
