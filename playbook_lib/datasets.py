"""Load the course's data world from ``data/`` as typed, validated DataFrames.

Every table has a schema in :data:`SCHEMAS` (column, type, unit, meaning, Chinese term). The
same schema drives the loaders, their validation and the data dictionary in ``data/README.md``,
so the three cannot drift apart.

Loaders parse datetimes, use ordered categories where the order means something (segment,
seniority, stage) and raise a clear error naming the file and the fix (``make data``) when a
file is missing or corrupted.

Examples
--------
>>> from playbook_lib import datasets
>>> orders = datasets.load_orders()
>>> orders["order_date"].dtype
dtype('<M8[s]')
>>> list(datasets.TABLES)[:2]
['b2c_users', 'b2c_events']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = [
    "TABLES",
    "SCHEMAS",
    "Column",
    "Table",
    "data_dir",
    "load",
    "load_all",
    "load_users",
    "load_events",
    "load_orders",
    "load_recall_campaigns",
    "load_accounts",
    "load_contacts",
    "load_leads",
    "load_subscriptions",
    "load_usage",
    "load_tickets",
    "load_scorecard",
    "load_marketing_spend",
    "load_glossary",
    "data_dictionary",
    "data_dictionary_markdown",
]

SEGMENTS = ["small_agency", "mid_agency", "travel_ecommerce", "large_group", "public_sector"]
SENIORITY = ["specialist", "manager", "director", "executive"]
ROLES = ["contact_person", "end_user", "decision_maker"]
B2C_CHANNELS = ["search_ads", "social", "influencer", "app_store", "referral"]
B2B_CHANNELS = ["key_person_referral", "tender", "trade_show", "webinar", "content", "sem_seo", "partner"]


@dataclass(frozen=True)
class Column:
    """One column of a table: name, type, unit, meaning and the Chinese ops term."""

    name: str
    kind: str  # id | ref | str | category | datetime | date | float | int | bool
    unit: str
    meaning: str
    zh: str = ""
    categories: tuple[str, ...] | None = None
    ordered: bool = False
    nullable: bool = False


@dataclass(frozen=True)
class Table:
    """A table of the data world."""

    name: str
    line: str  # b2c | b2b | shared
    title: str
    zh: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()


def _c(name: str, kind: str, unit: str, meaning: str, zh: str = "", cats: list[str] | None = None,
       ordered: bool = False, nullable: bool = False) -> Column:
    return Column(name, kind, unit, meaning, zh, tuple(cats) if cats else None, ordered, nullable)


_SCHEMA_LIST = [
    Table("b2c_users", "b2c", "QiaoShop registered users", "C端用户", (
        _c("user_id", "id", "", "User id, C + 6 digits, in signup order", "用户ID"),
        _c("signup_time", "datetime", "local time", "When the user registered", "注册时间"),
        _c("channel", "category", "", "Acquisition channel of the signup", "获客渠道", B2C_CHANNELS),
        _c("city_tier", "category", "", "City tier of the user (tier1 = Beijing/Shanghai-like)", "城市等级",
           ["tier1", "tier2", "tier3", "tier4plus"], ordered=True),
        _c("device", "category", "", "Phone platform", "设备", ["android", "ios"]),
        _c("referrer_id", "ref", "", "User who invited this one (referral/fission signups only)", "推荐人", nullable=True),
    ), key=("user_id",)),
    Table("b2c_events", "b2c", "QiaoShop event log", "C端行为日志", (
        _c("user_id", "ref", "", "User id (C...) or, for visitors who never signed up, visitor id (V...)", "用户ID"),
        _c("event", "category", "", "What happened: visit, signup, activate, add_to_cart, purchase, share, "
           "notification_sent, notification_opened, check_in, community_post, community_reply", "事件",
           ["visit", "signup", "activate", "add_to_cart", "purchase", "share", "notification_sent",
            "notification_opened", "check_in", "community_post", "community_reply"]),
        _c("timestamp", "datetime", "local time", "When it happened", "时间"),
    )),
    Table("b2c_orders", "b2c", "QiaoShop orders", "C端订单", (
        _c("order_id", "id", "", "Order id", "订单号"),
        _c("customer_id", "ref", "", "Buyer (a user_id of b2c_users)", "买家"),
        _c("order_date", "datetime", "local time", "When the order was paid", "下单时间"),
        _c("amount", "float", "CNY", "Amount paid, after discount", "实付金额"),
        _c("discount", "float", "CNY", "Discount given on the order", "优惠金额"),
        _c("items", "int", "items", "Number of items in the order", "件数"),
        _c("refunded", "bool", "", "Whether the order was refunded later", "是否退款"),
    ), key=("order_id",)),
    Table("b2c_recall_campaigns", "b2c", "Recall campaign assignments (quarterly, 20% random holdout)", "召回活动分组", (
        _c("campaign_time", "datetime", "local time", "When the campaign was sent", "活动时间"),
        _c("user_id", "ref", "", "Dormant user who was eligible (last activity 45-180 days before)", "用户ID"),
        _c("group", "category", "", "treatment (sent a notification) or holdout (not sent: the control)", "分组",
           ["treatment", "holdout"]),
    ), key=("campaign_time", "user_id")),
    Table("b2b_accounts", "b2b", "QiaoSign accounts (customers and prospects)", "B端客户", (
        _c("account_id", "id", "", "Account id, A + 4 digits", "客户ID"),
        _c("account_name", "str", "", "Fictional company name", "客户名称"),
        _c("segment", "category", "", "Customer segment", "客户类型", SEGMENTS, ordered=True),
        _c("region", "category", "", "Region of China", "区域",
           ["east", "north", "south", "southwest", "central", "northeast", "northwest"]),
        _c("employees", "int", "people", "Company size", "员工数"),
        _c("annual_contracts", "int", "contracts / year", "Travel contracts the company signs a year (demand for e-contracts)", "年合同量"),
        _c("main_business", "category", "", "Main line of business", "主营业务",
           ["outbound_tours", "domestic_tours", "corporate_travel", "online_travel", "public_tourism"]),
        _c("founded_year", "int", "year", "Year the company was founded", "成立年份"),
    ), key=("account_id",)),
    Table("b2b_contacts", "b2b", "People at each account: the buying committee", "B端联系人", (
        _c("contact_id", "id", "", "Contact id, P + 5 digits", "联系人ID"),
        _c("account_id", "ref", "", "Account the person works at", "客户ID"),
        _c("role", "category", "", "Buying role: contact_person 对接人, end_user 使用人, decision_maker 决策人", "角色", ROLES),
        _c("seniority", "category", "", "Seniority level", "职级", SENIORITY, ordered=True),
        _c("department", "str", "", "Department", "部门"),
    ), key=("contact_id",)),
    Table("b2b_leads", "b2b", "New-logo leads and their path through the pipeline", "B端线索", (
        _c("lead_id", "id", "", "Lead id, L + 5 digits, in creation order", "线索ID"),
        _c("account_id", "ref", "", "Account the lead belongs to", "客户ID"),
        _c("contact_id", "ref", "", "Owning contact: the person who came in", "联系人ID"),
        _c("channel", "category", "", "Lead source channel", "线索渠道", B2B_CHANNELS),
        _c("created_at", "datetime", "local time", "Lead created", "线索创建"),
        _c("mql_at", "datetime", "local time", "Became marketing qualified (empty: never, or stage skipped)", "MQL时间", nullable=True),
        _c("sql_at", "datetime", "local time", "Became sales qualified", "SQL时间", nullable=True),
        _c("opportunity_at", "datetime", "local time", "Became an opportunity", "商机时间", nullable=True),
        _c("closed_at", "datetime", "local time", "Won, lost or disqualified (empty while open)", "关闭时间", nullable=True),
        _c("outcome", "category", "", "won, lost (incl. disqualified before opportunity) or open", "结果", ["won", "lost", "open"]),
        _c("deal_value", "float", "CNY / year", "Annual contract value (estimate for open/lost opportunities; empty before opportunity)",
           "合同额", nullable=True),
    ), key=("lead_id",)),
    Table("b2b_subscriptions", "b2b", "Subscription history: one row per period with constant plan, seats and price", "订阅记录", (
        _c("subscription_id", "id", "", "Row id, S + 5 digits", "订阅ID"),
        _c("account_id", "ref", "", "Account", "客户ID"),
        _c("plan", "category", "", "Plan", "套餐", ["basic", "pro", "enterprise"], ordered=True),
        _c("billing", "category", "", "monthly (billed every month) or annual (billed once a year)", "付费周期", ["monthly", "annual"]),
        _c("seats", "int", "seats", "Licensed seats", "席位数"),
        _c("start_date", "date", "", "First day of the period", "开始日期"),
        _c("end_date", "date", "", "Last day of the period (empty: still running)", "结束日期", nullable=True),
        _c("invoice_amount", "float", "CNY per billing period", "Invoice per period, net of discount: one month (monthly) or twelve (annual)", "账单金额"),
        _c("discount_pct", "int", "%", "Discount off list price", "折扣"),
        _c("is_trial", "bool", "", "Free trial (invoice 0, excluded from MRR)", "是否试用"),
    ), key=("subscription_id",)),
    Table("b2b_usage", "b2b", "Product usage log of paying accounts", "B端使用日志", (
        _c("account_id", "ref", "", "Account", "客户ID"),
        _c("contact_id", "ref", "", "Person using the product", "使用人"),
        _c("timestamp", "datetime", "local time", "When", "时间"),
        _c("action", "category", "", "What they did", "操作",
           ["login", "contract_created", "contract_signed", "template_edited", "report_viewed"]),
    )),
    Table("b2b_tickets", "b2b", "Support tickets", "工单", (
        _c("ticket_id", "id", "", "Ticket id", "工单号"),
        _c("account_id", "ref", "", "Account", "客户ID"),
        _c("opened_at", "datetime", "local time", "Opened", "创建时间"),
        _c("resolved_at", "datetime", "local time", "Resolved (empty: still open)", "解决时间", nullable=True),
        _c("category", "category", "", "Problem category", "问题类型",
           ["e_signature_failure", "template_setup", "contract_sync", "billing_invoice", "permissions", "performance",
            "feature_request", "training", "data_export", "other"]),
        _c("priority", "category", "", "Priority", "优先级", ["low", "medium", "high", "urgent"], ordered=True),
    ), key=("ticket_id",)),
    Table("b2b_scorecard", "b2b", "Tiering attributes of paying accounts (客户分级 variables)", "客户分级评分卡", (
        _c("account_id", "ref", "", "Account", "客户ID"),
        _c("product_lines", "int", "count", "Product lines bought (business demand, +)", "品种"),
        _c("gross_margin_pct", "float", "%", "Gross margin on the account (business demand, +)", "毛利"),
        _c("cooperation_basis", "int", "score 1-5", "Strength of the existing relationship (+)", "合作基础"),
        _c("cooperation_years", "float", "years", "Years of cooperation (+)", "合作年限"),
        _c("responsiveness", "int", "score 1-5", "How quickly they respond (+)", "沟通响应"),
        _c("referrals_made", "int", "count", "Other customers they referred (+)", "推荐其他客户"),
        _c("brand_influence", "int", "score 1-5", "Brand influence in the industry (+)", "品牌影响"),
        _c("payment_collection_days", "int", "days", "Average days to pay an invoice (lower is better)", "回款"),
        _c("growth_potential", "int", "score 1-5", "Growth potential (+)", "增长潜力"),
        _c("complaints", "int", "count", "High/urgent complaints, a reputation risk (-)", "口碑"),
        _c("defaults", "int", "count", "Contract breaches (-)", "违约"),
        _c("arrears_amount", "float", "CNY", "Overdue money owed (-)", "欠款"),
        _c("hard_to_work_with", "int", "0/1", "Flagged as hard to communicate with (-)", "难沟通"),
    ), key=("account_id",)),
    Table("marketing_spend", "shared", "Marketing and sales spend by month, business line and channel", "营销费用", (
        _c("month", "str", "YYYY-MM", "Calendar month", "月份"),
        _c("business_line", "category", "", "b2c (QiaoShop) or b2b (QiaoSign)", "业务线", ["b2c", "b2b"]),
        _c("channel", "str", "", "Channel (the channel names of b2c_users or b2b_leads)", "渠道"),
        _c("spend", "float", "CNY", "Money spent in the month", "费用"),
    ), key=("month", "business_line", "channel")),
    Table("glossary", "shared", "Bilingual glossary", "术语表", (
        _c("term_zh", "str", "", "Chinese term", "中文"),
        _c("pinyin", "str", "", "Pinyin", "拼音"),
        _c("term_en", "str", "", "English term", "英文"),
        _c("definition", "str", "", "One-line definition", "释义"),
        _c("notebook", "str", "", "Notebook that teaches it", "所在章节"),
    ), key=("term_zh",)),
]

SCHEMAS: dict[str, Table] = {t.name: t for t in _SCHEMA_LIST}
TABLES: tuple[str, ...] = tuple(SCHEMAS)


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Folder holding the CSVs: ``path`` if given, else ``$PLAYBOOK_DATA_DIR``, else ``data/`` of the repo.

    >>> data_dir("somewhere").name
    'somewhere'
    """
    if path is not None:
        return Path(path)
    env = os.environ.get("PLAYBOOK_DATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


def _fix_hint(path: Path) -> str:
    return f"data/{path.name}" if path.parent.name == "data" else path.name


def load(name: str, data_dir_: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load one table by name, typed and validated.

    Parameters
    ----------
    name : str
        One of :data:`TABLES`.
    data_dir_ : path-like, optional
        Folder of the CSVs (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        Ids as strings, datetimes parsed, categories with the schema's categories.

    Raises
    ------
    FileNotFoundError
        If the file is missing (the message says to run ``make data``).
    ValueError
        If the table name is unknown or the file does not match its schema.

    Examples
    --------
    >>> load("b2b_accounts")["segment"].cat.categories[0]
    'small_agency'
    >>> load("nope")
    Traceback (most recent call last):
    ...
    ValueError: unknown table 'nope'; tables are b2c_users, b2c_events, b2c_orders, b2c_recall_campaigns, b2b_accounts, b2b_contacts, b2b_leads, b2b_subscriptions, b2b_usage, b2b_tickets, b2b_scorecard, marketing_spend, glossary
    """
    if name not in SCHEMAS:
        raise ValueError(f"unknown table {name!r}; tables are {', '.join(TABLES)}")
    path = data_dir(data_dir_) / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(
            f"{_fix_hint(path)} is missing. Run `make data` (or `python -m playbook_lib.generate data`) to regenerate it."
        )
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        if len(_CACHE) >= 2 * len(SCHEMAS):  # bounded: stale versions of changed files go
            _CACHE.clear()
        _CACHE[key] = _read(name, path)
    return _CACHE[key].copy()  # a fresh copy each call: callers may change theirs freely


# Parsed tables keyed by (path, mtime, size): loading the 450k-row event log again (exercise checks
# do) costs a copy, not a parse. A changed file has a new key, so it is always re-read.
_CACHE: dict[tuple[str, int, int], pd.DataFrame] = {}


def _read(name: str, path: Path) -> pd.DataFrame:
    table = SCHEMAS[name]
    shown = _fix_hint(path)
    fix = "Run `make data` to regenerate it (or `git checkout data/` to restore the committed copy)."
    raw_types = {c.name: ("str" if c.kind in {"id", "ref", "str", "category", "datetime", "date", "bool"} else "float64")
                 for c in table.columns}
    try:
        df = pd.read_csv(path, dtype=raw_types, keep_default_na=False, na_values={c.name: [""] for c in table.columns})
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"{shown} looks corrupted: {str(exc).splitlines()[0]}. {fix}") from None
    expected = [c.name for c in table.columns]
    if list(df.columns) != expected:
        raise ValueError(f"{shown} looks corrupted: columns are {list(df.columns)}, expected {expected}. {fix}")
    if df.empty:
        raise ValueError(f"{shown} looks corrupted: it has no rows. {fix}")
    for c in table.columns:
        s = df[c.name]
        if not c.nullable and c.kind != "str" and s.isna().any():
            raise ValueError(f"{shown} looks corrupted: column '{c.name}' has {int(s.isna().sum())} empty value(s). {fix}")
        if c.kind in {"datetime", "date"}:
            fmt = "%Y-%m-%d %H:%M:%S" if c.kind == "datetime" else "%Y-%m-%d"
            parsed = pd.to_datetime(s, format=fmt, errors="coerce")
            bad = parsed.isna() & s.notna()
            if bad.any():
                raise ValueError(f"{shown} looks corrupted: column '{c.name}' has unparsable date(s), e.g. {s[bad].iloc[0]!r}. {fix}")
            df[c.name] = parsed.astype("datetime64[s]")
        elif c.kind == "category":
            if c.categories:
                unknown = ~s.isin(c.categories) & s.notna()
                if unknown.any():
                    raise ValueError(f"{shown} looks corrupted: column '{c.name}' has unknown value {s[unknown].iloc[0]!r}. {fix}")
                df[c.name] = pd.Categorical(s, categories=list(c.categories), ordered=c.ordered)
            else:
                df[c.name] = s.astype("category")
        elif c.kind == "bool":
            if not s.isin(["true", "false"]).all():
                raise ValueError(f"{shown} looks corrupted: column '{c.name}' must be true/false. {fix}")
            df[c.name] = s.eq("true")
        elif c.kind == "int":
            if (s.round() != s).any():
                raise ValueError(f"{shown} looks corrupted: column '{c.name}' must hold whole numbers. {fix}")
            df[c.name] = s.astype("int64")
    if table.key and df.duplicated(list(table.key)).any():
        raise ValueError(f"{shown} looks corrupted: duplicate keys in {list(table.key)}. {fix}")
    return df


def load_all(data_dir_: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Load every table; returns ``{name: frame}`` in :data:`TABLES` order."""
    return {name: load(name, data_dir_) for name in TABLES}


def _loader(name: str, doc: str):  # noqa: ANN202 - small factory for the named loaders
    def f(data_dir_: str | os.PathLike[str] | None = None) -> pd.DataFrame:
        return load(name, data_dir_)

    f.__name__ = f"load_{name}"
    f.__doc__ = f"{doc}\n\nSame as ``load({name!r})``; see :func:`load` and ``data/README.md`` for the columns.\n"
    return f


load_users = _loader("b2c_users", "QiaoShop (B2C) registered users.")
load_events = _loader("b2c_events", "QiaoShop (B2C) event log.")
load_orders = _loader("b2c_orders", "QiaoShop (B2C) orders.")
load_recall_campaigns = _loader("b2c_recall_campaigns", "QiaoShop (B2C) recall campaign assignments.")
load_accounts = _loader("b2b_accounts", "QiaoSign (B2B) accounts.")
load_contacts = _loader("b2b_contacts", "QiaoSign (B2B) contacts: the buying committee.")
load_leads = _loader("b2b_leads", "QiaoSign (B2B) leads and pipeline stages.")
load_subscriptions = _loader("b2b_subscriptions", "QiaoSign (B2B) subscription history.")
load_usage = _loader("b2b_usage", "QiaoSign (B2B) product usage log.")
load_tickets = _loader("b2b_tickets", "QiaoSign (B2B) support tickets.")
load_scorecard = _loader("b2b_scorecard", "QiaoSign (B2B) tiering scorecard attributes.")
load_marketing_spend = _loader("marketing_spend", "Marketing spend by month, business line and channel.")
load_glossary = _loader("glossary", "Bilingual glossary (Chinese term, pinyin, English, definition, notebook).")


def data_dictionary(name: str | None = None) -> pd.DataFrame:
    """The data dictionary as a DataFrame (one row per column), for one table or all.

    >>> data_dictionary("b2c_orders").loc[3, ["column", "unit"]].tolist()
    ['amount', 'CNY']
    """
    names = [name] if name else list(TABLES)
    rows = []
    for n in names:
        if n not in SCHEMAS:
            raise ValueError(f"unknown table {n!r}; tables are {', '.join(TABLES)}")
        for c in SCHEMAS[n].columns:
            kind = "string" if c.kind in {"id", "ref", "str"} else c.kind
            rows.append({"table": n, "column": c.name, "type": kind, "unit": c.unit, "meaning": c.meaning, "中文": c.zh})
    return pd.DataFrame(rows)


def data_dictionary_markdown() -> str:
    """Render ``data/README.md``: how the data was made, then every table and column."""
    from playbook_lib.generate import PLANTED_STORIES, SEED

    lines = [
        "# The data world: Qiao Group (桥)",
        "",
        "All files here are **synthetic** and generated by `playbook_lib.generate` with seed "
        f"`{SEED}` (`make data`). Do not edit them by hand: a test regenerates everything and checks the "
        "bytes are identical. This file is generated too, from the schemas in `playbook_lib/datasets.py`.",
        "",
        "One fictional company, two lines of business, the same calendar (2023-01-01 to 2025-12-31):",
        "",
        "- **QiaoShop** (B2C, C端): an online store for phone accessories. Users come from search ads, social "
        "media, influencers, app stores and referrals (fission 裂变); a Singles' Day promotion (双十一, "
        "2024-11-01 to 11-11) brings a big, short-lived signup cohort. Quarterly recall campaigns (召回) "
        "notify dormant users, with a random 20% holdout.",
        "- **QiaoSign** (B2B, B端): a SaaS e-contract platform for travel agencies. Accounts in five "
        "segments, a buying committee per account (对接人 contact person, 使用人 end user, 决策人 decision "
        "maker), leads from seven channels moving lead → MQL → SQL → opportunity → won/lost, monthly and "
        "annual subscriptions with expansion, contraction, churn and win-back, weekday usage and tickets.",
        "",
        "How it was generated, in short: B2C signups follow a growth curve with a late decline; each user gets "
        "an activation chance, a first-purchase chance and a geometric activity lifetime that depend on the "
        "channel (the promotion cohort's is much shorter); events are drawn with evening/weekend-heavy clocks. "
        "B2B leads pick a committee member whose seniority depends on the channel; stage conversion depends on "
        "seniority, role and segment; cycle length on segment; subscriptions then evolve month by month. "
        "Marketing spend is a cost per acquired customer per channel plus a fixed base.",
        "",
        "Planted stories (each proven by `tests/test_stories.py` on these files):",
        "",
        *[f"- {s}" for s in PLANTED_STORIES],
        "",
        "Times are local (China Standard Time, no offset stored). Money is in CNY. Empty cells are missing "
        "values (NaT/NaN after loading). Load any table with `playbook_lib.datasets.load(name)` or the named "
        "loaders (`load_orders()`, `load_leads()`, ...).",
        "",
    ]
    for t in _SCHEMA_LIST:
        lines += [f"## `{t.name}.csv`: {t.title} ({t.zh})", ""]
        if t.key:
            lines += [f"Key: {', '.join(f'`{k}`' for k in t.key)}. Loader: `load_{t.name}()` / `load({t.name!r})`.", ""]
        lines += ["| column | type | unit | meaning | 中文 |", "|---|---|---|---|---|"]
        for c in t.columns:
            kind = "string" if c.kind in {"id", "ref", "str"} else c.kind
            if c.categories:
                kind += " (" + ", ".join(c.categories) + ")"
            lines.append(f"| `{c.name}` | {kind} | {c.unit} | {c.meaning} | {c.zh} |")
        lines.append("")
    return "\n".join(lines)
