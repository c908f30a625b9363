"""The fuzzy mark search's candidates in one call, with its trigram threshold set for that call only.

``recordal_mark_word_candidates`` (a word: strict word similarity 0.3) and ``recordal_mark_phrase_candidates``
(several words: 0.6) return the ids of the recordals whose number or registration number is the needle, whose
UPPER(title) holds a word close to it (``%>>``, read through the GIN trigram index) or holds it as typed
(``pattern``: the needle escaped for LIKE). The function's ``SET`` clause holds the threshold while it runs, so
the search is one statement, without a transaction of its own. Other databases have no trigram support; there
the operations do nothing and ``recordals.search`` falls back to a simpler matcher.
"""

from django.db import migrations

THRESHOLDS = {"recordal_mark_word_candidates": "0.3", "recordal_mark_phrase_candidates": "0.6"}

CREATE = """
CREATE OR REPLACE FUNCTION {name}(needle text, pattern text) RETURNS SETOF bigint
LANGUAGE sql STABLE SET pg_trgm.strict_word_similarity_threshold = {threshold} AS $$
    SELECT id FROM recordals_recordal
    WHERE UPPER(number) = UPPER(needle) OR UPPER(registration_number) = UPPER(needle)
        OR UPPER(title) %>> needle OR UPPER(title) LIKE '%' || pattern || '%'
$$
"""


def create_functions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, threshold in THRESHOLDS.items():
        schema_editor.execute(CREATE.format(name=name, threshold=threshold), params=None)


def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in THRESHOLDS:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}(text, text)")


class Migration(migrations.Migration):
    dependencies = [("recordals", "0011_relation_labels_translated")]

    operations = [migrations.RunPython(create_functions, drop_functions)]
