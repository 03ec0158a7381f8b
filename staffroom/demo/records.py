"""Demo portable records: qualifications for the Oakfield teacher (so the exported record has a certificate to
carry) and each demo school's retention periods. Written through staffroom.records services, once: a second run
finds them and adds nothing."""

import datetime

from django.core.files.base import ContentFile

from staffroom.accounts.models import Membership
from staffroom.records import dataprotection, services
from staffroom.records.models import Qualification, RecordType, RetentionAction, RetentionPolicy

from .pdf import minimal_pdf

QUALIFICATIONS = [
    ("Qualified Teacher Status", "Department for Education", datetime.date(2016, 7, 15), False),
    ("National Professional Qualification for Leading Teaching", "Ambition Institute", datetime.date(2024, 7, 5), True),
]
# Months to keep each type of record before the nightly run acts; types not listed are kept.
RETENTION = {
    RecordType.AUDIT: (72, RetentionAction.ANONYMISE),
    RecordType.LEAVERS: (72, RetentionAction.ANONYMISE),
}


def seed_records(schools) -> None:
    teacher = Membership.objects.select_related("user", "school").filter(user__email="teacher@oakfield.example").first()
    if teacher is not None and not Qualification.objects.filter(school=teacher.school, owner=teacher.user).exists():
        for title, body, awarded_on, with_certificate in QUALIFICATIONS:
            certificate = None
            if with_certificate:
                certificate = ContentFile(
                    minimal_pdf([title, f"Awarded to {teacher.user.display_name}", f"{body}, {awarded_on:%B %Y}"]),
                    name="npq-certificate.pdf",
                )
            services.add_qualification(
                actor=teacher.user,
                school=teacher.school,
                title=title,
                awarding_body=body,
                awarded_on=awarded_on,
                certificate=certificate,
            )
    for school in schools:
        if RetentionPolicy.objects.filter(school=school).exists():
            continue
        dataprotection.save_retention(
            actor=None,
            school=school,
            periods={value: RETENTION.get(value, (None, RetentionAction.DELETE)) for value in RecordType.values},
        )
