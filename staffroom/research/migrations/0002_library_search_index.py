"""A GIN index for the library's full-text search, on PostgreSQL only.

The index is built from the very expression the search filters on (selectors.SEARCH_VECTOR), compiled by Django,
so PostgreSQL recognises the query as indexed. SQLite has no such index type and searches with LIKE instead, so
there this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(SearchVector("search_document", config="english"), name="research_library_search")


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("research", "LibraryItem"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("research", "LibraryItem"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [migrations.RunPython(add_index, remove_index)]
