"""Charts drawn to PNG bytes, the same bytes for the same data.

Every chart is drawn on its own ``Figure`` (no pyplot state) under fixed rc settings: size, DPI,
the DejaVu fonts matplotlib ships, a fixed hash salt, and no ``Software`` entry in the PNG.
"""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.typing import RcKeyType

# Okabe–Ito: distinguishable with the common colour-vision deficiencies, and in print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MUTED = "#B8C4CE"
WIDTH_INCHES = 8.0
LEGEND_CHARACTERS = 85  # a legend line longer than this wraps
DPI = 100

STYLE: dict[RcKeyType, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E3E8EC",
    "axes.axisbelow": True,
    "legend.frameon": False,
    "svg.hashsalt": "courte-echelle",
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
}


@dataclass(frozen=True)
class Chart:
    """One drawn chart: its file stem, its alternative text and its PNG bytes."""

    name: str
    alt: str
    png: bytes

    @property
    def data_uri(self) -> str:
        """The PNG as a ``data:`` URI, so the HTML page needs no other file."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def bar_chart(
    *,
    name: str,
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    value_label: str,
    stacked: bool = False,
    annotations: Sequence[str] | None = None,
    colours: Mapping[str, str] | None = None,
    integer_values: bool = True,
) -> Chart:
    """Horizontal bars, one row per label (top to bottom), one colour per series.

    ``colours`` pins a series' colour (the same policy the same colour in every chart);
    ``integer_values`` ticks the value axis at whole numbers only (counts, euros).
    """
    height = min(1.2 + 0.32 * len(labels) * (1 if stacked else max(1, len(series)) ** 0.5), 14)
    with mpl.rc_context(STYLE):
        figure, axes = _figure(height)
        positions = list(range(len(labels)))[::-1]
        count = len(series)
        thickness = 0.75 if stacked or count == 1 else 0.8 / count
        left = [0.0] * len(labels)
        for k, (key, values) in enumerate(series.items()):
            colour = MUTED if stacked and k == count - 1 and count > 1 else PALETTE[k % 8]
            colour = (colours or {}).get(key, colour)
            offsets = [p + (count - 1) / 2 * thickness - k * thickness for p in positions]
            axes.barh(
                positions if stacked or count == 1 else offsets,
                list(values),
                height=thickness,
                left=left if stacked else None,
                color=colour,
                label=key,
            )
            if stacked:
                left = [a + b for a, b in zip(left, values, strict=True)]
        written = []
        ends = left if stacked else [max(v) for v in zip(*series.values(), strict=True)]
        for position, end, text in zip(positions, ends, annotations or (), strict=False):
            written.append(
                axes.annotate(
                    text,
                    (end, position),
                    xytext=(4, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=9,
                )
            )
        axes.set_yticks(positions, [_short(label) for label in labels])
        axes.grid(axis="y", visible=False)
        # At most 7 ticks: values with thousands separators need the room.
        steps = [1, 2, 2.5, 5, 10]
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=steps, integer=integer_values))
        axes.xaxis.set_major_formatter(_thousands())
        axes.set_xlabel(value_label)
        axes.margins(y=0.5 / max(len(labels), 1))
        _titles(figure, axes, title, series)
        if written:
            _room_for(figure, axes, written, ends)
        return Chart(name, title, _png(figure))


def _room_for(figure: Figure, axes: Axes, written: list[Annotation], ends: Sequence[float]) -> None:
    """Widen the value axis so that the text after each bar ends inside the axes."""
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    width = axes.bbox.width
    low, high = axes.get_xlim()
    low = min(low, 0.0)
    needed = max(high, low + 1.0)
    for text, end in zip(written, ends, strict=True):
        # Over limits (low, X) a bar ending at `end` stops at (end - low) / (X - low) of the
        # width; its text follows.
        room = width - text.get_window_extent(renderer).width - 12
        if room > 0 and end > low:
            needed = max(needed, low + (end - low) * width / room)
    axes.set_xlim(low, needed)


def line_chart(
    *,
    name: str,
    title: str,
    x: Sequence[float] | Sequence[date],
    series: Mapping[str, Sequence[float]],
    x_label: str,
    y_label: str,
    intervals: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None = None,
    reference: tuple[str, float] | None = None,
    integer_y: bool = True,
    colours: Mapping[str, str] | None = None,
) -> Chart:
    """Lines over a shared x axis (numbers or dates).

    ``intervals`` adds (low, high) bars to the named series; ``reference`` a labelled dashed
    horizontal line (the base a sweep is compared with).
    """
    with mpl.rc_context(STYLE):
        figure, axes = _figure(4.2)
        dates = [v for v in x if isinstance(v, date)]
        numbers = [float(v) for v in x if not isinstance(v, date)]
        xs = [float(v.toordinal()) for v in dates] if dates else numbers
        for k, (key, values) in enumerate(series.items()):
            colour = (colours or {}).get(key, PALETTE[k % 8])
            marker = "o" if len(xs) <= 25 else None
            axes.plot(xs, list(values), color=colour, marker=marker, label=key, linewidth=2)
            if intervals and key in intervals:
                low, high = intervals[key]
                below = [v - lo for v, lo in zip(values, low, strict=True)]
                above = [hi - v for v, hi in zip(values, high, strict=True)]
                axes.errorbar(
                    xs, list(values), yerr=[below, above], fmt="none", ecolor=colour, capsize=4
                )
        if reference is not None:
            axes.axhline(
                reference[1], color="#5b6b78", linestyle="--", linewidth=1.2, label=reference[0]
            )
        if dates:
            _month_ticks(axes, dates)
        else:
            axes.xaxis.set_major_formatter(_thousands())
        if integer_y:
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(_thousands())
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        _titles(figure, axes, title, series)
        return Chart(name, title, _png(figure))


def _month_ticks(axes: Axes, dates: list[date]) -> None:
    """A tick on the first of each month, named by the month (and the year in January)."""
    months = []
    day = date(dates[0].year, dates[0].month, 1)
    while day <= dates[-1]:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    months = [m for m in months if m >= dates[0]] or months[:1]
    labels = [m.strftime("%b %Y" if m.month == 1 or m == months[0] else "%b") for m in months]
    axes.set_xticks([float(m.toordinal()) for m in months], labels)


def _figure(height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _titles(figure: Figure, axes: Axes, title: str, series: Mapping[str, object]) -> None:
    """Title at the top left of the figure, legend below it: neither hides data or labels."""
    figure.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    handles, labels = axes.get_legend_handles_labels()
    if len(labels) > 1:
        # About 90 characters fit across the figure; a colour key takes five more.
        labels = [textwrap.fill(label, LEGEND_CHARACTERS) for label in labels]
        longest = max(len(line) for label in labels for line in label.splitlines())
        columns = max(1, min(len(labels), 5, (LEGEND_CHARACTERS + 5) // (longest + 5)))
        figure.legend(handles, labels, loc="outside lower center", ncols=columns)


def _short(label: str, width: int = 38) -> str:
    """Tick labels longer than ``width`` characters end with an ellipsis (tables keep all)."""
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def _thousands() -> FuncFormatter:
    return FuncFormatter(lambda value, _: f"{value:,.0f}" if value == int(value) else f"{value:,}")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # No "Software" text chunk: the PNG bytes must not change with the matplotlib version.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
