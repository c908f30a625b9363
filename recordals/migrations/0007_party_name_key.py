"""The comparable form and distinctive core of each party's name, filled for existing parties; a GIN trigram
index on the core of known infringers' names on PostgreSQL."""

from django.db import migrations, models

from portal.traders import trader_core_key, trader_name_key

INDEX_NAME = "party_core_key_trgm_idx"


def fill_name_keys(apps, schema_editor):
    Party = apps.get_model("recordals", "Party")
    batch = []
    for party in Party.objects.only("pk", "name").iterator(chunk_size=2000):
        party.name_key = trader_name_key(party.name)
        party.core_key = trader_core_key(party.name_key)
        batch.append(party)
        if len(batch) >= 2000:
            Party.objects.bulk_update(batch, ["name_key", "core_key"])
            batch = []
    Party.objects.bulk_update(batch, ["name_key", "core_key"])


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON recordals_party USING gin (core_key gin_trgm_ops)"
        " WHERE role = 'infringer'"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("recordals", "0006_iso_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="party",
            name="name_key",
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name="name, comparable form"),
        ),
        migrations.AddField(
            model_name="party",
            name="core_key",
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name="name, distinctive words"),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
