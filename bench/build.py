"""Creates the benchmark database afresh (or reuses it), migrates it and fills it: `python -m bench.build`."""

import os
import sys
import time
from urllib.parse import urlsplit

import django
import psycopg
from psycopg import sql


def main() -> None:
    url = os.environ["DATABASE_URL"]
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        reuse = exists and os.environ.get("BENCH_REBUILD", "0") != "1"
        if not reuse:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "staffroom.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.dataset import FULL, Scale, build
    from staffroom.learning.models import Activity

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Migrated {name} in {time.monotonic() - started:.0f} s")
    if reuse and Activity.objects.exists():
        print(f"Reusing the dataset already in {name} (BENCH_REBUILD=1 builds it again).")
        return
    scale = FULL
    if os.environ.get("BENCH_SCALE"):
        # e.g. BENCH_SCALE=10,20,5 for a quick look: schools, staff per school, activities per person.
        schools, staff, activities = (int(v) for v in os.environ["BENCH_SCALE"].split(","))
        scale = Scale(schools=schools, staff_per_school=staff, activities_per_person=activities)
    started = time.monotonic()
    print(f"Building {scale.schools} schools, {scale.staff:,} staff, {scale.activities:,} activities…")
    build(scale)
    built = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Built in {built - started:.0f} s, vacuumed and analysed in {time.monotonic() - built:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
