"""Server-rendered SVG charts. Each chart's numbers are also shown in a table beside it."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    target: Decimal | None = None


@dataclass(frozen=True)
class PlacedBar:
    label: str
    value: Decimal
    target: Decimal | None
    y: int
    width: float
    target_x: float | None
    value_x: float


@dataclass(frozen=True)
class HorizontalBarChart:
    title: str
    unit: str
    bars: list[PlacedBar]
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    scale_max: Decimal


LABEL_WIDTH = 190
PLOT_WIDTH = 360
ROW_HEIGHT = 44
BAR_HEIGHT = 24


def horizontal_bars(*, title: str, unit: str, bars: list[Bar], label_width: int = LABEL_WIDTH) -> HorizontalBarChart:
    scale_max = max([b.value for b in bars] + [b.target for b in bars if b.target is not None] + [Decimal(1)])
    placed = []
    for index, bar in enumerate(bars):
        width = float(bar.value / scale_max) * PLOT_WIDTH
        placed.append(
            PlacedBar(
                label=bar.label,
                value=bar.value,
                target=bar.target,
                y=index * ROW_HEIGHT + 10,
                width=round(width, 1),
                target_x=round(label_width + float(bar.target / scale_max) * PLOT_WIDTH, 1)
                if bar.target is not None
                else None,
                value_x=round(label_width + width + 6, 1),
            )
        )
    return HorizontalBarChart(
        title=title,
        unit=unit,
        bars=placed,
        width=label_width + PLOT_WIDTH + 90,
        height=len(bars) * ROW_HEIGHT + 16,
        label_width=label_width,
        plot_width=PLOT_WIDTH,
        bar_height=BAR_HEIGHT,
        scale_max=scale_max,
    )


# Trend (line) charts: one or more series over ordered periods, optionally with a target line.

# Dark enough for 3:1 against white (WCAG non-text contrast); series also differ by dash and marker shape.
SERIES_STYLES = [
    ("#1d4f91", ""),
    ("#b03a2e", "6 4"),
    ("#1e6b3a", "2 3"),
    ("#6a3d9a", "10 3 2 3"),
    ("#8a5a00", "4 2"),
]


@dataclass(frozen=True)
class TrendSeries:
    label: str
    values: list  # one Decimal or None per period, aligned with the chart's periods


@dataclass(frozen=True)
class PlacedPoint:
    x: float
    y: float
    value: Decimal
    period: str


@dataclass(frozen=True)
class PlacedSeries:
    label: str
    colour: str
    dash: str
    marker: str  # "circle" or "square"
    path: str
    points: list[PlacedPoint]


@dataclass(frozen=True)
class Tick:
    label: str
    pos: float
    second_line: str = ""


@dataclass(frozen=True)
class TrendRow:
    period: str
    values: list


@dataclass(frozen=True)
class TrendChart:
    title: str
    unit: str
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    bottom: int
    right: int
    series: list[PlacedSeries]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    target_y: float | None
    target: Decimal | None
    periods: list[str]
    has_data: bool
    rows: list[TrendRow]


TREND_LEFT = 56
TREND_TOP = 16
TREND_PLOT_WIDTH = 480
TREND_PLOT_HEIGHT = 220


def _x_ticks(periods: list[str], x_at) -> list[Tick]:
    """Labels break before their last word ("Autumn" / "2025/26"); with many periods only some are labelled,
    the table beside the chart having every one."""
    every = max(1, -(-len(periods) // 8))
    ticks = []
    for index, period in enumerate(periods):
        if index % every:
            continue
        first, _sep, last = period.rpartition(" ")
        ticks.append(Tick(label=first or last, second_line=last if first else "", pos=x_at(index)))
    return ticks


def _y_ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    step = (high - low) / 4
    return [low + step * i for i in range(5)]


def trend_chart(
    *,
    title: str,
    unit: str,
    periods: list[str],
    series: list[TrendSeries],
    low: Decimal,
    high: Decimal,
    target: Decimal | None = None,
) -> TrendChart:
    """Lines over periods on a fixed low–high scale (a metric's valid range), so changes are not exaggerated."""
    if high <= low:
        high = low + 1
    span = high - low
    count = max(len(periods), 1)
    gap = TREND_PLOT_WIDTH / count

    def x_at(index: int) -> float:
        return round(TREND_LEFT + gap * index + gap / 2, 1)

    def y_at(value: Decimal) -> float:
        clamped = min(max(value, low), high)
        return round(TREND_TOP + TREND_PLOT_HEIGHT - float((clamped - low) / span) * TREND_PLOT_HEIGHT, 1)

    placed = []
    for index, line in enumerate(series):
        colour, dash = SERIES_STYLES[index % len(SERIES_STYLES)]
        points = [
            PlacedPoint(x=x_at(i), y=y_at(v), value=v, period=periods[i])
            for i, v in enumerate(line.values)
            if v is not None
        ]
        path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
        placed.append(
            PlacedSeries(
                label=line.label,
                colour=colour,
                dash=dash,
                marker="circle" if index % 2 == 0 else "square",
                path=path,
                points=points,
            )
        )
    return TrendChart(
        title=title,
        unit=unit,
        width=TREND_LEFT + TREND_PLOT_WIDTH + 16,
        height=TREND_TOP + TREND_PLOT_HEIGHT + 48,
        left=TREND_LEFT,
        top=TREND_TOP,
        plot_width=TREND_PLOT_WIDTH,
        plot_height=TREND_PLOT_HEIGHT,
        bottom=TREND_TOP + TREND_PLOT_HEIGHT,
        right=TREND_LEFT + TREND_PLOT_WIDTH,
        series=placed,
        x_ticks=_x_ticks(periods, x_at),
        y_ticks=[
            Tick(label=f"{t.normalize():f}" if t == t.to_integral() else f"{t:.1f}", pos=y_at(t))
            for t in _y_ticks(low, high)
        ],
        target_y=y_at(target) if target is not None else None,
        target=target,
        periods=periods,
        has_data=any(s.points for s in placed),
        rows=[TrendRow(period=p, values=[line.values[i] for line in series]) for i, p in enumerate(periods)],
    )
