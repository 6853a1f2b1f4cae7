"""One look for every chart in the course, plus the chart types the notebooks share.

Call :func:`use_course_style` once at the top of a notebook (importing this module changes
nothing by itself). Every chart function takes a ``title`` and axis labels *with units*, draws on
the given ``ax`` (or a new one) and returns the axes, so a cell can add to it.

B2C (QiaoShop) is always drawn in :data:`B2C_COLOR` and B2B (QiaoSign) in :data:`B2B_COLOR`, so
a learner can tell the two lines of business apart at a glance in every notebook.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from playbook_lib import plotting
>>> plotting.use_course_style()
>>> ax = plotting.funnel_chart(["visit", "signup"], [100, 40], title="Funnel", xlabel="users")
>>> ax.get_title(loc="left")
'Funnel'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter

__all__ = [
    "B2C_COLOR",
    "B2B_COLOR",
    "NEUTRAL",
    "POSITIVE",
    "NEGATIVE",
    "PALETTE",
    "LINE_COLORS",
    "use_course_style",
    "finish",
    "month_axis",
    "cny_axis",
    "percent_axis",
    "funnel_chart",
    "waterfall_chart",
    "cohort_heatmap",
    "activity_heatmap",
    "bar_chart",
]

B2C_COLOR = "#E4572E"  # warm coral: consumers
B2B_COLOR = "#1D4E89"  # deep blue: businesses
NEUTRAL = "#8D99AE"
POSITIVE = "#2A9D8F"
NEGATIVE = "#C8553D"
PALETTE = [B2B_COLOR, B2C_COLOR, "#2A9D8F", "#E9C46A", "#6D597A", "#8AB17D", "#F4A261", "#577590", "#B56576", "#4D908E"]
LINE_COLORS = {"b2c": B2C_COLOR, "b2b": B2B_COLOR, "B2C": B2C_COLOR, "B2B": B2B_COLOR}

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def use_course_style() -> None:
    """Apply the course's chart style (seaborn whitegrid, course palette, readable sizes, PNG output)."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", palette=PALETTE, font_scale=1.0)
    mpl.rcParams.update(
        {
            "figure.figsize": (8.0, 4.2),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelsize": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "figure.constrained_layout.use": True,
            "svg.hashsalt": "playbook",
        }
    )


def _ax(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=figsize)
    return new


def finish(ax: Axes, *, title: str, xlabel: str | None = None, ylabel: str | None = None, note: str | None = None) -> Axes:
    """Set title and axis labels (say the unit: "orders (count)", "revenue (CNY)"); optional small note.

    >>> import matplotlib.pyplot as plt
    >>> _, ax = plt.subplots()
    >>> finish(ax, title="T", xlabel="month", ylabel="users (count)").get_ylabel()
    'users (count)'
    >>> finish(ax, title="客单价")
    Traceback (most recent call last):
    ...
    ValueError: title '客单价' contains Chinese characters, which the default chart fonts cannot draw; keep chart text in English and put the Chinese term in the markdown or table beside it
    """
    for name, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel), ("note", note)):
        if text and _CJK.search(text):
            raise ValueError(
                f"{name} {text!r} contains Chinese characters, which the default chart fonts cannot draw; "
                "keep chart text in English and put the Chinese term in the markdown or table beside it"
            )
    ax.set_title(title, loc="left")
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if note:
        ax.annotate(note, xy=(0, -0.02), xycoords="axes fraction", xytext=(0, -28), textcoords="offset points",
                    fontsize=8, color="#555555", va="top")
    return ax


def _cny(v: float, _pos: int | None = None) -> str:
    a = abs(v)
    if a >= 1e6:
        return f"¥{v / 1e6:.1f}M"
    if a >= 1e3:
        return f"¥{v / 1e3:.0f}k"
    return f"¥{v:.0f}"


def month_axis(ax: Axes, axis: str = "x", *, every: int = 6) -> Axes:
    """Date axis with a tick every ``every`` months, labelled YYYY-MM (no overlapping labels)."""
    import matplotlib.dates as mdates

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, every)))
    target.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    return ax


def cny_axis(ax: Axes, axis: str = "y") -> Axes:
    """Format an axis as CNY (¥1.2M, ¥35k, ¥89)."""
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(FuncFormatter(_cny))
    return ax


def percent_axis(ax: Axes, axis: str = "y", *, xmax: float = 1.0, decimals: int = 0) -> Axes:
    """Format an axis holding shares (0..1) as percentages."""
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(xmax=xmax, decimals=decimals))
    return ax


def funnel_chart(
    steps: Sequence[str],
    users: Sequence[float],
    *,
    title: str,
    xlabel: str = "users (count)",
    color: str = B2C_COLOR,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal funnel: one bar per step, labelled with the count, step and overall conversion.

    Parameters
    ----------
    steps, users : sequences of equal length
        Step names in order and the number reaching each.
    title, xlabel : str
        Chart title and x-axis label (with unit).
    color : str
        Bar colour (B2C_COLOR or B2B_COLOR).
    ax : matplotlib Axes, optional
    """
    steps = [str(s) for s in steps]
    vals = np.asarray(users, dtype=float)
    if len(steps) != len(vals) or len(vals) == 0:
        raise ValueError("steps and users must be non-empty and of equal length")
    ax = _ax(ax, (8.0, 0.55 * len(steps) + 1.4))
    y = np.arange(len(steps))[::-1]
    ax.barh(y, vals, color=color, alpha=0.9)
    top = vals[0] if vals[0] else 1.0
    for i, (yy, v) in enumerate(zip(y, vals)):
        step = "" if i == 0 else f" · {v / vals[i - 1]:.0%} of previous" if vals[i - 1] else ""
        ax.text(v + top * 0.01, yy, f"{v:,.0f} ({v / top:.1%}){step}", va="center", fontsize=9)
    ax.set_yticks(y, steps)
    ax.set_xlim(0, top * 1.45)
    ax.grid(axis="y", visible=False)
    return finish(ax, title=title, xlabel=xlabel)


def waterfall_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    ylabel: str,
    start: tuple[str, float] | None = None,
    end_label: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Waterfall: optional starting bar, then one floating bar per change, then the end total.

    >>> import matplotlib.pyplot as plt
    >>> ax = waterfall_chart(["new", "churn"], [30, -10], start=("Jan", 100), end_label="Feb",
    ...                      title="MRR bridge", ylabel="MRR (CNY)")
    >>> [round(p.get_height()) for p in ax.patches]
    [100, 30, -10, 120]
    """
    vals = np.asarray(values, dtype=float)
    ax = _ax(ax, (8.0, 4.2))
    names: list[str] = []
    level = 0.0
    if start is not None:
        names.append(start[0])
        level = float(start[1])
        ax.bar(0, level, color=NEUTRAL)
    x0 = len(names)
    for i, (lab, v) in enumerate(zip(labels, vals)):
        ax.bar(x0 + i, v, bottom=level, color=POSITIVE if v >= 0 else NEGATIVE)
        ax.text(x0 + i, level + max(v, 0) , f"{v:+,.0f}", ha="center", va="bottom", fontsize=8)
        level += v
        names.append(str(lab))
    if end_label is not None:
        ax.bar(len(names), level, color=NEUTRAL)
        names.append(end_label)
    ax.set_xticks(range(len(names)), names, rotation=0)
    ax.axhline(0, color="#333333", lw=0.8)
    return finish(ax, title=title, ylabel=ylabel)


def cohort_heatmap(
    matrix: pd.DataFrame,
    *,
    title: str,
    xlabel: str = "periods since first activity",
    ylabel: str = "cohort",
    cmap: str = "Blues",
    annot: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of a cohort × period matrix of shares; NaN (not observable yet) cells stay blank.

    >>> import pandas as pd
    >>> m = pd.DataFrame([[1.0, 0.5], [1.0, float("nan")]], index=["2024-01", "2024-02"])
    >>> cohort_heatmap(m, title="Retention").get_title(loc="left")
    'Retention'
    """
    import seaborn as sns

    ax = _ax(ax, (min(14.0, 1.0 + 0.45 * matrix.shape[1]), min(12.0, 1.2 + 0.3 * matrix.shape[0])))
    data = matrix.astype(float)
    data.index = [str(i) for i in data.index]
    # fixed label steps (about 24 columns and 30 rows labelled at most): readable, and seaborn does
    # not need an extra draw to decide which labels fit
    x_step = max(1, -(-data.shape[1] // 24))
    y_step = max(1, -(-data.shape[0] // 30))
    sns.heatmap(data, ax=ax, cmap=cmap, vmin=0, vmax=1, mask=data.isna(), annot=annot and data.size <= 400,
                fmt=".0%", annot_kws={"fontsize": 7}, cbar_kws={"format": PercentFormatter(1.0), "label": "share active"},
                linewidths=0.3, linecolor="white", xticklabels=x_step, yticklabels=y_step)
    ax.grid(False)  # blank (not yet observable) cells must stay blank
    ax.tick_params(axis="y", labelrotation=0, labelsize=8)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel)


def activity_heatmap(
    timestamps: pd.Series,
    *,
    title: str,
    cmap: str = "Reds",
    normalize: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Weekday × hour-of-day heatmap of when things happen (share of all events if ``normalize``).

    >>> import pandas as pd
    >>> ts = pd.Series(pd.to_datetime(["2024-01-01 09:30", "2024-01-06 21:10"]))
    >>> activity_heatmap(ts, title="When").get_ylabel()
    'day of week'
    """
    import seaborn as sns

    t = pd.to_datetime(timestamps)
    counts = np.zeros((7, 24))
    np.add.at(counts, (t.dt.day_of_week.to_numpy(), t.dt.hour.to_numpy()), 1)
    data = pd.DataFrame(counts / counts.sum() if normalize and counts.sum() else counts, index=_WEEKDAYS, columns=range(24))
    ax = _ax(ax, (9.0, 3.4))
    sns.heatmap(data, ax=ax, cmap=cmap, xticklabels=1, yticklabels=1,  # fixed labels: no redraw to fit them
                cbar_kws={"label": "share of events" if normalize else "events (count)",
                                                  "format": PercentFormatter(1.0, decimals=1) if normalize else None})
    ax.set_yticklabels(_WEEKDAYS, rotation=0)
    return finish(ax, title=title, xlabel="hour of day (local time)", ylabel="day of week")


def bar_chart(
    values: pd.Series,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    color: str | Sequence[str] = B2B_COLOR,
    horizontal: bool = False,
    fmt: str = "{:,.0f}",
    ax: Axes | None = None,
) -> Axes:
    """Bar chart of a Series (index = categories) with value labels.

    >>> import pandas as pd
    >>> bar_chart(pd.Series({"a": 1, "b": 2}), title="T", xlabel="x", ylabel="y (count)").get_xlabel()
    'x'
    """
    ax = _ax(ax)
    labels = [str(i) for i in values.index]
    if horizontal:
        bars = ax.barh(labels[::-1], values.to_numpy()[::-1], color=color)
        ax.grid(axis="y", visible=False)
    else:
        bars = ax.bar(labels, values.to_numpy(), color=color)
        ax.grid(axis="x", visible=False)
    ax.bar_label(bars, labels=[fmt.format(v) for v in (values.to_numpy()[::-1] if horizontal else values.to_numpy())],
                 fontsize=8, padding=2)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel)
