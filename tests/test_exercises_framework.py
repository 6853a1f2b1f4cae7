"""The exercise framework gives the right verdict and the specific feedback for each kind of answer."""

from __future__ import annotations

import pandas as pd
import pytest

from playbook_lib.exercises import Exercise, Mistake

CALLS: list[int] = []


def _expected() -> float:
    CALLS.append(1)
    return 0.25


def make(kind="number", expected=_expected, **kw) -> Exercise:
    return Exercise("t.1", "q", "题", expected, kind=kind, **kw)


def test_number_right_wrong_and_tolerance():
    q = make(rtol=1e-3)
    assert q.evaluate(0.25).passed
    assert q.evaluate(0.25002).passed
    assert not q.evaluate(0.3).passed
    assert "not the expected answer" in q.evaluate(0.3).en


def test_expected_is_computed_once():
    CALLS.clear()
    q = make()
    q.evaluate(0.1)
    q.evaluate(0.2)
    assert len(CALLS) == 1


def test_specific_mistake_message_wins_over_generic():
    q = make(mistakes=[Mistake(lambda a, e: abs(a - 100 * e) < 1e-9, "Give a share, not a percent.", "请用小数而不是百分数。")])
    fb = q.evaluate(25.0)
    assert not fb.passed and fb.en == "Give a share, not a percent." and fb.zh == "请用小数而不是百分数。"


def test_wrong_type_messages():
    q = make()
    assert "single number" in q.evaluate(pd.Series([0.25])).en
    assert "should be a number" in q.evaluate("0.25").en
    assert not q.evaluate(True).passed


def test_unanswered_is_not_a_failure_message():
    fb = make().evaluate(...)
    assert not fb.passed and not fb.answered and "No answer yet" in fb.en
    assert str(fb).startswith("✋")


def test_series_ignores_order_but_not_values():
    exp = pd.Series({"a": 1.0, "b": 2.0})
    q = make("series", lambda: exp)
    assert q.evaluate(pd.Series({"b": 2.0, "a": 1.0})).passed
    assert not q.evaluate(pd.Series({"a": 1.0, "b": 3.0})).passed
    assert not q.evaluate(pd.Series({"a": 1.0})).passed
    assert "Series" in q.evaluate(exp.to_frame()).en


def test_frame_and_set_and_exact():
    exp = pd.DataFrame({"x": [1, 2]}, index=["p", "q"])
    qf = make("frame", lambda: exp)
    assert qf.evaluate(exp.iloc[::-1]).passed
    assert not qf.evaluate(exp * 2).passed
    qs = make("set", lambda: ["Champions", "Loyal"])
    assert qs.evaluate({"loyal", "champions"}).passed
    assert not qs.evaluate({"loyal"}).passed
    qe = make("exact", lambda: "key_person_referral")
    assert qe.evaluate(" Key_Person_Referral ").passed
    assert not qe.evaluate("tender").passed


def test_printing_helpers(capsys):
    q = make(hints=["first", "second"], solution="answer = 0.25")
    q.check(0.25)
    q.hint()
    q.hint()
    q.hint()
    q.solution()
    q.question()
    out = capsys.readouterr().out
    assert "✅ Correct." in out and "正确" in out
    assert "Hint 1/2: first" in out and "Hint 2/2: second" in out and out.count("Hint 1/2") == 2
    assert "answer = 0.25" in out and "练习 t.1" in out


def test_bad_kind_rejected():
    with pytest.raises(ValueError, match="kind"):
        make("fuzzy")
