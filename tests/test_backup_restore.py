"""A backup restores into an empty database with every row of every table (docs/deploy.md, "Backups").

On PostgreSQL this is the documented pg_dump/pg_restore; on SQLite (development) the online backup API.
"""

import shutil
import sqlite3
import subprocess

import pytest
from django.db import connection

from bench.dataset import Scale, build

pytestmark = pytest.mark.django_db(transaction=True)


def row_counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def populated():
    # The benchmark's builder at a tiny scale: schools, people, learning, appraisals, in seconds. With the rows
    # the migrations add (subjects, frameworks), it is a database in small.
    build(Scale(schools=3, staff_per_school=10, activities_per_person=4), log=lambda *_: None)
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        counts = row_counts(cursor, tables)
    assert sum(1 for n in counts.values() if n) >= 15
    return counts


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is for PostgreSQL")
def test_pg_dump_restores_into_an_empty_database_with_every_row(populated, tmp_path):
    import psycopg

    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    params = connection.get_connection_params()
    dsn = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    args = [f"--{k}={v}" for k, v in dsn.items() if k != "password"]
    env = {"PATH": "/usr/bin:/bin", **({"PGPASSWORD": dsn["password"]} if "password" in dsn else {})}
    dump = tmp_path / "staffroom.dump"
    restored = f"{params['dbname']}_restore"

    subprocess.run(["pg_dump", *args, "--format=custom", f"--file={dump}", params["dbname"]], check=True, env=env)
    with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            ["pg_restore", *args, "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],
            check=True,
            env=env,
        )
        with psycopg.connect(dbname=restored, **dsn) as copy:
            assert row_counts(copy.cursor(), populated) == populated
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup API is for SQLite")
def test_sqlite_backup_restores_into_an_empty_database_with_every_row(populated, tmp_path):
    connection.ensure_connection()
    backup_file = tmp_path / "staffroom-backup.sqlite3"
    with sqlite3.connect(backup_file) as backup:
        connection.connection.backup(backup)
    backup.close()

    empty = sqlite3.connect(":memory:")
    with sqlite3.connect(backup_file) as source:
        source.backup(empty)
    source.close()
    assert row_counts(empty.cursor(), populated) == populated
