"""Importing staff from an MIS export: good rows land, bad rows are reported by line, and re-imports are harmless."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staffroom.accounts.models import Invitation, Membership, MembershipRole, User
from staffroom.accounts.roles import SchoolRole, StaffGroup
from staffroom.organisations.models import Department
from staffroom.testing.factories import SchoolFactory, make_member

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("accounts:staff_import")

GOOD_ROWS = [
    "Staff ID,Forename,Surname,Work email,Role,Job title,Department",
    "S001,Amelia,Hughes,a.hughes@oakfield.example,Teacher,Year 3 teacher,Key Stage 2",
    "S002,Ben,Okafor,b.okafor@oakfield.example,TA,Teaching assistant,Key Stage 2",
    "S003,Cara,Lewis,c.lewis@oakfield.example,Teacher;Middle leader,Maths lead,Maths",
    "S004,Dev,Patel,d.patel@oakfield.example,Midday supervisor,,",
]


def csv_file(lines, name="staff.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, ("\r\n".join(lines) + "\r\n").encode(encoding), content_type="text/csv")


def upload(client, file, send_invitations=False, capture=None):
    data = {"file": file}
    if send_invitations:
        data["send_invitations"] = "on"
    if capture is None:
        return client.post(IMPORT_URL, data)
    with capture(execute=True):
        return client.post(IMPORT_URL, data)


def counts():
    return {
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "roles": MembershipRole.objects.count(),
        "departments": Department.objects.count(),
        "invitations": Invitation.objects.count(),
    }


def errors_by_line(response) -> dict[int, str]:
    return dict(response.context["report"].errors)


def test_a_realistic_export_lands_with_bad_rows_reported_by_line(school, admin, login):
    other = make_member(school, SchoolRole.TEACHER, email="e.rees@oakfield.example")
    other.mis_id = "S900"
    other.save()
    lines = [
        *GOOD_ROWS,
        "S005,Ffion,Jones,not-an-email,Teacher,,",  # line 6
        "S006,Gus,Baker,g.baker@oakfield.example,Wizard,,",  # line 7
        "S007,Hana,,h.nosurname@oakfield.example,Teacher,,",  # line 8
        "S008,Amelia,Hughes,A.Hughes@oakfield.example,Teacher,,",  # line 9
        "S900,Ivan,Novak,a.hughes.other@oakfield.example,Teacher,,",  # line 10
        "S900,Jo,Reeve,t.jones@oakfield.example,Teacher,,",  # line 11
    ]
    make_member(school, SchoolRole.TEACHER, email="t.jones@oakfield.example")
    before = counts()

    response = upload(login(admin), csv_file(lines))

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    errors = errors_by_line(response)
    assert set(errors) == {6, 7, 8, 9, 10, 11}
    assert "not-an-email" in errors[6]
    assert "wizard" in errors[7]
    assert "last name" in errors[8]
    assert "line 2" in errors[9]
    assert "S900" in errors[10] and "e.rees@oakfield.example" in errors[10]
    assert "S900" in errors[11]
    body = response.content.decode()
    assert "6 rows were not imported" in body
    assert "4 new members of staff" in body

    after = counts()
    assert after["users"] == before["users"] + 4
    assert after["memberships"] == before["memberships"] + 4
    cara = Membership.objects.get(school=school, user__email="c.lewis@oakfield.example")
    assert cara.role_set == {SchoolRole.TEACHER, SchoolRole.MIDDLE_LEADER}
    assert (cara.mis_id, cara.job_title, cara.department.name) == ("S003", "Maths lead", "Maths")
    ben = Membership.objects.get(school=school, user__email="b.okafor@oakfield.example")
    assert ben.staff_group == StaffGroup.TEACHING_ASSISTANTS
    assert Membership.objects.get(user__email="d.patel@oakfield.example").staff_group == StaffGroup.MIDDAY
    assert set(Department.objects.filter(school=school).values_list("name", flat=True)) == {"Key Stage 2", "Maths"}
    # The staff ID that belongs to someone else left that person untouched and made nobody new.
    other.refresh_from_db()
    assert other.user.email == "e.rees@oakfield.example"
    assert not User.objects.filter(email__in=["a.hughes.other@oakfield.example", "h.nosurname@oakfield.example"])


def test_importing_the_same_file_twice_changes_nothing(school, admin, login):
    client = login(admin)
    upload(client, csv_file(GOOD_ROWS))
    before = counts()

    response = upload(client, csv_file(GOOD_ROWS))

    report = response.context["report"]
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 0, 4, [])
    assert "4 already up to date" in response.content.decode()
    assert counts() == before


def test_a_changed_job_title_updates_the_person(school, admin, login):
    client = login(admin)
    upload(client, csv_file(GOOD_ROWS))
    changed = [row.replace("Year 3 teacher", "Year 5 teacher") for row in GOOD_ROWS]

    response = upload(client, csv_file(changed))

    report = response.context["report"]
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    assert Membership.objects.get(user__email="a.hughes@oakfield.example").job_title == "Year 5 teacher"


def test_a_changed_role_updates_the_roles_and_group(school, admin, login):
    client = login(admin)
    upload(client, csv_file(GOOD_ROWS))
    promoted = [row.replace(",TA,", ",Teacher,") for row in GOOD_ROWS]

    upload(client, csv_file(promoted))

    ben = Membership.objects.get(user__email="b.okafor@oakfield.example")
    assert ben.role_set == {SchoolRole.TEACHER}
    assert ben.staff_group == StaffGroup.TEACHERS


def test_the_first_line_can_use_other_column_names(school, admin, login):
    lines = [
        "\ufeffEmail Address,First Name,Last Name,Staff Role,Known As",
        "k.singh@oakfield.example,Kiran,Singh,Support staff,Kiki",
    ]
    response = upload(login(admin), csv_file(lines))
    assert response.context["report"].created == 1
    user = User.objects.get(email="k.singh@oakfield.example")
    assert (user.first_name, user.preferred_name) == ("Kiran", "Kiki")


def test_a_windows_1252_file_keeps_accented_names(school, admin, login):
    lines = ["Staff ID,Forename,Surname,Work email,Role", "S010,Siân,Llewellyn-Gruffydd,sian@oakfield.example,Teacher"]
    response = upload(login(admin), csv_file(lines, encoding="cp1252"))

    assert response.context["report"].created == 1
    assert User.objects.get(email="sian@oakfield.example").first_name == "Siân"


@pytest.mark.parametrize(
    "file, message",
    [
        (SimpleUploadedFile("staff.xlsx", b"PK\x03\x04 spreadsheet"), "Choose a .csv file."),
        (SimpleUploadedFile("staff.csv", b""), "The submitted file is empty."),
        (SimpleUploadedFile("staff.csv", b"\r\n"), "The first row must name the columns."),
        (
            SimpleUploadedFile("staff.csv", b"Forename,Surname,Work email\r\nAmelia,Hughes,a@oakfield.example\r\n"),
            "The file has no column for: roles.",
        ),
        (SimpleUploadedFile("staff.csv", b"PK\x03\x04\x14\x00\x06\x00\xad\xfe"), "holds binary data"),
        (
            SimpleUploadedFile("staff.csv", b"Forename,Surname,Work email,Role\r\nA\x00b,C,d@e.example,Teacher\r\n"),
            "holds binary data",
        ),
        (SimpleUploadedFile("staff.csv", b'"' + b"x" * 200_000), "not a CSV file we can read"),
    ],
    ids=["not-csv", "empty", "blank-line", "missing-column", "spreadsheet-renamed", "nul-in-a-cell", "unreadable"],
)
def test_a_file_that_cannot_be_imported_gives_a_clear_error(school, admin, login, file, message):
    before = counts()

    response = upload(login(admin), file)

    assert response.status_code == 200
    assert response.context["report"] is None
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert message in errors, errors
    assert counts() == before


def test_no_file_chosen_is_an_error_beside_the_field(school, admin, login):
    response = login(admin).post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_invitations_go_only_when_asked_and_only_to_new_people(
    school, admin, login, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(admin)
    upload(client, csv_file(GOOD_ROWS[:3]), send_invitations=False, capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert not Invitation.objects.exists()

    upload(client, csv_file(GOOD_ROWS), send_invitations=True, capture=django_capture_on_commit_callbacks)

    # Amelia and Ben were already imported; only Cara and Dev are new.
    assert sorted(m.to[0] for m in mailoutbox) == ["c.lewis@oakfield.example", "d.patel@oakfield.example"]
    assert all(re.search(r"/invitation/[\w-]+/", m.body) for m in mailoutbox)
    assert Invitation.objects.count() == 2


def test_people_already_at_another_school_join_this_one_as_well(school, admin, login):
    elsewhere = make_member(SchoolFactory(name="Beech Academy"), email="a.hughes@oakfield.example")

    response = upload(login(admin), csv_file(GOOD_ROWS[:2]))

    assert response.context["report"].created == 1
    assert Membership.objects.filter(user=elsewhere.user).count() == 2
    assert User.objects.filter(email="a.hughes@oakfield.example").count() == 1


def test_the_import_only_touches_the_admins_own_school(school, admin, login):
    other_school = SchoolFactory(name="Beech Academy")
    theirs = make_member(other_school, SchoolRole.TEACHER, email="someone@beech.example")
    theirs.mis_id = "S001"
    theirs.save()

    upload(login(admin), csv_file(GOOD_ROWS))

    theirs.refresh_from_db()
    assert theirs.school == other_school
    assert theirs.user.email == "someone@beech.example"
    assert Membership.objects.get(school=school, mis_id="S001").user.email == "a.hughes@oakfield.example"


def test_values_too_long_to_keep_are_reported_not_crashed_on(school, admin, login):
    long_name = "Bartholomew" * 20
    lines = [
        "Staff ID,Forename,Surname,Work email,Role",
        f"S001,{long_name},Hughes,a.hughes@oakfield.example,Teacher",  # line 2
        f"{'9' * 80},Ben,Okafor,b.okafor@oakfield.example,Teacher",  # line 3
        f"S003,Cara,Lewis,{'c' * 240}@oakfield.example,Teacher",  # line 4
        "S004,Dev,Patel,d.patel@oakfield.example,Teacher",  # line 5
    ]

    response = upload(login(admin), csv_file(lines))

    assert response.status_code == 200
    errors = errors_by_line(response)
    assert set(errors) == {2, 3, 4}
    assert "too long" in errors[2]
    assert response.context["report"].created == 1
    assert User.objects.filter(email="d.patel@oakfield.example").exists()
