from django import template

from staffroom.appraisal import rules

register = template.Library()


@register.filter
def academic_year(year_start, school) -> str:
    """2026 → “2026/27” for a school whose year starts in September."""
    try:
        return rules.year_label(school, int(year_start))
    except (TypeError, ValueError):
        return ""
