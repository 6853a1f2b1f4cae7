"""Exercises for notebook 02 · The AARRR funnel and C-side growth models.

Every expected answer is computed from the course data with :mod:`playbook_lib.funnel`; data is
loaded lazily, the first time an answer is checked (importing this module loads nothing).

>>> from playbook_lib.exercises import nb02
>>> [q.name for q in nb02.EXERCISES]
['02.1', '02.2', '02.3', '02.4']
>>> nb02.q1.check(...)
✋ No answer yet: replace the ... with your code, run the cell, then check again.
   还没有作答：把 ... 换成你的代码，运行后再检查。
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from playbook_lib.exercises import Exercise, Mistake, data_table

__all__ = ["q1", "q2", "q3", "q4", "EXERCISES"]

SHOP_STEPS = ["visit", "signup", "activate", "add_to_cart", "purchase"]
SIGNUP_STEPS = ["signup", "activate", "add_to_cart", "purchase"]
WEEK = pd.Timedelta(days=7)
MONTH = pd.Timedelta(days=30)


# ------------------------------------------------------------------------------ data (lazy)
def _events() -> pd.DataFrame:
    return data_table("b2c_events")


def _users() -> pd.DataFrame:
    return data_table("b2c_users")


@lru_cache(maxsize=1)
def _events_with_channel() -> pd.DataFrame:
    ev = _events()
    return ev.assign(channel=ev["user_id"].map(_users().set_index("user_id")["channel"]))


@lru_cache(maxsize=None)
def _funnel(steps: tuple[str, ...], window: pd.Timedelta | None, count: str = "users") -> pd.DataFrame:
    from playbook_lib import funnel

    return funnel.ordered_funnel(_events(), list(steps), window=window, count=count)


def _close(a: Any, b: float, rtol: float = 1e-6) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rtol, abs_tol=1e-9)


def _channel_conversion(window: pd.Timedelta | None, steps: tuple[str, ...] = tuple(SIGNUP_STEPS)) -> pd.Series:
    from playbook_lib import funnel

    f = funnel.ordered_funnel(_events_with_channel(), list(steps), window=window, segment_col="channel")
    last = f[(f["step"] == steps[-1]) & f["channel"].notna()]
    return last.set_index("channel")["overall_conversion"].rename("conversion")


def _series_close(a: Any, e: pd.Series, rtol: float = 1e-6) -> bool:
    if not isinstance(a, pd.Series):
        return False
    a = pd.Series(a.to_numpy(), index=a.index.map(str))
    e = pd.Series(e.to_numpy(), index=e.index.map(str))
    if set(a.index) != set(e.index):
        return False
    return bool(np.allclose(a.reindex(e.index).to_numpy(dtype=float), e.to_numpy(dtype=float), rtol=rtol, atol=1e-9))


# --------------------------------------------------------------------------- q1: overall conversion
def _q1_expected() -> float:
    return float(_funnel(tuple(SHOP_STEPS), WEEK)["overall_conversion"].iloc[-1])


q1 = Exercise(
    "02.1",
    "Overall conversion (总转化率) from visit to purchase within 7 days: with the course's default ordered funnel "
    "(visit -> signup -> activate -> add_to_cart -> purchase, first visit as the start, window of 7 days from it), "
    "what share of visitors reached purchase? Give a share between 0 and 1 (a float).",
    "7 天内从访问到购买的总转化率：用课程默认的有序漏斗（访问 → 注册 → 激活 → 加购 → 购买，以首次访问为起点，"
    "窗口为起点后 7 天），到达购买的访客占比是多少？请给出 0 到 1 之间的小数。",
    _q1_expected,
    rtol=1e-4,
    mistakes=[
        Mistake(lambda a, e: _close(a, 100 * e, 1e-4),
                "That is a percent; give a share between 0 and 1 (e.g. 0.2, not 20).",
                "这是百分数；请给出 0 到 1 之间的小数（例如 0.2，而不是 20）。"),
        Mistake(lambda a, e: _close(a, _funnel(tuple(SHOP_STEPS), None)["overall_conversion"].iloc[-1], 1e-4),
                "You forgot the window: that is the conversion with no time limit. Pass window=pd.Timedelta(days=7).",
                "你忘了转化窗口：这是不限时间的转化率。请传入 window=pd.Timedelta(days=7)。"),
        Mistake(lambda a, e: _close(a, _funnel(tuple(SHOP_STEPS), MONTH)["overall_conversion"].iloc[-1], 1e-4),
                "That is the 30-day window; the question asks for 7 days.",
                "这是 30 天窗口的结果；题目要求 7 天。"),
        Mistake(lambda a, e: _close(a, _funnel(tuple(SHOP_STEPS), None, "events")["overall_conversion"].iloc[-1], 1e-4),
                "You counted events (purchase rows / visit rows), not users. Repeat visits and repeat orders "
                "distort that ratio; count users who did the steps in order.",
                "你统计的是事件数（购买行数 / 访问行数），而不是用户数。重复访问和复购会扭曲这个比值；请统计按顺序完成各步骤的用户。"),
        Mistake(lambda a, e: _close(a, _funnel(tuple(SHOP_STEPS), WEEK)["step_conversion"].iloc[-1], 1e-4),
                "That is the step conversion of the last step (purchase / add_to_cart). Overall conversion divides by "
                "the users at the FIRST step (visit).",
                "这是最后一步的分步转化率（购买 / 加购）。总转化率的分母是第一步（访问）的用户数。"),
        Mistake(lambda a, e: _close(a, _funnel(tuple(SIGNUP_STEPS), WEEK)["overall_conversion"].iloc[-1], 1e-4),
                "You started the funnel at signup. The question starts at visit, so anonymous visitors count too.",
                "你把漏斗的起点设成了注册。题目从访问开始，所以匿名访客也要算进来。"),
    ],
    hints=[
        "funnel.ordered_funnel(events, steps, window=pd.Timedelta(days=7)) returns one row per step.",
        "Overall conversion is in the column overall_conversion; take the last row (.iloc[-1]).",
    ],
    solution="""
steps = ["visit", "signup", "activate", "add_to_cart", "purchase"]
f7 = funnel.ordered_funnel(events, steps, window=pd.Timedelta(days=7))
answer_1 = float(f7["overall_conversion"].iloc[-1])
""",
    explanation_en="About one visitor in five buys within a week of the first visit. Without the window the figure "
                   "is higher, because slow buyers count too: always say which window you used.",
    explanation_zh="大约五分之一的访客在首次访问后一周内购买。不设窗口时数字更高，因为慢慢才买的人也被算进来了：报告转化率时一定要注明窗口。",
)


# --------------------------------------------------------------------------- q2: viral coefficient
def _k_parts() -> tuple[int, int, int, int]:
    ev, users = _events(), _users()
    n_users = len(users)
    shares = int((ev["event"] == "share").sum())
    sharers = int(ev.loc[ev["event"] == "share", "user_id"].nunique())
    referred = int(users["referrer_id"].notna().sum())
    return n_users, shares, sharers, referred


def _q2_expected() -> float:
    from playbook_lib import funnel

    n_users, shares, _, referred = _k_parts()
    return funnel.viral_coefficient(shares / n_users, referred / shares)


q2 = Exercise(
    "02.2",
    "Viral coefficient K (裂变系数) from our data: K = invites per user x invite conversion, where invites per user "
    "= share events / registered users (all rows of b2c_users) and invite conversion = referral signups (users with "
    "a referrer_id) / share events. Give K as a number.",
    "用我们的数据计算裂变系数 K：K = 人均邀请数 × 邀请转化率，其中人均邀请数 = 分享事件数 / 注册用户数（b2c_users 全部行），"
    "邀请转化率 = 被推荐注册的用户数（有 referrer_id 的用户）/ 分享事件数。请给出 K 的数值。",
    _q2_expected,
    rtol=1e-4,
    mistakes=[
        Mistake(lambda a, e: _close(a, 100 * e, 1e-4),
                "That is K in percent; K is a plain number (new users each user brings), e.g. 0.07, not 7.",
                "这是百分数形式；K 是一个普通数字（每个用户带来的新用户数），例如 0.07 而不是 7。"),
        Mistake(lambda a, e: _close(a, _k_parts()[3] / _k_parts()[2], 1e-4),
                "You divided by the users who shared (sharers) instead of all registered users. K is per user: "
                "people who never share still count in the average.",
                "你用分享过的用户数做了分母，而不是全部注册用户。K 是人均值：从不分享的用户也要算进平均数。"),
        Mistake(lambda a, e: _close(a, _k_parts()[1] / _k_parts()[0], 1e-4),
                "That is only invites per user. Multiply by the invite conversion (referral signups / shares): "
                "an invite that nobody accepts brings no one.",
                "这只是人均邀请数。还要乘以邀请转化率（被推荐注册数 / 分享数）：没人接受的邀请带不来新用户。"),
        Mistake(lambda a, e: _close(a, _k_parts()[3] / _k_parts()[1], 1e-4),
                "That is only the invite conversion (referral signups per share). Multiply by invites per user.",
                "这只是邀请转化率（每次分享带来的注册数）。还要乘以人均邀请数。"),
    ],
    hints=[
        "Share events: (events['event'] == 'share').sum(); referral signups: users['referrer_id'].notna().sum().",
        "funnel.viral_coefficient(invites_per_user, invite_conversion) multiplies the two for you.",
    ],
    solution="""
shares = int((events["event"] == "share").sum())
referred = int(users["referrer_id"].notna().sum())
answer_2 = funnel.viral_coefficient(shares / len(users), referred / shares)
""",
    explanation_en="K is far below the critical value 1: sharing adds a few percent on top of paid acquisition "
                   "(amplification 1/(1-K)), it does not grow the shop by itself.",
    explanation_zh="K 远低于临界值 1：分享只能在付费拉新之上再放大几个百分点（放大倍数 1/(1-K)），无法单靠裂变让店铺自行增长。",
)


# --------------------------------------------------------------------------- q3: largest drop-off
def _q3_expected() -> str:
    f = _funnel(tuple(SIGNUP_STEPS), WEEK)
    return str(f.loc[f["drop_off"].idxmax(), "step"])


def _lowest_step_conversion() -> str:
    f = _funnel(tuple(SIGNUP_STEPS), WEEK)
    return str(f.loc[f["step_conversion"].iloc[1:].idxmin(), "step"])


def _event_count_drop() -> str:
    f = _funnel(tuple(SIGNUP_STEPS), None, "events")
    return str(f.loc[f["drop_off"].idxmax(), "step"])


def _step_before_expected() -> str:
    f = _funnel(tuple(SIGNUP_STEPS), WEEK)
    return str(f["step"].iloc[int(f["drop_off"].idxmax()) - 1])


def _norm(a: Any) -> str:
    return " ".join(str(a).lower().split())


q3 = Exercise(
    "02.3",
    "Largest drop-off (流失最多的一步): in the ordered funnel signup -> activate -> add_to_cart -> purchase with a "
    "7-day window, which step loses the most USERS? Name the step they failed to reach (the row of the drop_off "
    "column), as a string such as 'purchase'.",
    "流失最多的一步：在 7 天窗口的有序漏斗 注册 → 激活 → 加购 → 购买 中，哪一步流失的用户数最多？"
    "请写出用户没能到达的那一步（即 drop_off 列所在的行），用字符串表示，例如 'purchase'。",
    _q3_expected,
    kind="exact",
    mistakes=[
        Mistake(lambda a, e: _norm(a) == _lowest_step_conversion() != e,
                "That step has the lowest step conversion (a rate), but the question asks which step loses the most "
                "users (a count). A big step with a good rate can still lose more people.",
                "这一步的分步转化率最低（比率），但题目问的是流失用户数最多的一步（人数）。基数大的一步即使转化率不错，流失的人也可能更多。"),
        Mistake(lambda a, e: _norm(a) == _step_before_expected() != e,
                "You named the step users dropped FROM. Name the step they failed to reach: drop_off is reported "
                "on that step's row.",
                "你写的是用户流失之前所在的那一步。请写出他们没能到达的那一步：drop_off 记在那一步的行上。"),
        Mistake(lambda a, e: _norm(a) == _event_count_drop() != e,
                "You counted events (count='events'): repeat purchases and carts make that funnel meaningless. "
                "Count users.",
                "你统计的是事件数（count='events'）：复购和多次加购让这种漏斗失去意义。请统计用户。"),
    ],
    hints=[
        "funnel.ordered_funnel(events, steps, window=pd.Timedelta(days=7)) has a drop_off column.",
        "f.loc[f['drop_off'].idxmax(), 'step'] picks the step with the largest drop-off.",
    ],
    solution="""
f_signup = funnel.ordered_funnel(events, ["signup", "activate", "add_to_cart", "purchase"],
                                 window=pd.Timedelta(days=7))
answer_3 = f_signup.loc[f_signup["drop_off"].idxmax(), "step"]
""",
    explanation_en="Activation (促活) loses the most people, even though add_to_cart has the lower step rate: fix the "
                   "first experience after signup before polishing the cart.",
    explanation_zh="激活（促活）这一步流失的人最多，尽管加购的分步转化率更低：先改善注册后的首次体验，再去打磨购物车。",
)


# --------------------------------------------------------------------------- q4: by channel
def _q4_expected() -> pd.Series:
    return _channel_conversion(MONTH)


q4 = Exercise(
    "02.4",
    "Conversion by channel (分渠道转化): for each signup channel, the share of users who go signup -> activate -> "
    "add_to_cart -> purchase in order within 30 days of signup. Give a pandas Series indexed by channel (the five "
    "channels of b2c_users, no missing label) with shares between 0 and 1.",
    "分渠道转化：对每个注册渠道，计算在注册后 30 天内按顺序完成 注册 → 激活 → 加购 → 购买 的用户占比。"
    "请给出以渠道为索引的 pandas Series（b2c_users 的五个渠道，不含缺失值），数值为 0 到 1 之间的小数。",
    _q4_expected,
    kind="series",
    rtol=1e-4,
    mistakes=[
        Mistake(lambda a, e: _series_close(a / 100, e, 1e-4),
                "Those are percents; give shares between 0 and 1.",
                "这些是百分数；请给出 0 到 1 之间的小数。"),
        Mistake(lambda a, e: _series_close(a, _channel_conversion(None), 1e-4),
                "You forgot the 30-day window: slow buyers from two years ago count as converted that way.",
                "你忘了 30 天窗口：这样两年后才购买的用户也被算作转化了。"),
        Mistake(lambda a, e: _series_close(a, _channel_conversion(WEEK), 1e-4),
                "That is the 7-day window; the question asks for 30 days.",
                "这是 7 天窗口的结果；题目要求 30 天。"),
        Mistake(lambda a, e: _series_close(a, _channel_conversion(MONTH, tuple(SHOP_STEPS)), 1e-4),
                "You started at visit; the question starts at signup (a visitor has no channel until signing up).",
                "你从访问开始计算；题目从注册开始（访客在注册前没有渠道信息）。"),
        Mistake(lambda a, e: isinstance(a, pd.Series) and len(a) == len(e) + 1,
                "There is one label too many: drop the group of anonymous visitors (missing channel).",
                "多了一个标签：请去掉渠道缺失的匿名访客组。"),
    ],
    hints=[
        "Add the channel to the events first: events['user_id'].map(users.set_index('user_id')['channel']).",
        "ordered_funnel(..., segment_col='channel') gives one funnel per channel; keep the purchase rows.",
    ],
    solution="""
ev_ch = events.assign(channel=events["user_id"].map(users.set_index("user_id")["channel"]))
by_ch = funnel.ordered_funnel(ev_ch, ["signup", "activate", "add_to_cart", "purchase"],
                              window=pd.Timedelta(days=30), segment_col="channel")
answer_4 = by_ch[by_ch["step"] == "purchase"].dropna(subset=["channel"]).set_index("channel")["overall_conversion"]
""",
    explanation_en="Referral and search-ads signups convert best; social and influencer signups convert worst. "
                   "Friends' invitations bring people who already trust the shop.",
    explanation_zh="推荐（裂变）和搜索广告渠道的注册用户转化最好，社交和达人渠道最差。朋友邀请来的人本来就更信任这家店。",
)

EXERCISES = [q1, q2, q3, q4]
