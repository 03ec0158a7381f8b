"""Every URL in the project, and what a visitor who is not logged in gets from it.

The table must name every route: a new URL without an entry here fails `test_the_table_covers_every_route`, so
nobody adds a page without deciding who may see it. The same routes are then tried as a logged-in teacher and
head, with ids that do not exist or are not numbers, and none of them may answer with a server error.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.testing.factories import SchoolFactory, UserFactory, make_member

LOGIN = "to login"  # 302 to the app's login page, with ?next= back to the page
ADMIN_LOGIN = "to admin login"  # 302 to django-admin's own login page


@dataclass(frozen=True)
class Route:
    anonymous: int | str
    kwargs: dict = field(default_factory=dict)
    redirect_to: str = ""  # for a plain 302: the page it goes to


def _to(name):
    return Route(302, redirect_to=name)


URL_TABLE: dict[str, Route] = {
    # Staffroom itself.
    "home": Route(LOGIN),
    "healthz": Route(200),
    "accounts:staff_list": Route(LOGIN),
    "accounts:invite": Route(LOGIN),
    "accounts:staff_import": Route(LOGIN),
    "accounts:member_detail": Route(LOGIN, {"pk": 1}),
    "accounts:member_set_active": Route(LOGIN, {"pk": 1}),
    "accounts:accept_invitation": Route(410, {"token": "not-a-real-token"}),
    "accounts:switch_school": Route(LOGIN),
    "accounts:profile": Route(LOGIN),
    "organisations:school_settings": Route(LOGIN),
    "organisations:departments": Route(LOGIN),
    "organisations:department_remove": Route(LOGIN, {"pk": 1}),
    "frameworks:list": Route(LOGIN),
    "frameworks:detail": Route(LOGIN, {"slug": "teachers-standards-england"}),
    "frameworks:choose": Route(LOGIN),
    "learning:list": Route(LOGIN),
    "learning:create": Route(LOGIN),
    "learning:shared": Route(LOGIN),
    "learning:export_csv": Route(LOGIN),
    "learning:export_pdf": Route(LOGIN),
    "learning:detail": Route(LOGIN, {"pk": 1}),
    "learning:edit": Route(LOGIN, {"pk": 1}),
    "learning:delete": Route(LOGIN, {"pk": 1}),
    "learning:evidence": Route(LOGIN, {"pk": 1}),
    "learning:evidence_remove": Route(LOGIN, {"pk": 1}),
    "learning:follow_up": Route(LOGIN, {"pk": 1}),
    "learning:follow_up_postpone": Route(LOGIN, {"pk": 1}),
    "observation:list": Route(LOGIN),
    "observation:invite": Route(LOGIN),
    "observation:detail": Route(LOGIN, {"pk": 1}),
    "observation:write": Route(LOGIN, {"pk": 1}),
    "observation:decline": Route(LOGIN, {"pk": 1}),
    "observation:withdraw": Route(LOGIN, {"pk": 1}),
    "observation:conversation": Route(LOGIN, {"pk": 1}),
    "observation:sharing": Route(LOGIN, {"pk": 1}),
    "observation:file_upload": Route(LOGIN, {"pk": 1}),
    "observation:file": Route(LOGIN, {"pk": 1}),
    "observation:file_remove": Route(LOGIN, {"pk": 1}),
    "observation:templates": Route(LOGIN),
    "observation:template_create": Route(LOGIN),
    "observation:template_edit": Route(LOGIN, {"pk": 1}),
    "observation:walks": Route(LOGIN),
    "observation:walk_create": Route(LOGIN),
    "observation:walk_detail": Route(LOGIN, {"pk": 1}),
    "observation:walk_edit": Route(LOGIN, {"pk": 1}),
    "observation:coaching": Route(LOGIN),
    "observation:pair_create": Route(LOGIN),
    "observation:pair_detail": Route(LOGIN, {"pk": 1}),
    "observation:session_create": Route(LOGIN, {"pk": 1}),
    "observation:pair_end": Route(LOGIN, {"pk": 1}),
    "observation:steps": Route(LOGIN),
    "observation:step_create": Route(LOGIN),
    "observation:slots": Route(LOGIN),
    "observation:slot_create": Route(LOGIN),
    "observation:slot_detail": Route(LOGIN, {"pk": 1}),
    "observation:slot_book": Route(LOGIN, {"pk": 1}),
    "observation:slot_cancel": Route(LOGIN, {"pk": 1}),
    "observation:booking_cancel": Route(LOGIN, {"pk": 1}),
    "observation:booking_visited": Route(LOGIN, {"pk": 1}),
    "observation:peers": Route(LOGIN),
    "observation:peer_profile": Route(LOGIN),
    "observation:peer_group_propose": Route(LOGIN),
    "observation:peer_group_detail": Route(LOGIN, {"pk": 1}),
    "observation:peer_group_respond": Route(LOGIN, {"pk": 1}),
    "observation:peer_visit_record": Route(LOGIN, {"pk": 1}),
    "evaluation:profile": Route(LOGIN),
    "evaluation:area_create": Route(LOGIN),
    "evaluation:area_edit": Route(LOGIN, {"pk": 1}),
    "evaluation:area_move": Route(LOGIN, {"pk": 1}),
    "evaluation:area_remove": Route(LOGIN, {"pk": 1}),
    "evaluation:scale": Route(LOGIN),
    "evaluation:metric_list": Route(LOGIN),
    "evaluation:metric_create": Route(LOGIN),
    "evaluation:metric_import": Route(LOGIN),
    "evaluation:metric_detail": Route(LOGIN, {"pk": 1}),
    "evaluation:metric_edit": Route(LOGIN, {"pk": 1}),
    "evaluation:metric_remove": Route(LOGIN, {"pk": 1}),
    "evaluation:metric_data": Route(LOGIN, {"pk": 1}),
    "evaluation:metric_target": Route(LOGIN, {"pk": 1}),
    "evaluation:target_remove": Route(LOGIN, {"pk": 1, "target_pk": 1}),
    "evaluation:survey_list": Route(LOGIN),
    "evaluation:survey_create": Route(LOGIN),
    "evaluation:survey_detail": Route(LOGIN, {"pk": 1}),
    "evaluation:survey_question_add": Route(LOGIN, {"pk": 1}),
    "evaluation:survey_feed": Route(LOGIN, {"pk": 1, "question_pk": 1}),
    "evaluation:question_move": Route(LOGIN, {"pk": 1, "question_pk": 1}),
    "evaluation:question_remove": Route(LOGIN, {"pk": 1, "question_pk": 1}),
    "evaluation:survey_answer": Route(LOGIN, {"pk": 1}),
    "evaluation:public_survey": Route(404, {"token": "not-a-real-token"}),
    "improvement:hub": Route(LOGIN),
    "improvement:plan_create": Route(LOGIN),
    "improvement:plan": Route(LOGIN),
    "improvement:board": Route(LOGIN),
    "improvement:my_actions": Route(LOGIN),
    "improvement:priority_add": Route(LOGIN, {"plan_pk": 1}),
    "improvement:sub_plan_add": Route(LOGIN, {"priority_pk": 1}),
    "improvement:action_add": Route(LOGIN, {"sub_plan_pk": 1}),
    "improvement:action": Route(LOGIN, {"pk": 1}),
    "improvement:action_edit": Route(LOGIN, {"pk": 1}),
    "improvement:action_remove": Route(LOGIN, {"pk": 1}),
    "improvement:priority_edit": Route(LOGIN, {"pk": 1}),
    "improvement:priority_remove": Route(LOGIN, {"pk": 1}),
    "improvement:milestone_add": Route(LOGIN, {"pk": 1}),
    "improvement:milestone_done": Route(LOGIN, {"pk": 1}),
    "improvement:milestone_remove": Route(LOGIN, {"pk": 1}),
    "improvement:action_status": Route(LOGIN, {"pk": 1}),
    "improvement:action_update": Route(LOGIN, {"pk": 1}),
    "improvement:proposals": Route(LOGIN),
    "improvement:proposal_create": Route(LOGIN),
    "improvement:proposal": Route(LOGIN, {"pk": 1}),
    "improvement:proposal_support": Route(LOGIN, {"pk": 1}),
    "improvement:proposal_comment": Route(LOGIN, {"pk": 1}),
    "improvement:proposal_accept": Route(LOGIN, {"pk": 1}),
    "improvement:proposal_decline": Route(LOGIN, {"pk": 1}),
    "improvement:ratings": Route(LOGIN),
    "appraisal:overview": Route(LOGIN),
    "appraisal:detail": Route(LOGIN, {"pk": 1}),
    "appraisal:objective_create": Route(LOGIN, {"pk": 1}),
    "appraisal:self_review": Route(LOGIN, {"pk": 1}),
    "appraisal:access_log": Route(LOGIN, {"pk": 1}),
    "appraisal:record_pdf": Route(LOGIN, {"pk": 1}),
    "appraisal:evidence_file": Route(LOGIN, {"pk": 1, "file_pk": 1}),
    "appraisal:objective_detail": Route(LOGIN, {"pk": 1}),
    "appraisal:objective_edit": Route(LOGIN, {"pk": 1}),
    "appraisal:objective_check_in": Route(LOGIN, {"pk": 1}),
    "appraisal:objective_status": Route(LOGIN, {"pk": 1}),
    "appraisal:objective_carry_over": Route(LOGIN, {"pk": 1}),
    "appraisal:review": Route(LOGIN, {"pk": 1}),
    "appraisal:review_notes": Route(LOGIN, {"pk": 1}),
    "appraisal:review_record": Route(LOGIN, {"pk": 1}),
    "appraisal:review_sign": Route(LOGIN, {"pk": 1}),
    "appraisal:review_approve": Route(LOGIN, {"pk": 1}),
    "appraisal:review_outcome": Route(LOGIN, {"pk": 1}),
    "appraisal:needs": Route(LOGIN),
    "appraisal:needs_csv": Route(LOGIN),
    "appraisal:cycle": Route(LOGIN),
    "appraisal:cycle_create": Route(LOGIN),
    "appraisal:cycle_settings": Route(LOGIN, {"pk": 1}),
    "appraisal:stage_add": Route(LOGIN, {"pk": 1}),
    "appraisal:appraisals_create": Route(LOGIN, {"pk": 1}),
    "appraisal:appraisers_save": Route(LOGIN, {"pk": 1}),
    "appraisal:appraisers_line_managers": Route(LOGIN, {"pk": 1}),
    "appraisal:stage_edit": Route(LOGIN, {"pk": 1}),
    "appraisal:stage_remove": Route(LOGIN, {"pk": 1}),
    "appraisal:outcome_add": Route(LOGIN),
    "appraisal:outcome_remove": Route(LOGIN, {"pk": 1}),
    "appraisal:reviewers": Route(LOGIN, {"pk": 1}),
    "appraisal:reviewer_remove": Route(LOGIN, {"pk": 1}),
    # django-allauth: logging in, resetting a password and two-factor.
    "account_login": Route(200),
    "account_logout": _to("account_login"),
    "account_inactive": Route(200),
    "account_signup": Route(200),  # says sign-up is closed
    "account_reauthenticate": Route(LOGIN),
    "account_email": Route(LOGIN),
    "account_email_verification_sent": Route(200),
    "account_change_password": Route(LOGIN),
    "account_set_password": Route(LOGIN),
    "account_reset_password": Route(200),
    "account_reset_password_done": Route(200),
    "account_reset_password_from_key": Route(200, {"uidb36": "1", "key": "not-a-key"}),  # says the link is bad
    "account_reset_password_from_key_done": Route(200),
    "account_confirm_login_code": _to("account_login"),
    "account_confirm_email": Route(200, {"key": "not-a-key"}),  # says the link is bad
    "mfa_index": Route(LOGIN),
    "mfa_authenticate": _to("account_login"),
    "mfa_reauthenticate": Route(LOGIN),
    "mfa_activate_totp": Route(LOGIN),
    "mfa_deactivate_totp": Route(LOGIN),
    "mfa_view_recovery_codes": Route(LOGIN),
    "mfa_generate_recovery_codes": Route(LOGIN),
    "mfa_download_recovery_codes": Route(LOGIN),
    # django-admin, for the people who run the service. Each registered model's pages are covered by
    # admin_model_routes() below rather than listed one by one.
    "admin:index": Route(ADMIN_LOGIN),
    "admin:login": Route(200),
    "admin:logout": _to("admin:index"),
    "admin:password_change": Route(ADMIN_LOGIN),
    "admin:password_change_done": Route(ADMIN_LOGIN),
    "admin:autocomplete": Route(ADMIN_LOGIN),
    "admin:jsi18n": Route(ADMIN_LOGIN),
    "admin:view_on_site": Route(ADMIN_LOGIN, {"content_type_id": "1", "object_id": "1"}),
    "admin:app_list": Route(ADMIN_LOGIN, {"app_label": "accounts"}),
    "admin:auth_user_password_change": Route(ADMIN_LOGIN, {"id": "1"}),
    # records: the portable professional record and data protection.
    "records:mine": Route(LOGIN),
    "records:export": Route(LOGIN),
    "records:pdf": Route(LOGIN),
    "records:qualification_create": Route(LOGIN),
    "records:qualification_delete": Route(LOGIN, {"pk": 1}),
    "records:certificate": Route(LOGIN, {"pk": 1}),
    "records:import": Route(LOGIN),
    "records:import_detail": Route(LOGIN, {"pk": 1}),
    "records:public_key": Route(200),  # public, so another school can compare the fingerprint
    "records:people": Route(LOGIN),
    "records:subject_access": Route(LOGIN, {"pk": 1}),
    "records:leaver": Route(LOGIN, {"pk": 1}),
    "records:retention": Route(LOGIN),
    # Insights and talent (apps insights, talent).
    "insights:index": Route(LOGIN),
    "insights:reach": Route(LOGIN),
    "insights:budget_set": Route(LOGIN),
    "insights:spend_add": Route(LOGIN),
    "insights:spend_remove": Route(LOGIN, {"pk": 1}),
    "insights:impact": Route(LOGIN),
    "insights:quality": Route(LOGIN),
    "insights:progress": Route(LOGIN),
    "insights:network": Route(LOGIN),
    "talent:mine": Route(LOGIN),
    "talent:visibility": Route(LOGIN),
    "talent:aspiration_add": Route(LOGIN),
    "talent:aspiration_remove": Route(LOGIN, {"pk": 1}),
    "talent:programme_add": Route(LOGIN),
    "talent:programme_remove": Route(LOGIN, {"pk": 1}),
    "talent:pool": Route(LOGIN),
    "talent:member": Route(LOGIN, {"pk": 1}),
    "talent:plans": Route(LOGIN),
    "talent:plan": Route(LOGIN, {"pk": 1}),
    "talent:candidate_remove": Route(LOGIN, {"pk": 1, "candidate_pk": 1}),
    # network (the termly CPD offer across a network's schools)
    "network:offer": Route(LOGIN),
    "network:propose": Route(LOGIN),
    "network:session": Route(LOGIN, {"pk": 1}),
    "network:session_edit": Route(LOGIN, {"pk": 1}),
    "network:session_ics": Route(LOGIN, {"pk": 1}),
    "network:book": Route(LOGIN, {"pk": 1}),
    "network:publish": Route(LOGIN, {"pk": 1}),
    "network:return": Route(LOGIN, {"pk": 1}),
    "network:cancel_session": Route(LOGIN, {"pk": 1}),
    "network:attendance": Route(LOGIN, {"pk": 1}),
    "network:results": Route(LOGIN, {"pk": 1}),
    "network:booking_cancel": Route(LOGIN, {"pk": 1}),
    "network:feedback": Route(LOGIN, {"pk": 1}),
    "network:review": Route(LOGIN),
    "network:mine": Route(LOGIN),
    "network:calendar_create": Route(LOGIN),
    "network:calendar_reset": Route(LOGIN),
    "network:calendar_revoke": Route(LOGIN),
    "network:calendar_feed": Route(404, {"token": "not-a-real-token-at-all"}),
    "network:approvals": Route(LOGIN),
    "network:approval_decide": Route(LOGIN, {"pk": 1}),
    "network:balance": Route(LOGIN),
    "network:settings": Route(LOGIN),
    # api: the JSON API answers 401 without a token; its schema and documentation are public.
    "api:api-root": Route(404),
    "api:openapi-json": Route(200),
    "api:openapi-view": Route(200),
    "api:staff_list": Route(401),
    "api:staff_detail": Route(401, {"external_id": "T1"}),
    "api:activity_list": Route(401),
    "api:activity_detail": Route(401, {"activity_id": 1}),
    "api:metric_list": Route(401),
    "api:data_point_list": Route(401, {"metric_id": 1}),
    "api:session_list": Route(401),
    "api:session_detail": Route(401, {"session_id": 1}),
    "api:session_book": Route(405, {"session_id": 1}),  # POST only
    "api:booking_list": Route(401),
    "api:booking_cancel": Route(405, {"booking_id": 1}),  # POST only
    "tokens:personal": Route(LOGIN),
    "tokens:personal_revoke": Route(LOGIN, {"pk": 1}),
    "tokens:school": Route(LOGIN),
    "tokens:school_revoke": Route(LOGIN, {"pk": 1}),
    # Research projects and the network library (research).
    "research:projects": Route(LOGIN),
    "research:project_create": Route(LOGIN),
    "research:project": Route(LOGIN, {"pk": 1}),
    "research:project_join": Route(LOGIN, {"pk": 1}),
    "research:note_add": Route(LOGIN, {"pk": 1}),
    "research:file_add": Route(LOGIN, {"pk": 1}),
    "research:finding_save": Route(LOGIN, {"pk": 1}),
    "research:finding_publish": Route(LOGIN, {"pk": 1}),
    "research:file": Route(LOGIN, {"pk": 1}),
    "research:file_remove": Route(LOGIN, {"pk": 1}),
    "research:library": Route(LOGIN),
    "research:library_add": Route(LOGIN),
    "research:library_item": Route(LOGIN, {"pk": 1}),
    "research:library_file": Route(LOGIN, {"pk": 1}),
    "research:library_remove": Route(LOGIN, {"pk": 1}),
    # community (issue 6: directory, groups, impact survey, commissioning).
    "community:hub": Route(LOGIN),
    "community:directory": Route(LOGIN),
    "community:profile": Route(LOGIN),
    "community:groups": Route(LOGIN),
    "community:group_create": Route(LOGIN),
    "community:group": Route(LOGIN, {"pk": 1}),
    "community:thread": Route(LOGIN, {"pk": 1}),
    "community:surveys": Route(LOGIN),
    "community:survey_create": Route(LOGIN),
    "community:survey": Route(LOGIN, {"pk": 1}),
    "community:survey_question_add": Route(LOGIN, {"pk": 1}),
    "community:survey_send": Route(LOGIN, {"pk": 1}),
    "community:survey_results": Route(LOGIN, {"pk": 1}),
    "community:survey_answer": Route(LOGIN, {"pk": 1}),
    "community:needs": Route(LOGIN),
    "community:need_create": Route(LOGIN),
    "community:cluster_create": Route(LOGIN),
    "community:need": Route(LOGIN, {"pk": 1}),
    "community:need_propose": Route(LOGIN, {"pk": 1}),
    "community:need_commission": Route(LOGIN, {"pk": 1}),
}

_ADMIN_MODEL_PAGES = {
    "changelist": {},
    "add": {},
    "change": {"object_id": "1"},
    "history": {"object_id": "1"},
    "delete": {"object_id": "1"},
}


def admin_model_routes() -> dict[str, Route]:
    routes = {}
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for page, kwargs in _ADMIN_MODEL_PAGES.items():
            routes[f"{prefix}_{page}"] = Route(ADMIN_LOGIN, kwargs)
    return routes


def all_routes() -> dict[str, Route]:
    return {**URL_TABLE, **admin_model_routes()}


def named_routes(patterns=None, namespace=None):
    """(name, pattern) for every named route in the project, namespaces included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from named_routes(entry.url_patterns, inner or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def test_the_table_covers_every_route():
    project = {name for name, _ in named_routes()}
    table = set(all_routes())
    missing = sorted(project - table)
    assert not missing, f"Add these routes to URL_TABLE with what an anonymous visitor gets: {missing}"
    stale = sorted(table - project)
    assert not stale, f"These routes are in URL_TABLE but no longer in the project: {stale}"


ROUTE_ITEMS = sorted(all_routes().items())


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), ROUTE_ITEMS, ids=[name for name, _ in ROUTE_ITEMS])
def test_what_an_anonymous_visitor_gets(client, name, route):
    url = reverse(name, kwargs=route.kwargs)

    response = client.get(url)

    if route.anonymous == LOGIN:
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login") + "?next="), response["Location"]
    elif route.anonymous == ADMIN_LOGIN:
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login") + "?next="), response["Location"]
    else:
        assert response.status_code == route.anonymous, url
        if route.redirect_to:
            assert response["Location"] == reverse(route.redirect_to)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/nothing-here/", "/learning/nothing-here/", "/admin/nothing/", "/accounts/x/"])
def test_an_unknown_address_is_not_found(client, path):
    assert client.get(path).status_code == 404


# ---- logged in, with ids that lead nowhere ------------------------------------------------------------------

_NUMERIC_ONLY = {"IntConverter"}


def junk_variants(name: str) -> list[dict]:
    """Ways to fill a route's parameters with values that match no row: a large number, and letters where the
    route accepts them."""
    pattern = dict(named_routes())[name].pattern
    params = list(pattern.regex.groupindex)
    if not params:
        return [{}]
    converters = getattr(pattern, "converters", {})
    variants = [dict.fromkeys(params, "999999")]
    if any(type(converters.get(p)).__name__ not in _NUMERIC_ONLY for p in params):
        # Letters, and a NUL byte, which PostgreSQL refuses to compare with text.
        for junk in ("abc", "a\x00b"):
            variants.append(
                {p: "999999" if type(converters.get(p)).__name__ in _NUMERIC_ONLY else junk for p in params}
            )
    usable = []
    for kwargs in variants:
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            # A route whose pattern refuses these letters (django-admin's app list) has nothing to try.
            continue
        usable.append(kwargs)
    return usable


JUNK_CASES = [(name, kwargs) for name in sorted(all_routes()) for kwargs in junk_variants(name)]


@pytest.fixture(
    params=[(SchoolRole.TEACHER,), (SchoolRole.HEADTEACHER, SchoolRole.SCHOOL_ADMIN)], ids=["teacher", "head"]
)
def member_client(request, db, login):
    # A teacher is stopped at the door of admin pages; a head gets through to their lookups, so both are tried.
    client = login(make_member(SchoolFactory(), *request.param))
    # A server error should fail the test as a status, not stop it with the exception.
    client.raise_request_exception = False
    return client


def _case_id(case):
    name, kwargs = case
    return name + ("[" + ",".join(v.replace("\x00", "NUL") for v in kwargs.values()) + "]" if kwargs else "")


APP_CASES = [c for c in JUNK_CASES if not c[0].startswith("admin:")]
DJANGO_ADMIN_CASES = [c for c in JUNK_CASES if c[0].startswith("admin:")]


@pytest.mark.parametrize(("name", "kwargs"), APP_CASES, ids=[_case_id(c) for c in APP_CASES])
def test_no_get_gives_a_server_error_to_a_logged_in_member(member_client, name, kwargs):
    response = member_client.get(reverse(name, kwargs=kwargs))
    assert response.status_code < 500, f"{name} {kwargs}: {response.status_code}"


# Every query parameter a page of ours reads, given values no form would send.
JUNK_QUERY = {
    name: value
    for name in (
        "q",
        "page",
        "year",
        "kind",
        "subject",
        "standard",
        "show",
        "next",
        "membership",
        "phase",
        "own",
        "host",
        "mine",
        "all",
    )
    for value in ["a\x00b"]
}
GET_PAGES = [c for c in APP_CASES if not c[1] or set(c[1].values()) == {"999999"}]


@pytest.mark.parametrize(("name", "kwargs"), GET_PAGES, ids=[_case_id(c) for c in GET_PAGES])
def test_no_junk_query_gives_a_server_error_to_a_logged_in_member(member_client, name, kwargs):
    response = member_client.get(reverse(name, kwargs=kwargs), JUNK_QUERY)
    assert response.status_code < 500, f"{name} {kwargs}: {response.status_code}"


@pytest.mark.parametrize(("name", "kwargs"), APP_CASES, ids=[_case_id(c) for c in APP_CASES])
def test_no_empty_post_gives_a_server_error_to_a_logged_in_member(member_client, name, kwargs):
    response = member_client.post(reverse(name, kwargs=kwargs), {})
    assert response.status_code < 500, f"{name} {kwargs}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), DJANGO_ADMIN_CASES, ids=[_case_id(c) for c in DJANGO_ADMIN_CASES])
def test_django_admin_sends_a_teacher_to_its_own_login(login, name, kwargs):
    client = login(make_member(SchoolFactory(), SchoolRole.TEACHER))
    client.raise_request_exception = False
    response = client.get(reverse(name, kwargs=kwargs))
    # Staff of a school are not staff of the service: django-admin treats them as not logged in.
    if name in {"admin:login", "admin:logout"}:
        assert response.status_code < 500
    else:
        assert response.status_code == 302, f"{name} {kwargs}: {response.status_code}"
        assert response["Location"].startswith(reverse("admin:login"))


def test_junk_ids_reach_no_one_elses_page(member_client):
    # The junk ids above must be misses, not someone's real record, for the no-500 checks to mean anything.
    for path in (
        "/learning/999999/",
        "/learning/evidence/999999/",
        "/admin/staff/999999/",
        "/appraisal/999999/",
        "/appraisal/objectives/999999/",
        "/appraisal/reviews/999999/",
    ):
        assert member_client.get(path).status_code in {403, 404}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), DJANGO_ADMIN_CASES, ids=[_case_id(c) for c in DJANGO_ADMIN_CASES])
def test_django_admin_pages_work_for_the_services_operators(client, name, kwargs):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator, backend="django.contrib.auth.backends.ModelBackend")
    client.raise_request_exception = False

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code < 500, f"{name} {kwargs}: {response.status_code}"
    if name.endswith("_changelist") or name == "admin:index":
        assert response.status_code == 200, name
    if name.endswith("_add"):
        # Read-only registrations (audit trails, loaded frameworks) refuse adding with a 403 by design.
        assert response.status_code in {200, 403}, name
