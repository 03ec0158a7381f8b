"""Academic years and terms, which start in the month each school chooses."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    label: str
    start: datetime.date
    end: datetime.date  # inclusive

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    return day.replace(year=day.year + month_index // 12, month=month_index % 12 + 1, day=1)


def academic_year(day: datetime.date, start_month: int) -> Period:
    start_year = day.year if day.month >= start_month else day.year - 1
    start = datetime.date(start_year, start_month, 1)
    end = _add_months(start, 12) - datetime.timedelta(days=1)
    label = f"{start.year}/{str(end.year)[-2:]}" if end.year != start.year else str(start.year)
    return Period(label=label, start=start, end=end)


def academic_year_starting(start_year: int, start_month: int) -> Period:
    return academic_year(datetime.date(start_year, start_month, 1), start_month)


# Terms follow the English pattern of autumn (4 months), spring (3) and summer (5, holiday included),
# counted from the school's own start month so that southern-hemisphere schools work too.
_TERM_LENGTHS = ((4, "autumn"), (3, "spring"), (5, "summer"))


def terms(year: Period) -> list[Period]:
    names = {"autumn": _("Autumn term"), "spring": _("Spring term"), "summer": _("Summer term")}
    result = []
    start = year.start
    for months, key in _TERM_LENGTHS:
        end = _add_months(start, months) - datetime.timedelta(days=1)
        result.append(Period(label=f"{names[key]} {year.label}", start=start, end=end))
        start = end + datetime.timedelta(days=1)
    return result


def term(day: datetime.date, start_month: int) -> Period:
    return next(t for t in terms(academic_year(day, start_month)) if day in t)


def school_today(school) -> datetime.date:
    return timezone.now().astimezone(school.tz).date()
