"""Prints the benchmark's results: p50/p95 per page from locust's CSV, and the ratios the issue asks for.

`python -m bench.report <locust csv prefix>`, with the same DATABASE_URL as the server. The network-wide
aggregate is also timed here, in the same run, as one hand-written SQL query and through the ORM selector the
page uses, so the three figures can be compared.
"""

import csv
import os
import platform
import statistics
import sys
import time

import django

from bench import people as pages

RAW_SQL = """
SELECT s.id, s.name,
       (SELECT SUM(a.hours) FROM learning_activity a
         WHERE a.school_id = s.id AND a.date BETWEEN %(start)s AND %(end)s) AS hours,
       (SELECT COUNT(*) FROM accounts_membership m
         WHERE m.school_id = s.id AND m.is_active AND m.staff_group <> 'governance') AS staff
  FROM organisations_school s
  JOIN organisations_networkschool ns ON ns.school_id = s.id
 WHERE ns.network_id = %(network)s
 ORDER BY s.name
"""


def median_ms(fn, repeat: int = 30) -> float:
    fn()  # warm the caches once, as the server's are warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def service_times(repeat: int = 15) -> dict[str, tuple[float, float, int]]:
    """Each page requested in-process, one at a time: median wall and CPU milliseconds, and the query count.

    Under load, response times include queueing for the CPU (and on a shared machine, for other people's work);
    these figures are the work each page itself costs, which is what an index or a query change moves.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from staffroom.accounts.models import User

    personas = {
        pages.BARE: (pages.email(7, 20), "/bench/bare"),
        pages.TEACHER_HOME: (pages.email(7, 20), "/"),
        pages.MY_LEARNING: (pages.email(7, 20), "/learning/"),
        pages.CATALOGUE_PAGE: (pages.email(7, 20), "/network/"),
        pages.DASHBOARD: (pages.email(7, 0), "/"),
        pages.NETWORK_REPORT: (pages.email(3, pages.LEAD_STAFF_NO), "/"),
    }
    results = {}
    for name, (who, url) in personas.items():
        client = Client()
        client.force_login(User.objects.get(email=who), backend="django.contrib.auth.backends.ModelBackend")
        assert client.get(url).status_code == 200, f"{url} as {who}"
        walls, cpus = [], []
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        results[name] = (statistics.median(walls), statistics.median(cpus), len(queries))
    return results


def read_stats(prefix: str) -> dict[str, dict]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle) if row["Name"] != "Aggregated"}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, load average {load}"


def main(prefix: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "staffroom.settings")
    django.setup()
    from django.db import connection

    from staffroom.accounts.models import NetworkMembership
    from staffroom.learning.selectors import network_hours_by_school
    from staffroom.organisations.calendar import school_today, term

    stats = read_stats(prefix)
    lead = NetworkMembership.objects.select_related("network", "user").order_by("pk").first()
    school = lead.user.memberships.select_related("school").first().school
    period = term(school_today(school), school.academic_year_start_month)
    params = {"start": period.start, "end": period.end, "network": lead.network_id}

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, params)
            return cursor.fetchall()

    def orm():
        return list(network_hours_by_school(network=lead.network, period=period))

    assert [(r[0], r[2]) for r in raw()] == [(s["pk"], s["hours"]) for s in orm()], "the raw SQL and the ORM disagree"
    raw_ms = median_ms(raw)
    orm_ms = median_ms(orm)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]

    bare = stats.get(pages.BARE)
    bare_p50 = float(bare["50%"]) if bare else None
    print()
    print(f"Machine: {machine()}; PostgreSQL {pg}")
    print(f"Network report covers {len(orm())} schools, {period.label} ({period.start} to {period.end})")
    print()
    print(f"{'Page':42} {'requests':>8} {'fails':>5} {'p50 ms':>7} {'p95 ms':>7} {'p50 / bare':>10}")
    for name in pages.PAGES:
        row = stats.get(name)
        if row is None:
            continue
        p50, p95 = float(row["50%"]), float(row["95%"])
        ratio = f"{p50 / bare_p50:.1f}×" if bare_p50 else "–"
        print(f"{name:42} {row['Request Count']:>8} {row['Failure Count']:>5} {p50:>7.0f} {p95:>7.0f} {ratio:>10}")
    print()
    print(f"Network-wide aggregate, one raw SQL query:      {raw_ms:7.1f} ms (median of 30)")
    print(f"Same aggregate through the ORM selector:        {orm_ms:7.1f} ms  ({orm_ms / raw_ms:.2f}× raw SQL)")
    report = stats.get(pages.NETWORK_REPORT)
    if report:
        p50 = float(report["50%"])
        print(f"Network report page p50 (whole page, over HTTP): {p50:7.0f} ms  ({p50 / raw_ms:.2f}× raw SQL)")
    # locust rounds response times above 100 ms to the nearest 10 ms in its percentiles.
    print("(locust reports percentiles above 100 ms rounded to 10 ms)")
    print()
    print("Each page alone, in-process, one request at a time (median of 15):")
    print(f"{'Page':42} {'wall ms':>8} {'CPU ms':>7} {'queries':>8}")
    for name, (wall, cpu, queries) in service_times().items():
        print(f"{name:42} {wall:>8.0f} {cpu:>7.0f} {queries:>8}")


if __name__ == "__main__":
    main(sys.argv[1])
