from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    TEACHING_ASSISTANT = "teaching_assistant", _("Teaching assistant")
    SUPPORT_STAFF = "support_staff", _("Support staff")
    MIDDAY_STAFF = "midday_staff", _("Midday staff")
    MIDDLE_LEADER = "middle_leader", _("Middle leader")
    SENIOR_LEADER = "senior_leader", _("Senior leader")
    HEADTEACHER = "headteacher", _("Headteacher")
    GOVERNOR = "governor", _("Governor")
    CPD_COORDINATOR = "cpd_coordinator", _("CPD coordinator")
    SCHOOL_ADMIN = "school_admin", _("School admin")
    EXTERNAL_ADVISER = "external_adviser", _("External adviser")


class NetworkRole(models.TextChoices):
    NETWORK_LEAD = "network_lead", _("Network lead")
    NETWORK_CPD_LEAD = "network_cpd_lead", _("Network CPD lead")
    SPECIALIST_LEADER = "specialist_leader", _("Specialist leader (SLE/LLE)")


class StaffGroup(models.TextChoices):
    TEACHERS = "teachers", _("Teachers")
    TEACHING_ASSISTANTS = "teaching_assistants", _("Teaching assistants")
    SUPPORT = "support", _("Support staff")
    MIDDAY = "midday", _("Midday staff")
    GOVERNANCE = "governance", _("Governors")


# The first matching role decides the group, so a teacher who is also CPD coordinator counts as a teacher.
_GROUP_BY_ROLE = [
    (SchoolRole.HEADTEACHER, StaffGroup.TEACHERS),
    (SchoolRole.SENIOR_LEADER, StaffGroup.TEACHERS),
    (SchoolRole.MIDDLE_LEADER, StaffGroup.TEACHERS),
    (SchoolRole.TEACHER, StaffGroup.TEACHERS),
    (SchoolRole.TEACHING_ASSISTANT, StaffGroup.TEACHING_ASSISTANTS),
    (SchoolRole.MIDDAY_STAFF, StaffGroup.MIDDAY),
    (SchoolRole.SUPPORT_STAFF, StaffGroup.SUPPORT),
    (SchoolRole.SCHOOL_ADMIN, StaffGroup.SUPPORT),
    (SchoolRole.CPD_COORDINATOR, StaffGroup.TEACHERS),
    (SchoolRole.GOVERNOR, StaffGroup.GOVERNANCE),
    (SchoolRole.EXTERNAL_ADVISER, StaffGroup.GOVERNANCE),
]


def staff_group_for(roles) -> StaffGroup:
    roles = set(roles)
    for role, group in _GROUP_BY_ROLE:
        if role in roles:
            return group
    return StaffGroup.SUPPORT


ADMIN_ROLES = frozenset({SchoolRole.SCHOOL_ADMIN, SchoolRole.HEADTEACHER})
SCHOOL_OVERVIEW_ROLES = frozenset({SchoolRole.HEADTEACHER, SchoolRole.CPD_COORDINATOR, SchoolRole.SENIOR_LEADER})
