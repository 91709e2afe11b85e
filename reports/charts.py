"""Charts drawn on the server as SVG, so they need no script and print as they look.

Each chart is an image with a title and a text description for screen readers,
and sits beside a table holding the same figures. Suppressed figures are not
drawn; the chart says "fewer than 5" where the bar would be.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from reports.tables import SUPPRESSED

INK = "#0b0c0c"
BAR = "#1d70b8"
TRACK = "#f3f2f1"
GRID = "#b1b4b6"


@dataclass
class BarChart:
    """Horizontal bars, one per row: a label and a percentage (None when suppressed)."""

    id: str
    title: str
    description: str
    bars: list[tuple[str, float | None]]
    unit: str = "%"
    maximum: float = 100.0

    def svg(self):
        width, label_height, bar_height, gap = 480, 20, 20, 14
        row_height = label_height + bar_height + gap
        height = max(row_height * len(self.bars), row_height)
        maximum = self.maximum or 1
        rows = []
        for index, (label, value) in enumerate(self.bars):
            y = index * row_height
            bar_y = y + label_height + 2
            text = SUPPRESSED if value is None else f"{value:.0f}{self.unit}"
            length = 0 if value is None else max(0.0, min(1.0, value / maximum)) * (width - 110)
            rows.append(
                format_html(
                    '<text x="0" y="{}" fill="{}" font-size="15">{}</text>'
                    '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" fill="{}" font-size="14">{}</text>',
                    y + 15,
                    INK,
                    _shorten(label, 56),
                    bar_y,
                    width - 110,
                    bar_height,
                    TRACK,
                    bar_y,
                    _n(length),
                    bar_height,
                    BAR,
                    _n(length + 6),
                    bar_y + 15,
                    INK,
                    text,
                )
            )
        return _frame(self, width, height, mark_safe("".join(rows)))  # noqa: S308 - built from format_html


@dataclass
class LineChart:
    """One line over time: (label, value) points in order; None leaves a gap."""

    id: str
    title: str
    description: str
    points: list[tuple[str, float | None]]
    unit: str = ""
    maximum: float | None = None

    def svg(self):
        width, height, left, bottom, top = 480, 220, 44, 36, 12
        plot_w, plot_h = width - left - 12, height - bottom - top
        values = [v for _, v in self.points if v is not None]
        maximum = self.maximum or max(values + [1])
        count = max(len(self.points) - 1, 1)
        parts = []
        for fraction in (0, 0.5, 1):
            y = top + plot_h * (1 - fraction)
            parts.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                    '<text x="{}" y="{}" fill="{}" font-size="12" text-anchor="end">{}</text>',
                    left,
                    width - 12,
                    _n(y),
                    _n(y),
                    GRID,
                    left - 6,
                    _n(y + 4),
                    INK,
                    f"{maximum * fraction:.0f}{self.unit}",
                )
            )
        coords = []
        for index, (label, value) in enumerate(self.points):
            x = left + plot_w * index / count
            if index % max(1, len(self.points) // 6) == 0 or index == len(self.points) - 1:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" fill="{}" font-size="12" text-anchor="{}">{}</text>',
                        _n(x),
                        height - 12,
                        INK,
                        "start" if index == 0 else "end" if index == len(self.points) - 1 else "middle",
                        label,
                    )
                )
            if value is None:
                coords.append(None)
                continue
            y = top + plot_h * (1 - value / maximum if maximum else 1)
            coords.append((x, y))
            parts.append(format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', _n(x), _n(y), BAR))
        segments, current = [], []
        for point in coords:
            if point is None:
                if len(current) > 1:
                    segments.append(current)
                current = []
            else:
                current.append(point)
        if len(current) > 1:
            segments.append(current)
        for segment in segments:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>',
                    " ".join(f"{x:.1f},{y:.1f}" for x, y in segment),
                    BAR,
                )
            )
        return _frame(self, width, height, mark_safe("".join(parts)))  # noqa: S308 - built from format_html


def _n(value) -> str:
    """A coordinate as text: format_html escapes its arguments, so numbers are formatted first."""
    return f"{value:.1f}"


def _shorten(label, limit=70):
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _frame(chart, width, height, body):
    return format_html(
        '<svg class="report-chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart.id,
        w=width,
        h=height,
        title=chart.title,
        desc=chart.description,
        body=body,
    )


def describe_bars(bars) -> str:
    shown = [f"{label}: {SUPPRESSED if value is None else f'{value:.0f}%'}" for label, value in bars]
    return "; ".join(shown) if shown else "No figures for these filters."
