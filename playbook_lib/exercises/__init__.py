"""Self-checking exercises for the notebooks (the learntools pattern, without depending on it).

Each notebook has a module ``playbook_lib.exercises.nbNN`` that defines its exercises. An
:class:`Exercise` knows how to compute its expected answer *from the data with the course
helpers* (never a typed-in number), compares the learner's answer with it, and gives specific
feedback in English and Chinese for the usual wrong answers.

In a notebook::

    from playbook_lib.exercises import nb02
    q1 = nb02.q1
    q1.question()          # what to do
    answer = ...           # your code
    q1.check(answer)       # ✅ / ❌ with feedback in English and Chinese
    q1.hint()              # one hint at a time
    q1.solution()          # the reference solution, as code

In tests, :meth:`Exercise.evaluate` returns a :class:`Feedback` without printing.

Examples
--------
>>> q = Exercise(
...     "demo", "What is 6 x 7?", "6 乘 7 等于多少？", expected=lambda: 42,
...     mistakes=[Mistake(lambda a, e: a == 13, "You added instead of multiplying.", "你做了加法而不是乘法。")],
...     hints=["Multiply."], solution="answer = 6 * 7")
>>> q.evaluate(42).passed
True
>>> q.check(13)
❌ Not quite. You added instead of multiplying.
   不太对。你做了加法而不是乘法。
>>> q.check(None)
✋ No answer yet: replace the ... with your code, run the cell, then check again.
   还没有作答：把 ... 换成你的代码，运行后再检查。
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Exercise", "Mistake", "Feedback", "data_table"]

_UNANSWERED_EN = "No answer yet: replace the ... with your code, run the cell, then check again."
_UNANSWERED_ZH = "还没有作答：把 ... 换成你的代码，运行后再检查。"
_GENERIC_EN = "That is not the expected answer. Re-read the question, or call .hint() for a nudge."
_GENERIC_ZH = "与预期答案不符。请再读一遍题目，或调用 .hint() 获取提示。"


@lru_cache(maxsize=None)
def data_table(name: str) -> pd.DataFrame:
    """One shared copy of a course table for the exercise checks, loaded on first use.

    Every exercise module reads its data through this, so a table is parsed once per kernel
    however many exercises check against it. Treat the frame as read-only.
    """
    from playbook_lib import datasets

    return datasets.load(name)


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: ``when(answer, expected)`` recognises it; ``en``/``zh`` explain it."""

    when: Callable[[Any, Any], bool]
    en: str
    zh: str


@dataclass(frozen=True)
class Feedback:
    """Result of checking an answer."""

    passed: bool
    en: str
    zh: str
    answered: bool = True

    def __str__(self) -> str:
        mark = "✅" if self.passed else ("❌" if self.answered else "✋")
        if self.passed:
            head_en, head_zh = "Correct.", "正确！"
        elif self.answered:
            head_en, head_zh = "Not quite.", "不太对。"
        else:
            head_en, head_zh = "", ""
        en = f"{head_en} {self.en}".strip()
        zh = f"{head_zh}{self.zh}".strip()
        return f"{mark} {en}\n   {zh}"


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


class Exercise:
    """One exercise with a data-derived expected answer and bilingual feedback.

    Parameters
    ----------
    name : str
        Short id shown in messages, e.g. ``"02.1"``.
    prompt_en, prompt_zh : str
        The question in English and Chinese.
    expected : callable
        Zero-argument function that computes the reference answer with the course helpers.
        Called once, lazily, then cached.
    kind : {"number", "series", "frame", "exact", "set"}
        How answers are compared. ``number``: within ``rtol``/``atol``; ``series``/``frame``:
        same index/columns (order ignored) and values within tolerance; ``exact``: ``==`` (strings
        compared case- and space-insensitively); ``set``: same elements, order ignored.
    rtol, atol : float
        Tolerances for numbers, series and frames.
    mistakes : sequence of Mistake
        Checked in order when the answer is wrong; the first that matches gives the feedback.
    hints : sequence of str
        Shown one at a time by :meth:`hint`.
    solution : str
        Reference solution as code, shown by :meth:`solution`; the notebooks run it in a
        solution cell so the test suite proves it passes.
    explanation_en, explanation_zh : str
        Shown with a correct answer: why it is right / what it means.
    """

    def __init__(self, name: str, prompt_en: str, prompt_zh: str, expected: Callable[[], Any], *, kind: str = "number",
                 rtol: float = 1e-6, atol: float = 1e-9, mistakes: Sequence[Mistake] = (), hints: Sequence[str] = (),
                 solution: str = "", explanation_en: str = "", explanation_zh: str = "") -> None:
        if kind not in {"number", "series", "frame", "exact", "set"}:
            raise ValueError(f"kind must be one of number, series, frame, exact, set; got {kind!r}")
        self.name, self.prompt_en, self.prompt_zh, self.expected = name, prompt_en, prompt_zh, expected
        self.kind, self.rtol, self.atol = kind, rtol, atol
        self.mistakes, self.hints, self.solution_code = tuple(mistakes), tuple(hints), solution
        self.explanation_en, self.explanation_zh = explanation_en, explanation_zh
        self._cache, self._hint_i = [], 0

    # -- the reference answer -------------------------------------------------------------
    def expected_value(self) -> Any:
        """The reference answer, computed from the data on first use."""
        if not self._cache:
            self._cache.append(self.expected())
        return self._cache[0]

    # -- comparing ------------------------------------------------------------------------
    def _shape_problem(self, answer: Any) -> tuple[str, str] | None:
        if self.kind == "number" and not _is_number(answer):
            if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
                return ("The answer should be a single number, but you gave a collection; pick the one value "
                        "(e.g. with .iloc[0], .loc[...] or a sum).", "答案应是一个数字，而你给的是一组数；请取出那一个值。")
            return (f"The answer should be a number, got {type(answer).__name__}.", f"答案应是数字，而不是 {type(answer).__name__}。")
        if self.kind == "series" and not isinstance(answer, pd.Series):
            return (f"The answer should be a pandas Series, got {type(answer).__name__}.",
                    f"答案应是 pandas Series，而不是 {type(answer).__name__}。")
        if self.kind == "frame" and not isinstance(answer, pd.DataFrame):
            return (f"The answer should be a pandas DataFrame, got {type(answer).__name__}.",
                    f"答案应是 pandas DataFrame，而不是 {type(answer).__name__}。")
        return None

    def _equal(self, answer: Any, expected: Any) -> bool:
        if self.kind == "number":
            return bool(math.isclose(float(answer), float(expected), rel_tol=self.rtol, abs_tol=self.atol))
        if self.kind == "series":
            if set(map(str, answer.index)) != set(map(str, expected.index)):
                return False
            a = pd.Series(answer.to_numpy(), index=answer.index.map(str))
            e = pd.Series(expected.to_numpy(), index=expected.index.map(str))
            a = a.reindex(e.index)
            return _values_close(a.to_numpy(), e.to_numpy(), self.rtol, self.atol)
        if self.kind == "frame":
            if set(map(str, answer.columns)) != set(map(str, expected.columns)) or len(answer) != len(expected):
                return False
            if set(map(str, answer.index)) != set(map(str, expected.index)):
                return False
            a = answer.set_axis(answer.columns.map(str), axis=1).set_axis(answer.index.map(str), axis=0)
            e = expected.set_axis(expected.columns.map(str), axis=1).set_axis(expected.index.map(str), axis=0)
            a = a.loc[e.index, e.columns]
            return all(_values_close(a[c].to_numpy(), e[c].to_numpy(), self.rtol, self.atol) for c in e.columns)
        if self.kind == "set":
            try:
                return {_norm(x) for x in answer} == {_norm(x) for x in expected}
            except TypeError:
                return False
        return _norm(answer) == _norm(expected)

    def evaluate(self, answer: Any) -> Feedback:
        """Compare ``answer`` with the expected answer and return the feedback (no printing)."""
        if _unanswered(answer):
            return Feedback(False, _UNANSWERED_EN, _UNANSWERED_ZH, answered=False)
        expected = self.expected_value()
        problem = self._shape_problem(answer)
        if problem is None:
            try:
                ok = self._equal(answer, expected)
            except (TypeError, ValueError, KeyError):
                ok = False
            if ok:
                return Feedback(True, self.explanation_en, self.explanation_zh)
        for m in self.mistakes:
            try:
                hit = bool(m.when(answer, expected))
            except Exception:  # noqa: BLE001 - a mistake detector must never crash a check
                hit = False
            if hit:
                return Feedback(False, m.en, m.zh)
        if problem is not None:
            return Feedback(False, *problem)
        return Feedback(False, _GENERIC_EN, _GENERIC_ZH)

    # -- what the learner calls -----------------------------------------------------------
    def check(self, answer: Any) -> None:
        """Print whether ``answer`` is right, with specific feedback in English and Chinese."""
        print(self.evaluate(answer))

    def question(self) -> None:
        """Print the question in English and Chinese."""
        print(f"Exercise {self.name}: {self.prompt_en}\n练习 {self.name}：{self.prompt_zh}")

    def hint(self) -> None:
        """Print the next hint (they cycle)."""
        if not self.hints:
            print("No hints for this one: try the solution if you are stuck. / 本题没有提示。")
            return
        i = self._hint_i % len(self.hints)
        self._hint_i += 1
        print(f"Hint {i + 1}/{len(self.hints)}: {self.hints[i]}")

    def solution(self) -> None:
        """Print the reference solution code."""
        print(f"Solution {self.name} / 参考答案:\n{self.solution_code.strip()}")

    def __repr__(self) -> str:
        return f"Exercise({self.name!r}: {self.prompt_en})"


def _norm(x: Any) -> Any:
    if isinstance(x, str):
        return " ".join(x.lower().split())
    if isinstance(x, (np.generic,)):
        return x.item()
    return x


def _values_close(a: np.ndarray, e: np.ndarray, rtol: float, atol: float) -> bool:
    if len(a) != len(e):
        return False
    if pd.api.types.is_numeric_dtype(np.asarray(e).dtype) and pd.api.types.is_numeric_dtype(np.asarray(a).dtype):
        af, ef = np.asarray(a, dtype=float), np.asarray(e, dtype=float)
        return bool(np.allclose(af, ef, rtol=rtol, atol=atol, equal_nan=True))
    return [_norm(x) for x in a] == [_norm(x) for x in e]
