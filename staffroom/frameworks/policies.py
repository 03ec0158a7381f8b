"""Rules about what may be done with frameworks."""

from .models import Framework


def can_be_adopted(*, framework: Framework) -> bool:
    # A school's choices are read through current versions only, so adopting a superseded version would
    # silently offer the school nothing.
    return framework.is_current
