"""Academic years and terms start in the month each school chooses."""

import datetime
import zoneinfo

import pytest

from staffroom.organisations.calendar import academic_year, academic_year_starting, school_today, term, terms
from staffroom.organisations.models import School

D = datetime.date


@pytest.mark.parametrize(
    ("day", "start_month", "start", "end", "label"),
    [
        (D(2025, 8, 31), 9, D(2024, 9, 1), D(2025, 8, 31), "2024/25"),
        (D(2025, 9, 1), 9, D(2025, 9, 1), D(2026, 8, 31), "2025/26"),
        (D(2026, 2, 28), 9, D(2025, 9, 1), D(2026, 8, 31), "2025/26"),
        (D(2025, 1, 1), 1, D(2025, 1, 1), D(2025, 12, 31), "2025"),
        (D(2025, 12, 31), 1, D(2025, 1, 1), D(2025, 12, 31), "2025"),
        (D(2024, 2, 29), 2, D(2024, 2, 1), D(2025, 1, 31), "2024/25"),
        (D(2025, 1, 31), 2, D(2024, 2, 1), D(2025, 1, 31), "2024/25"),
    ],
)
def test_the_academic_year_holding_a_day(day, start_month, start, end, label):
    year = academic_year(day, start_month)
    assert (year.start, year.end, year.label) == (start, end, label)
    assert day in year


@pytest.mark.parametrize("start_month", range(1, 13))
def test_terms_cover_the_year_without_gaps_or_overlaps(start_month):
    year = academic_year_starting(2025, start_month)
    parts = terms(year)

    assert [p.label.split(" term")[0] for p in parts] == ["Autumn", "Spring", "Summer"]
    assert parts[0].start == year.start
    assert parts[-1].end == year.end
    for before, after in zip(parts, parts[1:], strict=False):
        assert after.start == before.end + datetime.timedelta(days=1)
    day = year.start
    while day <= year.end:
        assert sum(day in p for p in parts) == 1, day
        assert term(day, start_month) in parts
        day += datetime.timedelta(days=1)


def test_english_terms_fall_where_schools_expect():
    autumn, spring, summer = terms(academic_year_starting(2025, 9))
    assert (autumn.start, autumn.end) == (D(2025, 9, 1), D(2025, 12, 31))
    assert (spring.start, spring.end) == (D(2026, 1, 1), D(2026, 3, 31))
    assert (summer.start, summer.end) == (D(2026, 4, 1), D(2026, 8, 31))
    assert term(D(2026, 2, 14), 9).label == "Spring term 2025/26"


def test_today_is_the_schools_own_date(monkeypatch):
    # 23:30 in London on 31 August is already 1 September in Auckland: a new academic year there.
    london_evening = datetime.datetime(2025, 8, 31, 22, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: london_evening)

    assert school_today(School(time_zone="Europe/London")) == D(2025, 8, 31)
    assert school_today(School(time_zone="Pacific/Auckland")) == D(2025, 9, 1)
    assert zoneinfo.ZoneInfo("Pacific/Auckland") == School(time_zone="Pacific/Auckland").tz
