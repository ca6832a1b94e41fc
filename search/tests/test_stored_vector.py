"""PostgreSQL searches a vector it stores for each row, through a GIN
index, instead of parsing every text again at each search; SQLite keeps its
FTS5 table and has no such column."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from collectivites.access import context_for
from documents.services import create_document
from quorum.testing import World
from search.backends import FTS_TABLE, PG_PASSAGE_CHARS, PG_VECTOR, search
from search.tests.conftest import extract_text


def _columns() -> list[str]:
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(
            cursor, "search_searchentry"
        )
    return [column.name for column in table]


def test_each_database_keeps_the_index_that_its_search_reads(db: None) -> None:
    if connection.vendor == "sqlite":
        assert PG_VECTOR not in _columns()
        assert FTS_TABLE in connection.introspection.table_names()
        return

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attgenerated FROM pg_attribute "
            "WHERE attrelid = 'search_searchentry'::regclass AND attname = %s",
            [PG_VECTOR],
        )
        (generated,) = cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'search_searchentry'"
        )
        indexes = [row[0] for row in cursor.fetchall()]

    assert generated == "s"  # stored, computed by PostgreSQL on each write
    assert any(f"USING gin ({PG_VECTOR})" in index for index in indexes), indexes


def test_a_search_reads_the_stored_index_and_parses_no_text(world: World) -> None:
    ctx = context_for(world.personas.secretaire, world.personas.commune.slug)

    with CaptureQueriesContext(connection) as queries:
        results = search(ctx, "canari finances")

    assert len(results.hits) == 1
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    if connection.vendor == "sqlite":
        assert f"{FTS_TABLE} MATCH" in sql
    else:
        assert f'"{PG_VECTOR}" @@' in sql
    assert "to_tsvector" not in sql


def test_a_word_far_into_a_long_text_is_still_found(world: World) -> None:
    text = "Compte rendu. " * (PG_PASSAGE_CHARS // 10) + "Réfection du lavoir."
    document = create_document(
        workspace=world.finances,
        author=world.personas.secretaire,
        stream=io.BytesIO(text.encode()),
        filename="long.txt",
        size=len(text.encode()),
        title="Compte rendu annuel",
    )
    extract_text(document)
    ctx = context_for(world.personas.secretaire, world.personas.commune.slug)

    results = search(ctx, "lavoir")

    assert [hit.title for hit in results.hits] == ["Compte rendu annuel"]
