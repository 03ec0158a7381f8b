from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from staffroom.accounts.roles import SchoolRole
from staffroom.evaluation import selectors
from staffroom.evaluation.models import DataPoint, Metric, MetricTarget
from staffroom.testing.factories import NetworkFactory, SchoolFactory, join_network, make_member

CSV = (
    "metric,cohort,year,term,value\n"
    "Attendance,,2024,autumn,95.5\n"
    "Attendance,Disadvantaged,2024/25,spring,91\n"
    "Attendance,,2024,3,96\n"
)


def _import(client, text: str):
    upload = SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")
    return client.post("/evaluation/metrics/import/", {"file": upload})


@pytest.mark.django_db
def test_importing_the_same_csv_twice_gives_the_same_data(oak, login):
    client = login(oak.head)
    first = _import(client, CSV)
    assert "3 new values" in first.content.decode()
    snapshot = list(DataPoint.objects.order_by("pk").values_list("cohort_id", "year_start", "term", "value"))
    second = _import(client, CSV)
    assert "0 new values, 0 changed, 3 already up to date" in second.content.decode()
    assert list(DataPoint.objects.order_by("pk").values_list("cohort_id", "year_start", "term", "value")) == snapshot
    assert len(snapshot) == 3


@pytest.mark.django_db
def test_bad_rows_are_reported_by_line_and_good_rows_kept(oak, login):
    text = (
        "metric,cohort,year,term,value\n"
        "Attendance,,2024,autumn,95\n"
        "Attendance,,2024,spring,140\n"
        "Nonsense,,2024,spring,10\n"
        "Attendance,Year 12,2024,spring,10\n"
        "Attendance,,twenty,spring,10\n"
        "Attendance,,2024,summer,lots\n"
    )
    page = _import(login(oak.head), text).content.decode()
    assert DataPoint.objects.count() == 1
    for line, reason in [
        (3, "outside this metric&#x27;s valid range, 0 to 100"),
        (4, "No metric called"),
        (5, "has no cohort"),
        (6, "Give the year"),
        (7, "is not a number"),
    ]:
        assert f"<td>{line}</td><td>" in page
        assert reason in page


@pytest.mark.django_db
def test_junk_files_do_not_break_the_import(oak, login):
    client = login(oak.head)
    assert _import(client, "").status_code == 200
    assert "Missing columns" in _import(client, "a,b\n1,2\n").content.decode()
    upload = SimpleUploadedFile("x.csv", b"\xff\xfe\x00junk", content_type="text/csv")
    assert "not UTF-8" in client.post("/evaluation/metrics/import/", {"file": upload}).content.decode()
    assert client.post("/evaluation/metrics/import/", {}).status_code == 200


@pytest.mark.django_db
def test_out_of_range_value_is_refused_with_a_reason(oak, login):
    response = login(oak.head).post(
        f"/evaluation/metrics/{oak.attendance.pk}/data/", {"year_start": "2025", "term": "1", "value": "101"}
    )
    assert response.status_code == 400
    assert "outside this metric" in response.content.decode()
    assert not DataPoint.objects.exists()


@pytest.mark.django_db
def test_entering_a_value_twice_for_a_term_replaces_it(oak, login):
    client = login(oak.middle)
    url = f"/evaluation/metrics/{oak.attendance.pk}/data/"
    assert client.post(url, {"year_start": "2025", "term": "1", "value": "94"}).status_code == 302
    assert client.post(url, {"year_start": "2025", "term": "1", "value": "95"}).status_code == 302
    assert DataPoint.objects.get().value == Decimal("95")
    assert selectors.latest_value(metric=oak.attendance) == Decimal("95")
    assert selectors.latest_value(metric=oak.attendance, cohort=oak.disadvantaged) is None


@pytest.mark.django_db
def test_metric_page_shows_a_trend_chart_with_a_table_and_target(oak, login):
    for term, value in [(1, 93), (2, 94), (3, 96)]:
        DataPoint.objects.create(metric=oak.attendance, year_start=2025, term=term, value=value)
    DataPoint.objects.create(metric=oak.attendance, cohort=oak.disadvantaged, year_start=2025, term=1, value=89)
    MetricTarget.objects.create(metric=oak.attendance, value=97, by_date="2026-07-20")
    page = login(oak.teacher).get(f"/evaluation/metrics/{oak.attendance.pk}/").content.decode()
    assert "<svg" in page and "<path" in page and "chart-target" in page
    assert "Autumn 2025/26" in page and "Summer 2025/26" in page
    assert "<td>96</td>" in page and "<td>89</td>" in page
    assert "Disadvantaged" in page and "Whole school" in page
    assert "97 % by 20 July 2026" in page
    assert 'style="' not in page


@pytest.mark.django_db
def test_a_leader_creates_a_metric_and_a_target(oak, login):
    client = login(oak.head)
    response = client.post(
        "/evaluation/metrics/new/",
        {
            "name": "Enjoyment of reading",
            "unit": "points",
            "direction": "higher",
            "min_value": "1",
            "max_value": "5",
            "source": "survey",
            "cohorts": "Year 5\nYear 6",
            "responsible": [oak.middle.pk],
        },
    )
    assert response.status_code == 302
    metric = Metric.objects.get(name="Enjoyment of reading")
    assert set(metric.cohorts.values_list("name", flat=True)) == {"Year 5", "Year 6"}
    response = client.post(
        f"/evaluation/metrics/{metric.pk}/targets/", {"target-value": "4.2", "target-by_date": "2026-07-01"}
    )
    assert response.status_code == 302 and metric.targets.get().value == Decimal("4.2")
    bad = client.post(
        "/evaluation/metrics/new/",
        {"name": "Backwards", "direction": "higher", "min_value": "10", "max_value": "1", "source": "entered"},
    )
    assert bad.status_code == 200 and "must be above the lowest" in bad.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "read", "enter", "lead"),
    [
        ("head", 200, 302, 200),
        ("senior", 200, 302, 200),
        ("middle", 200, 302, 403),
        ("teacher", 200, 403, 403),
        ("ta", 200, 403, 403),
        ("governor", 200, 403, 403),
        ("other_head", 404, 404, 200),
    ],
)
def test_who_may_read_enter_and_lead(oak, login, who, read, enter, lead):
    client = login(getattr(oak, who))
    url = f"/evaluation/metrics/{oak.attendance.pk}/"
    assert client.get(url).status_code == read
    assert client.get("/evaluation/").status_code == 200
    assert client.get("/evaluation/metrics/").status_code == 200
    response = client.post(url + "data/", {"year_start": "2025", "term": "1", "value": "90"})
    assert response.status_code == enter
    assert client.get("/evaluation/metrics/new/").status_code == lead
    assert client.get("/evaluation/metrics/import/").status_code == lead
    assert client.get("/evaluation/scale/").status_code == lead
    if who == "other_head":
        assert client.get(url + "edit/").status_code == 404
        assert not DataPoint.objects.filter(metric=oak.attendance).exists()


@pytest.mark.django_db
def test_a_middle_leader_not_responsible_cannot_enter_data(oak, login):
    other_middle = make_member(oak.school, SchoolRole.MIDDLE_LEADER)
    response = login(other_middle).post(
        f"/evaluation/metrics/{oak.attendance.pk}/data/", {"year_start": "2025", "term": "1", "value": "90"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(oak, client):
    for url in ["/evaluation/", "/evaluation/metrics/", f"/evaluation/metrics/{oak.attendance.pk}/"]:
        assert client.get(url).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"year_start": "abc", "term": "9", "value": "NaN"},
        {"year_start": "2025", "term": "1", "value": "Infinity"},
        {"year_start": "2025", "term": "1", "value": "1e999"},
        {"year_start": "2025", "term": "1", "value": "50", "cohort": "junk"},
        {},
    ],
)
def test_junk_data_point_input_is_refused_without_an_error_page(oak, login, data):
    response = login(oak.head).post(f"/evaluation/metrics/{oak.attendance.pk}/data/", data)
    assert response.status_code == 400
    assert not DataPoint.objects.exists()


@pytest.mark.django_db
def test_junk_ids_are_not_found(oak, login):
    client = login(oak.head)
    assert client.get("/evaluation/metrics/999999/").status_code == 404
    assert client.get("/evaluation/areas/999999/edit/").status_code == 404
    assert client.get("/evaluation/surveys/999999/").status_code == 404
    assert client.get("/evaluation/s/nonsense/").status_code == 404


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_metric_pages_query_counts_stay_flat(oak, login):
    client = login(oak.governor)

    def grow(n, offset):
        for i in range(n):
            metric = Metric.objects.create(school=oak.school, name=f"M{offset + i}")
            metric.cohorts.create(name="SEND")
            for year in (2023, 2024):
                DataPoint.objects.create(metric=metric, year_start=year, term=1, value=50)
        for year in range(2010 + offset, 2010 + offset + n):
            DataPoint.objects.create(metric=oak.attendance, year_start=year, term=2, value=90)
            DataPoint.objects.create(metric=oak.attendance, cohort=oak.disadvantaged, year_start=year, term=2, value=80)
            MetricTarget.objects.create(metric=oak.attendance, value=95, by_date=f"{year}-07-01")

    grow(3, 0)
    list_few, detail_few = (
        _count(client, "/evaluation/metrics/"),
        _count(client, f"/evaluation/metrics/{oak.attendance.pk}/"),
    )
    grow(9, 3)
    assert _count(client, "/evaluation/metrics/") == list_few
    assert _count(client, f"/evaluation/metrics/{oak.attendance.pk}/") == detail_few


def _benchmarked_school(network, value):
    school = SchoolFactory()
    join_network(network, school)
    metric = Metric.objects.create(school=school, name="Attendance", benchmark_key="attendance")
    DataPoint.objects.create(metric=metric, year_start=2025, term=1, value=value)
    return school


@pytest.mark.django_db
def test_benchmarks_are_hidden_below_five_schools_and_shown_at_five(oak, login):
    network = NetworkFactory()
    join_network(network, oak.school)
    oak.attendance.benchmark_key = "attendance"
    oak.attendance.save()
    DataPoint.objects.create(metric=oak.attendance, year_start=2025, term=1, value=94)
    for value in (90, 92, 96):
        _benchmarked_school(network, value)
    _benchmarked_school(NetworkFactory(), 10)  # another network's school never counts
    client = login(oak.teacher)
    url = f"/evaluation/metrics/{oak.attendance.pk}/"
    assert selectors.benchmark(metric=oak.attendance) is None
    assert "at least five schools" in client.get(url).content.decode()
    _benchmarked_school(network, 98)
    bench = selectors.benchmark(metric=oak.attendance)
    assert bench.schools == 5 and bench.median == Decimal(94) and bench.lowest == Decimal(90)
    assert "Across 5 schools" in client.get(url).content.decode()
