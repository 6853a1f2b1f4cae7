"""Tests for playbook_lib.pipeline: hand-worked funnels, bad input, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lib.pipeline import (
    channel_results,
    conversion_by_role,
    lead_score,
    pipeline_velocity,
    reverse_funnel,
    sales_cycle,
    stage_waterfall,
    win_rates,
)

T = pd.Timestamp
NAT = pd.NaT


def leads() -> pd.DataFrame:
    """Six leads (worked by hand below).

    L1 web  small: all stages, won 100 after 10 days
    L2 web  small: MQL -> SQL -> opp, lost 300 after 20 days
    L3 web  large: MQL only, lost (disqualified)
    L4 ref  large: skipped MQL, SQL -> opp, open 200
    L5 ref  large: skipped MQL and opportunity, won 500 after 40 days
    L6 ref  small: nothing but the lead, open
    """
    return pd.DataFrame({
        "lead_id": [1, 2, 3, 4, 5, 6],
        "channel": ["web", "web", "web", "ref", "ref", "ref"],
        "segment": ["small", "small", "large", "large", "large", "small"],
        "created_at": [T("2024-01-01")] * 6,
        "mql_at": [T("2024-01-02"), T("2024-01-02"), T("2024-01-03"), NAT, NAT, NAT],
        "sql_at": [T("2024-01-04"), T("2024-01-05"), NAT, T("2024-01-04"), T("2024-01-06"), NAT],
        "opportunity_at": [T("2024-01-06"), T("2024-01-07"), NAT, T("2024-01-08"), NAT, NAT],
        "closed_at": [T("2024-01-11"), T("2024-01-21"), T("2024-01-10"), NAT, T("2024-02-10"), NAT],
        "outcome": ["won", "lost", "lost", "open", "won", "open"],
        "deal_value": [100.0, 300.0, np.nan, 200.0, 500.0, np.nan],
        "role": ["decision_maker", "end_user", "contact_person", "decision_maker", "decision_maker", "end_user"],
        "seniority": ["director", "specialist", "manager", "executive", "director", "specialist"],
        "touches": [4, 0, 2, 8, 6, 0],
    })


# ------------------------------------------------------------------------------ waterfall
def test_waterfall_cumulative_counts_skipped_stages():
    wf = stage_waterfall(leads())
    # lead 6; MQL: L1 L2 L3 + skipped L4 L5 = 5; SQL: L1 L2 L4 L5 = 4; opp: L1 L2 L4 + won L5 = 4; won 2
    assert wf["stage"].tolist() == ["lead", "mql", "sql", "opportunity", "won"]
    assert wf["leads"].tolist() == [6, 5, 4, 4, 2]
    np.testing.assert_allclose(wf["step_conversion"], [1, 5 / 6, 4 / 5, 1, 2 / 4])
    np.testing.assert_allclose(wf["overall_conversion"], [1, 5 / 6, 4 / 6, 4 / 6, 2 / 6])


def test_waterfall_by_channel_and_without_won_stage():
    wf = stage_waterfall(leads(), by="channel")
    ref = wf[wf["channel"] == "ref"]["leads"].tolist()
    web = wf[wf["channel"] == "web"]["leads"].tolist()
    assert ref == [3, 2, 2, 2, 1]      # L4, L5 skip into SQL; L5 won
    assert web == [3, 3, 2, 2, 1]
    no_won = stage_waterfall(leads(), outcome_col=None, stage_cols={"lead": "created_at", "sql": "sql_at"})
    assert no_won["stage"].tolist() == ["lead", "sql"] and no_won["leads"].tolist() == [6, 4]


def test_waterfall_string_dates_and_no_mutation():
    df = leads()
    df["sql_at"] = df["sql_at"].dt.strftime("%Y-%m-%d")
    before = df.copy()
    assert stage_waterfall(df)["leads"].tolist() == [6, 5, 4, 4, 2]
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (leads().iloc[0:0], {}, "empty"),
        (leads().drop(columns="mql_at"), {}, "mql"),
        (leads().assign(sql_at="someday"), {}, "sql_at"),
        (leads().assign(outcome=lambda d: d["outcome"].where(d.index != 0, None)), {}, "outcome_col"),
        (leads(), {"by": "region"}, "by"),
        (leads().assign(channel=lambda d: d["channel"].where(d.index != 0, None)), {"by": "channel"}, "by"),
        (leads(), {"stage_cols": {}}, "stage_cols"),
    ],
)
def test_waterfall_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        stage_waterfall(frame, **kw)


@st.composite
def funnels(draw):
    n = draw(st.integers(1, 30))
    have = draw(st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), min_size=n, max_size=n))
    outcome = draw(st.lists(st.sampled_from(["won", "lost", "open"]), min_size=n, max_size=n))
    day = T("2024-01-01")
    return pd.DataFrame({
        "created_at": [day] * n,
        "mql_at": [day if h[0] else NAT for h in have],
        "sql_at": [day if h[1] else NAT for h in have],
        "opportunity_at": [day if h[2] else NAT for h in have],
        "outcome": outcome,
        "channel": draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n)),
    })


@settings(max_examples=50, deadline=None)
@given(funnels())
def test_property_waterfall_counts_never_increase(df):
    for by in (None, "channel"):
        wf = stage_waterfall(df, by=by)
        groups = [wf] if by is None else [g for _, g in wf.groupby(by)]
        for g in groups:
            c = g["leads"].to_numpy()
            assert np.all(np.diff(c) <= 0)
            assert (g["step_conversion"].dropna() <= 1).all()


# ------------------------------------------------------------------------------ win rates
def test_win_rates_hand_worked():
    r = win_rates(leads()).loc["all"]
    # opportunities: L1 won 100, L2 lost 300, L4 open 200, L5 won 500 (skipped opp); L3 is not one
    assert r[["opportunities", "won", "lost", "open"]].tolist() == [4, 2, 1, 1]
    assert r["win_rate_closed"] == pytest.approx(2 / 3)
    assert r["win_rate_all"] == pytest.approx(2 / 4)
    assert r["won_value"] == 600.0
    assert r["value_win_rate_closed"] == pytest.approx(600 / 900)
    assert r["value_win_rate_all"] == pytest.approx(600 / 1100)


def test_win_rates_by_segment():
    r = win_rates(leads(), by="segment")
    # large: L4 open 200, L5 won 500; small: L1 won 100, L2 lost 300
    assert r.loc["large", "win_rate_closed"] == 1.0
    assert r.loc["large", "win_rate_all"] == 0.5
    assert r.loc["small", "value_win_rate_closed"] == pytest.approx(0.25)


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (leads().iloc[0:0], {}, "empty"),
        (leads().drop(columns="deal_value"), {}, "value_col"),
        (leads().assign(outcome="pending"), {}, "outcome_col"),
        (leads().assign(deal_value=-1.0), {}, "value_col"),
        (leads().assign(deal_value=np.nan), {}, "value_col.*opportunit"),
        (leads().assign(opportunity_at="x"), {}, "opportunity_col"),
        (leads(), {"by": "nope"}, "by"),
    ],
)
def test_win_rates_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        win_rates(frame, **kw)


# ------------------------------------------------------------------------------ cycle, velocity
def test_sales_cycle_options():
    c = sales_cycle(leads()).loc["all"]
    # won: L1 10 days, L5 40 days -> median 25, p25 17.5, p75 32.5
    assert c.tolist() == [2, 25.0, 25.0, 17.5, 32.5]
    closed = sales_cycle(leads(), outcomes=("won", "lost"), by="segment")
    # large: L3 9 days, L5 40; small: L1 10, L2 20
    assert closed.loc["large", "median_days"] == 24.5
    assert closed.loc["small", "mean_days"] == 15.0
    opp = sales_cycle(leads(), start_col="opportunity_at")
    # from opportunity: only L1 (Jan 6 -> Jan 11 = 5 days); L5 has no opportunity date
    assert opp.loc["all", "deals"] == 1 and opp.loc["all", "median_days"] == 5.0


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (leads().iloc[0:0], {}, "empty"),
        (leads().drop(columns="closed_at"), {}, "end_col"),
        (leads(), {"start_col": "first_touch"}, "start_col"),
        (leads().assign(closed_at=T("2023-01-01")), {}, "before"),
        (leads(), {"outcomes": ()}, "outcomes"),
        (leads().assign(created_at="when"), {}, "start_col"),
    ],
)
def test_sales_cycle_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        sales_cycle(frame, **kw)


def test_pipeline_velocity_hand_worked():
    v = pipeline_velocity(leads()).loc["all"]
    # open opps 1 (L4), win rate 2/3, avg won deal 300, avg cycle 25 days -> 1 * 2/3 * 300 / 25 = 8 / day
    assert v["open_opportunities"] == 1
    assert v["velocity"] == pytest.approx(8.0)
    assert pipeline_velocity(leads(), per="month").loc["all", "velocity"] == pytest.approx(8.0 * 30.4375)
    # all-opportunity basis: win rate 2/4 -> 6 / day
    assert pipeline_velocity(leads(), basis="all").loc["all", "velocity"] == pytest.approx(6.0)


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (leads(), {"per": "week"}, "per"),
        (leads(), {"basis": "open"}, "basis"),
        (leads().iloc[0:0], {}, "empty"),
        (leads().drop(columns="created_at"), {}, "created_col"),
        (leads().assign(outcome="x"), {}, "outcome_col"),
        (leads().assign(closed_at=T("2020-01-01")), {}, "before"),
    ],
)
def test_pipeline_velocity_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        pipeline_velocity(frame, **kw)


# ------------------------------------------------------------------------------ channels
def test_channel_results_with_spend():
    spend = pd.DataFrame({"channel": ["web", "web", "ref", "tv"], "spend": [100.0, 200.0, 60.0, 999.0]})
    r = channel_results(leads(), spend=spend)
    # web: 3 leads, 3 MQL, 2 SQL, 2 opp, 1 won (100); closed win rate 1/2; spend 300
    assert r.loc["web", ["lead", "mql", "sql", "opportunity", "won"]].tolist() == [3, 3, 2, 2, 1]
    assert r.loc["web", "win_rate"] == 0.5
    assert r.loc["web", "cost_per_won"] == 300.0
    assert r.loc["web", "cost_per_lead"] == 100.0
    # ref: won L5 500, closed win rate 1/1, spend 60 -> CPA 60, average deal 500
    assert r.loc["ref", "avg_deal"] == 500.0 and r.loc["ref", "cost_per_won"] == 60.0
    assert "tv" not in r.index


def test_channel_results_by_segment_without_spend():
    r = channel_results(leads(), by="segment")
    assert r.loc["large", "won_value"] == 500.0
    assert "spend" not in r.columns


@pytest.mark.parametrize(
    "spend, kw, match",
    [
        (pd.DataFrame({"channel": ["web"], "cost": [1.0]}), {}, "spend_col"),
        (pd.DataFrame({"source": ["web"], "spend": [1.0]}), {}, "by"),
        (pd.DataFrame({"channel": ["web"], "spend": [-1.0]}), {}, "spend_col"),
        (pd.DataFrame({"channel": [None], "spend": [1.0]}), {}, "by"),
        (pd.DataFrame(columns=["channel", "spend"]), {}, "empty"),
        (None, {"by": "region"}, "by"),
    ],
)
def test_channel_results_bad_input(spend, kw, match):
    with pytest.raises(ValueError, match=match):
        channel_results(leads(), spend=spend, **kw)


# ------------------------------------------------------------------------------ lead quality
def test_lead_score_fit_and_engagement():
    s = lead_score(leads())
    # decision_maker x director = 1 x 0.8; end_user x specialist = 0.4 x 0.2; contact x manager = 0.6 x 0.5
    np.testing.assert_allclose(s.to_numpy(), [80, 8, 30, 100, 80, 8])
    e = lead_score(leads(), engagement_col="touches", engagement_share=0.5)
    # touches 0..8 -> L4 engagement 1: 0.5 x 1 + 0.5 x 1 = 100; L2: 0.5 x 0.08 + 0 = 4
    assert e.iloc[3] == pytest.approx(100.0) and e.iloc[1] == pytest.approx(4.0)
    custom = lead_score(leads(), role_weights={"decision_maker": 1, "end_user": 1, "contact_person": 1},
                        seniority_weights={"director": 1, "specialist": 1, "manager": 0.5, "executive": 1})
    assert custom.tolist() == [100, 100, 50, 100, 100, 100]


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (leads().iloc[0:0], {}, "empty"),
        (leads().drop(columns="role"), {}, "role_col"),
        (leads().assign(role="intern"), {}, "role_col.*role_weights"),
        (leads(), {"seniority_weights": {"director": 2}}, "seniority_weights"),
        (leads(), {"engagement_col": "touches", "engagement_share": 1.5}, "engagement_share"),
        (leads().assign(touches=-1), {"engagement_col": "touches"}, "engagement_col"),
        (leads().assign(seniority=None), {}, "seniority_col"),
    ],
)
def test_lead_score_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        lead_score(frame, **kw)


def test_conversion_by_role_hand_worked():
    r = conversion_by_role(leads())
    top = r.iloc[0]
    # decision_maker x director: L1 won 100, L5 won 500 -> 2 leads, conversion 1, 300 per lead
    assert (top["role"], top["seniority"], top["leads"], top["won"]) == ("decision_maker", "director", 2, 2)
    assert top["value_per_lead"] == 300.0
    spec = r[(r["role"] == "end_user") & (r["seniority"] == "specialist")].iloc[0]
    assert spec["leads"] == 2 and spec["conversion"] == 0.0
    no_value = conversion_by_role(leads(), value_col=None)
    assert no_value["won_value"].sum() == 0.0


@pytest.mark.parametrize(
    "frame, kw, match",
    [
        (leads().iloc[0:0], {}, "empty"),
        (leads().drop(columns="seniority"), {}, "seniority_col"),
        (leads().assign(role=None), {}, "role_col"),
        (leads().assign(outcome=None), {}, "outcome_col"),
        (leads().assign(deal_value=np.nan), {}, "value_col"),
        (leads().assign(deal_value="big"), {}, "value_col"),
    ],
)
def test_conversion_by_role_bad_input(frame, kw, match):
    with pytest.raises(ValueError, match=match):
        conversion_by_role(frame, **kw)


# ------------------------------------------------------------------------------ planner
RATES = {"lead_to_mql": 0.3, "mql_to_sql": 0.5, "sql_to_opportunity": 0.6, "opportunity_to_won": 0.25}


def test_reverse_funnel_rounds_up_once_at_the_end():
    out = reverse_funnel(1_000_000, 300_000, RATES, months=2)
    # deals 10/3 = 3.333 -> opps 13.333 -> SQL 22.222 -> MQL 44.444 -> leads 148.148 (total)
    # rounding each stage up on the way would give 4 -> 16 -> 27 -> 54 -> 180 leads instead
    assert out["stage"].tolist() == ["lead", "mql", "sql", "opportunity", "won"]
    assert out["total"].tolist() == [149, 45, 23, 14, 4]
    # per month: 74.07, 22.22, 11.11, 6.67, 1.67
    assert out["per_month"].tolist() == [75, 23, 12, 7, 2]
    assert out["exact_total"].iloc[0] == pytest.approx(1_000_000 / 300_000 / 0.25 / 0.6 / 0.5 / 0.3)


def test_reverse_funnel_exact_whole_numbers_not_bumped():
    # 0.1 is not exact in binary: 10 / 0.1 must stay 100, not become 101
    rates = {"lead_to_mql": 0.1, "mql_to_sql": 0.1, "sql_to_opportunity": 0.1, "opportunity_to_won": 0.1}
    out = reverse_funnel(10, 1, rates)
    assert out["total"].tolist() == [100000, 10000, 1000, 100, 10]


@pytest.mark.parametrize(
    "args, kw, match",
    [
        ((0, 100, RATES), {}, "revenue_target"),
        ((100, -5, RATES), {}, "avg_deal_value"),
        ((100, 10, {**RATES, "lead_to_mql": 0}), {}, "lead_to_mql"),
        ((100, 10, {**RATES, "mql_to_sql": 1.2}), {}, "mql_to_sql"),
        ((100, 10, {**RATES, "visit_to_lead": 0.5}), {}, "rates.*unknown"),
        ((100, 10, {"lead_to_mql": 0.5}), {}, "rates.*missing"),
        ((100, 10, RATES), {"months": 0}, "months"),
        ((float("nan"), 10, RATES), {}, "revenue_target"),
        ((100, 10, [0.5, 0.5]), {}, "rates"),
    ],
)
def test_reverse_funnel_bad_input(args, kw, match):
    with pytest.raises(ValueError, match=match):
        reverse_funnel(*args, **kw)


rate = st.floats(0.01, 1.0, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(st.floats(1, 1e9), st.floats(1, 1e7), rate, rate, rate, rate, st.integers(1, 24))
def test_property_reverse_funnel_monotone(target, deal, r1, r2, r3, r4, months):
    out = reverse_funnel(target, deal, {"lead_to_mql": r1, "mql_to_sql": r2, "sql_to_opportunity": r3,
                                        "opportunity_to_won": r4}, months=months)
    for col in ("per_month", "total", "exact_per_month", "exact_total"):
        v = out[col].to_numpy()
        assert np.all(v[:-1] >= v[1:])              # leads >= MQLs >= SQLs >= opps >= deals
    assert (out["total"] >= out["exact_total"] * (1 - 1e-12)).all()
    assert ((out["total"] - out["exact_total"]) < 1).all()


def test_channel_results_aligns_groups_when_by_is_categorical():
    # Hand-built: channel z (category listed first) wins a 900 deal, channel a wins a 100 deal.
    # Category order (z, a) differs from sorted order (a, z): results must follow the labels.
    leads = pd.DataFrame(
        {
            "channel": pd.Categorical(["z", "a", "a"], categories=["z", "a"]),
            "created_at": pd.to_datetime(["2024-01-01"] * 3),
            "opportunity_at": pd.to_datetime(["2024-01-05"] * 3),
            "closed_at": pd.to_datetime(["2024-02-01"] * 3),
            "outcome": ["won", "won", "lost"],
            "deal_value": [900.0, 100.0, 50.0],
        }
    )
    spend = pd.DataFrame({"channel": ["a", "z"], "spend": [10.0, 90.0]})
    out = channel_results(leads, spend=spend, stage_cols={"lead": "created_at", "opportunity": "opportunity_at"})
    out.index = out.index.map(str)
    assert out.loc["z", "won_value"] == 900.0 and out.loc["a", "won_value"] == 100.0
    assert out.loc["z", "win_rate"] == 1.0 and out.loc["a", "win_rate"] == 0.5
    assert out.loc["z", "avg_deal"] == 900.0
    assert out.loc["a", "cost_per_won"] == 10.0 and out.loc["z", "cost_per_won"] == 90.0
