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


def horizontal_bars(*, title: str, unit: str, bars: list[Bar]) -> HorizontalBarChart:
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
                target_x=round(LABEL_WIDTH + float(bar.target / scale_max) * PLOT_WIDTH, 1)
                if bar.target is not None
                else None,
                value_x=round(LABEL_WIDTH + width + 6, 1),
            )
        )
    return HorizontalBarChart(
        title=title,
        unit=unit,
        bars=placed,
        width=LABEL_WIDTH + PLOT_WIDTH + 90,
        height=len(bars) * ROW_HEIGHT + 16,
        label_width=LABEL_WIDTH,
        plot_width=PLOT_WIDTH,
        bar_height=BAR_HEIGHT,
        scale_max=scale_max,
    )
