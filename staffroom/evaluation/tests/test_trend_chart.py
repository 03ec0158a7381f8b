from decimal import Decimal

from staffroom.core.charts import TrendSeries, trend_chart


def test_trend_chart_uses_the_metric_range_and_keeps_gaps():
    chart = trend_chart(
        title="Attendance",
        unit="%",
        periods=["Autumn 2025/26", "Spring 2025/26", "Summer 2025/26"],
        series=[TrendSeries("Whole school", [Decimal(0), None, Decimal(100)])],
        low=Decimal(0),
        high=Decimal(100),
        target=Decimal(50),
    )
    first, last = chart.series[0].points
    assert first.y == chart.bottom and last.y == chart.top
    assert chart.target_y == (chart.top + chart.bottom) / 2
    assert [row.values for row in chart.rows] == [[Decimal(0)], [None], [Decimal(100)]]
    assert (chart.x_ticks[0].label, chart.x_ticks[0].second_line) == ("Autumn", "2025/26")


def test_many_periods_label_only_some_ticks_but_the_table_has_all():
    periods = [f"Term {n}" for n in range(24)]
    chart = trend_chart(
        title="t",
        unit="",
        periods=periods,
        series=[TrendSeries("a", [Decimal(1)] * 24)],
        low=Decimal(0),
        high=Decimal(2),
    )
    assert len(chart.x_ticks) <= 8 and len(chart.rows) == 24


def test_values_outside_the_range_stay_inside_the_plot():
    chart = trend_chart(
        title="t", unit="", periods=["a"], series=[TrendSeries("a", [Decimal(500)])], low=Decimal(0), high=Decimal(10)
    )
    assert chart.series[0].points[0].y == chart.top
