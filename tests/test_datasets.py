"""Loaders return typed, validated frames and fail clearly on missing or corrupted files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from playbook_lib import datasets
from playbook_lib.generate import END, START

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def world() -> dict[str, pd.DataFrame]:
    return datasets.load_all()


def test_every_table_loads_with_schema_columns(world):
    assert list(world) == list(datasets.TABLES)
    for name, df in world.items():
        assert list(df.columns) == [c.name for c in datasets.SCHEMAS[name].columns], name
        assert len(df) > 0


def test_types_are_parsed(world):
    orders = world["b2c_orders"]
    assert pd.api.types.is_datetime64_dtype(orders["order_date"])
    assert orders["refunded"].dtype == bool
    assert orders["items"].dtype == "int64"
    leads = world["b2b_leads"]
    assert isinstance(leads["channel"].dtype, pd.CategoricalDtype)
    assert world["b2b_contacts"]["seniority"].cat.ordered
    assert list(world["b2b_contacts"]["seniority"].cat.categories) == datasets.SENIORITY


def test_keys_unique_and_references_resolve(world):
    users = set(world["b2c_users"]["user_id"])
    assert set(world["b2c_orders"]["customer_id"]) <= users
    accounts = set(world["b2b_accounts"]["account_id"])
    for t in ("b2b_contacts", "b2b_leads", "b2b_subscriptions", "b2b_usage", "b2b_tickets", "b2b_scorecard"):
        assert set(world[t]["account_id"]) <= accounts, t
    contacts = world["b2b_contacts"].set_index("contact_id")["account_id"]
    leads = world["b2b_leads"]
    assert (contacts.loc[leads["contact_id"]].to_numpy() == leads["account_id"].to_numpy()).all()


def test_dates_inside_the_calendar(world):
    for name, table in datasets.SCHEMAS.items():
        for c in table.columns:
            if c.kind in {"datetime", "date"}:
                s = world[name][c.name].dropna()
                assert s.min() >= START - pd.Timedelta(days=31), (name, c.name)
                assert s.max() <= END, (name, c.name)


def test_sizes_match_the_brief(world):
    assert 10_000 <= len(world["b2c_users"]) <= 99_999
    assert 100_000 <= len(world["b2c_events"]) <= 999_999
    assert 100 <= len(world["b2b_accounts"]) <= 999
    assert 1_000 <= len(world["b2b_leads"]) <= 9_999
    total = sum(p.stat().st_size for p in DATA.iterdir())
    assert total < 30e6


def test_pipeline_stage_dates_are_ordered(world):
    leads = world["b2b_leads"]
    stages = ["created_at", "mql_at", "sql_at", "opportunity_at", "closed_at"]
    for a, b in zip(stages, stages[1:]):
        both = leads[[a, b]].dropna()
        assert (both[b] >= both[a]).all(), (a, b)
    won = leads[leads["outcome"] == "won"]
    assert won["deal_value"].gt(0).all() and won["closed_at"].notna().all()
    assert leads.loc[leads["outcome"] == "open", "closed_at"].isna().all()


def test_missing_file_names_file_and_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"b2c_orders\.csv is missing.*make data"):
        datasets.load_orders(tmp_path)


def test_corrupted_file_names_file_and_fix(tmp_path):
    shutil.copy(DATA / "b2c_orders.csv", tmp_path / "b2c_orders.csv")
    text = (tmp_path / "b2c_orders.csv").read_text().replace("2024-03-", "2024-13-", 1)
    (tmp_path / "b2c_orders.csv").write_text(text)
    with pytest.raises(ValueError, match=r"b2c_orders\.csv looks corrupted: column 'order_date'.*make data"):
        datasets.load_orders(tmp_path)


def test_truncated_columns_detected(tmp_path):
    df = pd.read_csv(DATA / "b2b_accounts.csv").drop(columns=["segment"])
    df.to_csv(tmp_path / "b2b_accounts.csv", index=False)
    with pytest.raises(ValueError, match=r"b2b_accounts\.csv looks corrupted: columns are"):
        datasets.load_accounts(tmp_path)


def test_unknown_category_detected(tmp_path):
    df = pd.read_csv(DATA / "b2b_accounts.csv", dtype=str)
    df.loc[0, "segment"] = "martians"
    df.to_csv(tmp_path / "b2b_accounts.csv", index=False)
    with pytest.raises(ValueError, match=r"column 'segment' has unknown value 'martians'"):
        datasets.load_accounts(tmp_path)


def test_duplicate_key_detected(tmp_path):
    df = pd.read_csv(DATA / "b2b_tickets.csv", dtype=str)
    pd.concat([df, df.head(1)]).to_csv(tmp_path / "b2b_tickets.csv", index=False)
    with pytest.raises(ValueError, match=r"duplicate keys in \['ticket_id'\]"):
        datasets.load_tickets(tmp_path)


def test_unknown_table():
    with pytest.raises(ValueError, match="unknown table 'orders'"):
        datasets.load("orders")


def test_env_var_points_loaders_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError):
        datasets.load_glossary()


def test_data_dictionary_covers_every_column():
    dd = datasets.data_dictionary()
    n_cols = sum(len(t.columns) for t in datasets.SCHEMAS.values())
    assert len(dd) == n_cols
    assert dd["meaning"].str.len().gt(3).all()
    md = (DATA / "README.md").read_text(encoding="utf-8")
    for t in datasets.SCHEMAS.values():
        assert f"`{t.name}.csv`" in md
        for c in t.columns:
            assert f"| `{c.name}` |" in md


def test_glossary_has_the_terms_the_syllabus_names(world):
    zh = set(world["glossary"]["term_zh"])
    for term in ["拉新", "促活", "留存", "转化", "召回", "客单价", "获客成本", "对接人", "使用人", "决策人",
                 "导入期", "成长期", "成熟期", "休眠期", "流失期", "裂变", "客户分级"]:
        assert term in zh, term
    assert world["glossary"]["notebook"].str.fullmatch(r"\d\d").all()


def test_every_registered_user_has_a_signup_event(world):
    ev = world["b2c_events"]
    signed = ev.loc[ev["event"] == "signup", "user_id"]
    assert signed.is_unique
    assert set(signed) == set(world["b2c_users"]["user_id"])
    first = ev[ev["event"] == "signup"].set_index("user_id")["timestamp"]
    users = world["b2c_users"].set_index("user_id")["signup_time"]
    assert (first.reindex(users.index) == users).all()


def test_repeated_loads_are_independent_copies():
    a = datasets.load_orders()
    a.loc[0, "amount"] = -5.0
    a["extra"] = 1
    b = datasets.load_orders()
    assert b.loc[0, "amount"] >= 0 and "extra" not in b.columns


def test_changed_file_is_read_again(tmp_path):
    shutil.copy(DATA / "b2b_accounts.csv", tmp_path / "b2b_accounts.csv")
    first = datasets.load_accounts(tmp_path)
    df = pd.read_csv(tmp_path / "b2b_accounts.csv").head(5)
    df.to_csv(tmp_path / "b2b_accounts.csv", index=False)
    assert len(datasets.load_accounts(tmp_path)) == 5 < len(first)
