"""A misspelt or partial mark finds the longer title holding it, ranked by closeness among look-alike marks.

On PostgreSQL the trigram ranking puts "ROLEX SPORT" in the first three for each query; on SQLite (the embedded
development database) the fallback scores the title and each of its words with ``difflib`` and ranks the same.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recordals.search import search_recordals
from recordals.tests.factories import approved_recordal

pytestmark = pytest.mark.django_db
DECOYS = ("ROLEXX", "ROLAND", "SPORTEX", "ROLO", "ROLA GOLD", "ROLE", "ROLI KIDS", "SPORT ROLL", "POLEX", "ROXL")


@pytest.fixture
def look_alikes(cast):
    for title in (*DECOYS, "ROLEX SPORT"):
        approved_recordal(holder=cast.holder2, title=title, nice_classes=[14])


@pytest.mark.parametrize("query", ["R0LEX", "ROLX", "rolex sport", "Rolex"])
def test_rolex_sport_ranks_in_the_first_three_among_look_alikes(look_alikes, query):
    assert "ROLEX SPORT" in [r.title for r in search_recordals(query=query)][:3]


def test_a_word_holding_the_letters_typed_in_order_ranks_before_a_word_sharing_a_prefix(look_alikes):
    found = [r.title for r in search_recordals(query="ROLX")]
    assert found.index("ROLEX SPORT") < found.index("ROLO") and found.index("ROLEX SPORT") < found.index("ROLAND")


@pytest.mark.postgres
@pytest.mark.parametrize(("query", "matcher"), [("ROLX", "word"), ("rolex sport", "phrase")])
def test_the_ranking_is_one_statement_whose_candidates_carry_their_own_threshold(look_alikes, query, matcher):
    with CaptureQueriesContext(connection) as captured:
        found = [r.title for r in search_recordals(query=query)]
    (sql,) = [captured_query["sql"] for captured_query in captured.captured_queries]
    assert "ROLEX SPORT" in found[:3]
    assert f"recordal_mark_{matcher}_candidates(" in sql and "set_config" not in sql
