"""Who gets what from every appraisal address.

Reading an appraisal is for its appraisee, its reviewers and the head; everyone else gets 404, exactly as for an
appraisal that does not exist. Running the cycle is for the head and senior leaders (403 for other staff), and
managing cycles never opens anyone's appraisal.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staffroom.appraisal import services
from staffroom.appraisal.models import Reviewer, Stage
from staffroom.learning.models import Evidence

from .conftest import objective_data

pytestmark = pytest.mark.django_db

ROLES = [
    "appraisee",
    "appraiser",
    "head",
    "other_staff",
    "cpd_coordinator",
    "school_admin",
    "network_lead",
    "other_schools_head",
    "senior_leader",
]
MEMBER_FOR_ROLE = {
    "appraisee": "teacher",
    "appraiser": "appraiser",
    "head": "head",
    "other_staff": "other",
    "cpd_coordinator": "cpd",
    "school_admin": "admin",
    "network_lead": "network_lead",
    "other_schools_head": "river_head",
    "senior_leader": "senior",
}
OK = {200, 302}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    target: str  # which object's pk goes in the address
    allowed: tuple  # roles that get through (200 or 302)
    expected: dict = field(default_factory=dict)  # other roles: their status; 404 unless listed
    data: dict = field(default_factory=dict)


READERS = ("appraisee", "appraiser", "head")
WRITERS = ("appraisee", "appraiser")
LEADERS = ("head", "senior_leader")
NOT_LEADERS = {r: 403 for r in ROLES if r not in ("head", "senior_leader", "other_schools_head")}


def _except(roles, status, *allowed):
    return {r: status for r in roles if r not in allowed}


CASES = [
    Case("overview", "get", "", tuple(ROLES)),
    Case("detail", "get", "appraisal", READERS),
    Case("self_review", "get", "appraisal", READERS),
    Case("access_log", "get", "appraisal", READERS),
    Case("record_pdf", "get", "appraisal", READERS),
    Case("evidence_file", "get", "file", READERS),
    Case("objective_detail", "get", "objective", READERS),
    Case("review", "get", "review", READERS),
    Case("objective_create", "get", "appraisal", WRITERS, {"head": 403}),
    Case("objective_edit", "get", "objective", WRITERS, {"head": 403}),
    Case("objective_check_in", "post", "objective", WRITERS, {"head": 403}, {"text": "Going well."}),
    Case("objective_status", "post", "objective", WRITERS, {"head": 403}, {"status": "achieved"}),
    Case("objective_carry_over", "post", "objective", WRITERS, {"head": 403}),
    Case("self_review", "post", "appraisal", ("appraisee",), {"appraiser": 403, "head": 403}, {"summary": "x"}),
    Case("review_notes", "post", "review", WRITERS, {"head": 403}, {"x": "1"}),
    Case("review_record", "post", "review", WRITERS, {"head": 403}, {"x": "1"}),
    Case("review_sign", "post", "review", WRITERS, {"head": 403}),
    Case("review_approve", "post", "review", ("head",), {"appraisee": 403, "appraiser": 403}),
    Case("review_outcome", "post", "end_review", ("appraiser",), {"appraisee": 403, "head": 403}),
    # Running the cycle. Another school's head runs their own school's cycle, but Oakfield's rows are 404 to them.
    Case("cycle", "get", "", (*LEADERS, "other_schools_head"), NOT_LEADERS),
    Case("cycle_create", "post", "", (*LEADERS, "other_schools_head"), NOT_LEADERS, {"year_start": "2000"}),
    Case("cycle_settings", "post", "cycle", LEADERS, NOT_LEADERS),
    Case("stage_add", "post", "cycle", LEADERS, NOT_LEADERS),
    Case("stage_edit", "get", "stage", LEADERS, NOT_LEADERS),
    Case("stage_remove", "post", "stage", LEADERS, NOT_LEADERS),
    Case("outcome_add", "post", "", (*LEADERS, "other_schools_head"), NOT_LEADERS, {"text": "Objectives met"}),
    Case("outcome_remove", "post", "statement", LEADERS, NOT_LEADERS),
    Case("appraisals_create", "post", "cycle", LEADERS, NOT_LEADERS, {"everyone": "1"}),
    Case("appraisers_save", "post", "cycle", LEADERS, NOT_LEADERS),
    Case("appraisers_line_managers", "post", "cycle", LEADERS, NOT_LEADERS),
    Case("reviewers", "get", "appraisal", LEADERS, NOT_LEADERS),
    Case("reviewer_remove", "post", "reviewer", LEADERS, NOT_LEADERS),
    Case(
        "needs",
        "get",
        "",
        (*LEADERS, "cpd_coordinator", "other_schools_head"),
        _except(ROLES, 403, *LEADERS, "cpd_coordinator", "other_schools_head"),
    ),
    Case(
        "needs_csv",
        "get",
        "",
        (*LEADERS, "cpd_coordinator", "other_schools_head"),
        _except(ROLES, 403, *LEADERS, "cpd_coordinator", "other_schools_head"),
    ),
]


def _targets(oak, objective):
    activity_file = Evidence.objects.create(
        school=oak.school,
        activity=objective.evidence.get(),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=10,
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x"),
    )
    statement = services.add_outcome_statement(actor=oak.head.user, school=oak.school, text="Objectives met")
    oak.cycle.outcome_statements_enabled = True
    oak.cycle.save()
    return {
        "appraisal": {"pk": oak.appraisal.pk},
        "objective": {"pk": objective.pk},
        "review": {"pk": oak.review().pk},
        "end_review": {"pk": oak.review(Stage.Kind.END_OF_YEAR).pk},
        "file": {"pk": oak.appraisal.pk, "file_pk": activity_file.pk},
        "cycle": {"pk": oak.cycle.pk},
        "stage": {"pk": oak.review().stage_id},
        "statement": {"pk": statement.pk},
        "reviewer": {"pk": Reviewer.objects.get(appraisal=oak.appraisal).pk},
        "": {},
    }


MATRIX = [(case, role) for case in CASES for role in ROLES]


@pytest.mark.parametrize(("case", "role"), MATRIX, ids=[f"{c.method}-{c.name}-{role}" for c, role in MATRIX])
def test_every_appraisal_address_for_every_role(oak, activity, login, case, role):
    objective = services.add_objective(
        actor=oak.teacher.user, appraisal=oak.appraisal, data=objective_data(evidence=[activity])
    )
    kwargs = _targets(oak, objective)[case.target]
    client = login(getattr(oak, MEMBER_FOR_ROLE[role]))
    url = reverse(f"appraisal:{case.name}", kwargs=kwargs)

    response = getattr(client, case.method)(url, case.data)

    if role in case.allowed:
        assert response.status_code in OK, f"{role} should get through to {url}, got {response.status_code}"
    else:
        assert response.status_code == case.expected.get(role, 404), f"{role} at {url}"


def test_every_appraisal_route_is_in_the_matrix():
    from staffroom.appraisal.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {c.name for c in CASES}


HEAD_PAGES = ["detail", "self_review", "access_log", "record_pdf"]
HEAD_READERS = {"head": 200, "governor": 200, "adviser": 200}
HEAD_OTHERS = ["other_governor", "senior", "cpd", "appraiser", "admin", "river_head"]


@pytest.mark.parametrize("page", HEAD_PAGES)
@pytest.mark.parametrize("member", [*HEAD_READERS, *HEAD_OTHERS])
def test_the_heads_appraisal_is_read_by_the_head_the_panel_and_the_adviser_only(oak, login, page, member):
    client = login(getattr(oak, member))

    response = client.get(reverse(f"appraisal:{page}", args=[oak.head_appraisal.pk]))

    assert response.status_code == HEAD_READERS.get(member, 404)


def test_the_heads_own_objectives_and_reviews_are_closed_to_other_staff(oak, login):
    objective = services.add_objective(
        actor=oak.head.user, appraisal=oak.head_appraisal, data=objective_data(title="HEAD-SECRET wellbeing")
    )
    review = oak.review(appraisal=oak.head_appraisal)
    for member in (oak.senior, oak.cpd, oak.other_governor, oak.admin):
        client = login(member)
        assert client.get(reverse("appraisal:objective_detail", args=[objective.pk])).status_code == 404
        assert client.get(reverse("appraisal:review", args=[review.pk])).status_code == 404
    for member in (oak.governor, oak.adviser):
        body = login(member).get(reverse("appraisal:objective_detail", args=[objective.pk])).content.decode()
        assert "HEAD-SECRET wellbeing" in body


@pytest.mark.parametrize("member", ["river_teacher", "river_head"])
def test_riverside_gets_404_on_oakfield_appraisal_addresses(oak, login, member, objective):
    client = login(getattr(oak, member))
    review = oak.review()
    for url in (
        reverse("appraisal:detail", args=[oak.appraisal.pk]),
        reverse("appraisal:objective_detail", args=[objective.pk]),
        reverse("appraisal:review", args=[review.pk]),
        reverse("appraisal:self_review", args=[oak.appraisal.pk]),
        reverse("appraisal:access_log", args=[oak.appraisal.pk]),
        reverse("appraisal:record_pdf", args=[oak.appraisal.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_404_for_someone_elses_appraisal_looks_like_one_that_does_not_exist(oak, login):
    client = login(oak.other)

    mine_not = client.get(reverse("appraisal:detail", args=[oak.appraisal.pk]))
    nobody = client.get(reverse("appraisal:detail", args=[999999]))

    assert mine_not.status_code == nobody.status_code == 404

    def page(response):
        # The CSRF token differs on every response; nothing else may.
        body = re.sub(r'X-CSRFToken": "[^"]+"', "", response.content.decode())
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)

    assert page(mine_not) == page(nobody)
