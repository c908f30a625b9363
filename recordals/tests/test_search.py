from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recordals.models import Recordal
from recordals.search import search_recordals
from recordals.tests.factories import RecordalFactory, approved_recordal

pytestmark = pytest.mark.django_db


@pytest.fixture
def marks(cast):
    return {
        "rolex": approved_recordal(holder=cast.holder2, title="ROLEX", nice_classes=[14]),
        "rolling": approved_recordal(holder=cast.holder1, title="ROLLING STONE", nice_classes=[25]),
        "lumiere": approved_recordal(
            holder=cast.holder1,
            title="LUMIÈRE PARIS",
            nice_classes=[18, 14],
            goods=[{"name": "Handbags", "hs_code": "4202.21"}],
        ),
        "nordik": approved_recordal(holder=cast.holder2, title="NORDIK", nice_classes=[14]),
    }


def titles(results):
    return [r.title for r in results]


@pytest.mark.parametrize("query", ["ROLEX", "rolex", "R0LEX", "ROLX", "ROLEXX"])
def test_misspelt_marks_find_rolex_first(marks, query):
    assert titles(search_recordals(query=query))[0] == "ROLEX"


def test_a_word_of_a_longer_mark_is_found(marks):
    assert "LUMIÈRE PARIS" in titles(search_recordals(query="PARIS"))


def test_unrelated_text_finds_nothing(marks):
    assert titles(search_recordals(query="ZEBRA")) == []


def test_recordal_and_registration_numbers_match_exactly(marks):
    number = marks["nordik"].number

    assert titles(search_recordals(query=number.lower())) == ["NORDIK"]
    assert titles(search_recordals(number=marks["rolex"].registration_number)) == ["ROLEX"]


def test_filters_by_holder_class_and_hs_code(marks):
    assert set(titles(search_recordals(holder="nordic"))) == {"ROLEX", "NORDIK"}
    assert titles(search_recordals(nice_class=18)) == ["LUMIÈRE PARIS"]
    assert titles(search_recordals(hs_code="4202")) == ["LUMIÈRE PARIS"]
    assert titles(search_recordals(hs_code="420221")) == ["LUMIÈRE PARIS"]
    assert titles(search_recordals(query="ROLEX", nice_class=25)) == []


def test_only_recordals_in_force_unless_inactive_are_asked_for(marks, cast):
    Recordal.objects.filter(pk=marks["rolex"].pk).update(status="expired")
    RecordalFactory(holder=cast.holder1, title="ROLEX DRAFT")

    assert "ROLEX" not in titles(search_recordals(query="ROLEX"))
    assert "ROLEX" in titles(search_recordals(query="ROLEX", include_inactive=True))


def test_a_recordal_past_its_end_is_not_in_force_even_before_the_expiry_task(marks):
    Recordal.objects.filter(pk=marks["nordik"].pk).update(valid_until=date(2020, 1, 1))

    assert titles(search_recordals(query="NORDIK")) == []


def test_base_queryset_narrows_the_search(marks, cast):
    base = Recordal.objects.filter(holder=cast.holder1)

    assert titles(search_recordals(query="ROLEX", base=base)) in ([], ["ROLLING STONE"])


@pytest.mark.postgres
def test_postgresql_uses_trigram_matching_and_its_index(marks):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() is not None
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'recordal_title_trgm_idx'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]

        cursor.execute(
            "SELECT proname, proconfig, prosrc FROM pg_proc WHERE proname LIKE 'recordal_mark_%%_candidates'"
            " ORDER BY proname"
        )
        (phrase, phrase_config, _), (word, word_config, source) = cursor.fetchall()
    assert (phrase, word) == ("recordal_mark_phrase_candidates", "recordal_mark_word_candidates")
    assert phrase_config == ["pg_trgm.strict_word_similarity_threshold=0.6"]
    assert word_config == ["pg_trgm.strict_word_similarity_threshold=0.3"] and "%>>" in source

    with CaptureQueriesContext(connection) as captured:
        results = titles(search_recordals(query="R0LEX"))

    assert results[0] == "ROLEX"
    (sql,) = [query["sql"] for query in captured.captured_queries]
    assert "recordal_mark_word_candidates('R0LEX'" in sql


@pytest.mark.parametrize("query", ["R0LEX", "ROLX", "rolex sport", "ROLEX SPORT"])
def test_a_mark_inside_a_longer_title_is_found(marks, cast, query):
    approved_recordal(holder=cast.holder2, title="ROLEX SPORT", nice_classes=[14])
    approved_recordal(holder=cast.holder2, title="SPORTIVO", nice_classes=[14])

    found = titles(search_recordals(query=query))

    assert "ROLEX SPORT" in found[:2]


def test_the_whole_phrase_ranks_its_exact_title_first(marks, cast):
    approved_recordal(holder=cast.holder2, title="ROLEX SPORT", nice_classes=[14])

    assert titles(search_recordals(query="rolex sport"))[0] == "ROLEX SPORT"
