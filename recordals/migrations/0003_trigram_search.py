"""Fuzzy mark search on PostgreSQL: the pg_trgm extension and a GIN trigram index on UPPER(title).

Other databases (SQLite in development) have no trigram support; there the operations do nothing
and ``recordals.search`` falls back to a simpler matcher.
"""

from django.db import migrations

INDEX_NAME = "recordal_title_trgm_idx"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON recordals_recordal USING gin (UPPER(title) gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("recordals", "0002_numbers_modifications_reminders")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
