"""One search over the index, whatever the database.

``search(ctx, text, limit)`` returns the entries the actor may see, best
first, each with its passage marked. SQLite searches an FTS5 table
(accents and case ignored, words matched by their beginning); PostgreSQL
its French full-text search with accents removed (stemming, stop words),
over a vector it stores for each row and keeps in a GIN index.
Who may see what is one Django query, ``visible_entries``, that both use.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, Q, QuerySet
from django.db.models.functions import Substr
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from collectivites.access import Context, visible_workspaces
from domain import access
from seances.access import point_facts, visible_seances
from seances.models import AgendaItem
from search.models import SearchEntry
from search.query import Query, parse

FTS_TABLE = "search_fts"
PG_CONFIG = "french_unaccent"
# Each row's vector, kept by PostgreSQL itself (search/migrations/0003).
PG_VECTOR = "search_vector"
# Control characters that mark a match in the passages the databases cut;
# ``search.indexing.clean`` keeps them out of the indexed text.
START, STOP = "\x02", "\x03"
DEFAULT_LIMIT = 50
# TODO(search-size): PostgreSQL cuts the passage from the beginning of the
# text only: ts_headline parses all it is given, some 15 ms for a long
# document, and long documents rank first. A match further on shows the
# beginning of the text, unmarked; SQLite's snippet has no such limit.
PG_PASSAGE_CHARS = 20_000


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    url: str
    title: SafeString
    passage: SafeString
    label: str
    score: float


@dataclass(frozen=True)
class Results:
    query: Query
    hits: list[Hit]
    # More matched than were shown: the person should say more.
    more: bool


def search(ctx: Context, text: str, limit: int = DEFAULT_LIMIT) -> Results:
    """What ``text`` finds among what the actor may see, best first."""
    query = parse(text)
    if not query.has_terms:
        return Results(query=query, hits=[], more=False)
    entries = visible_entries(ctx)
    if connection.vendor == "postgresql":
        rows = _postgres(entries, query, limit + 1)
    else:
        rows = _sqlite(entries, query, limit + 1)
    hits = [_hit(ctx, row) for row in rows[:limit]]
    return Results(query=query, hits=hits, more=len(rows) > limit)


def visible_entries(ctx: Context) -> QuerySet[SearchEntry]:
    """The index rows of the actor's collectivité that they may see: what
    is in the workspaces they see (deleted documents never), and the points
    that ``domain.access.can_see_point`` shows them."""
    workspaces = visible_workspaces(ctx).values("id")
    return SearchEntry.objects.filter(collectivite=ctx.collectivite).filter(
        Q(
            kind__in=[SearchEntry.Kind.DOCUMENT, SearchEntry.Kind.COMMENT],
            workspace__in=workspaces,
            document__deleted_at__isnull=True,
        )
        | Q(kind=SearchEntry.Kind.POINT, item_id__in=visible_point_ids(ctx))
    )


def visible_point_ids(ctx: Context) -> list[UUID]:
    """The points the actor may see, decided by the rule itself, point by
    point: two queries whatever the number of points.

    TODO(search-points): every point of the séances the actor sees is loaded;
    fine for a commune's few hundred points a year, to be turned into a query
    if the rule ever becomes one."""
    items = AgendaItem.objects.filter(seance__in=visible_seances(ctx))
    items = items.select_related("seance").prefetch_related("agents")
    return [
        item.pk
        for item in items
        if access.can_see_point(ctx.actor, point_facts(ctx, item))
    ]


# --- Keeping the full text in step (SQLite only) -----------------------------


def remember(entries: Iterable[SearchEntry]) -> None:
    """Add the full text of new rows. PostgreSQL computes each row's vector
    itself when the row is written (a generated column)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (entry_id, title, body) VALUES (%s, %s, %s)",  # noqa: S608 - a constant
            [(entry.pk.hex, entry.title, entry.body) for entry in entries],
        )


def forget(ids: Iterable[UUID]) -> None:
    hexes = [entry_id.hex for entry_id in ids]
    if connection.vendor != "sqlite" or not hexes:
        return
    # TODO(search-size): ``entry_id`` is not indexed by FTS5, so this reads
    # the whole table; a few milliseconds for a commune's documents.
    with connection.cursor() as cursor:
        for start in range(0, len(hexes), 500):
            chunk = hexes[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE entry_id IN ({marks})",  # noqa: S608 - placeholders only
                chunk,
            )


def clear() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 - a constant


# --- Searching ------------------------------------------------------------------


def _sqlite(
    entries: QuerySet[SearchEntry], query: Query, limit: int
) -> list[dict[str, Any]]:
    # Each word quoted (nothing typed is an operator), matched by its
    # beginning so that "délibération" also finds "délibérations".
    match = " AND ".join(f'"{term}"*' for term in query.terms)
    try:
        visible_sql, visible_params = entries.values("id").query.sql_with_params()
    except EmptyResultSet:  # the actor sees nothing at all
        return []
    sql = f"""
        SELECT e.id, e.kind, e.document_id, e.comment_id, e.item_id, e.label,
               bm25({FTS_TABLE}, 0.0, 5.0, 1.0) AS score,
               highlight({FTS_TABLE}, 1, %s, %s) AS title_marked,
               snippet({FTS_TABLE}, 2, %s, %s, '…', 24) AS passage
        FROM {FTS_TABLE}
        JOIN search_searchentry e ON e.id = {FTS_TABLE}.entry_id
        WHERE {FTS_TABLE} MATCH %s AND e.id IN ({visible_sql})
        ORDER BY score
        LIMIT %s
    """  # noqa: S608 - table names are constants, every value a parameter
    params = [START, STOP, START, STOP, match, *visible_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["score"] = -row["score"]  # bm25 is better when lower
        for name in ("id", "document_id", "comment_id", "item_id"):
            row[name] = UUID(row[name]) if row[name] else None
    return rows


# TODO(search-size): with PostgreSQL's default random_page_cost (4, meant for
# spinning disks) the planner reads every stored vector rather than the GIN
# index for a rare word (55 ms instead of 2 at 10,000 documents): it does not
# count reading the vectors out of TOAST. A server on SSD should set
# random_page_cost = 1.1, which the deployment notes do not say yet.
class StoredVector(Expression):
    """The row's stored text vector: title weighted A, text B, in the
    ``french_unaccent`` configuration the query uses too. The model does
    not know the column, which exists on PostgreSQL only."""

    output_field = SearchVectorField()

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[str | int, ...]]:
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(PG_VECTOR)}", ()


def _postgres(
    entries: QuerySet[SearchEntry], query: Query, limit: int
) -> list[dict[str, Any]]:
    search_query = SearchQuery(
        " ".join(query.terms), config=PG_CONFIG, search_type="plain"
    )
    marks: dict[str, Any] = {"start_sel": START, "stop_sel": STOP}
    # ``found`` matches through the GIN index; the rank is given the vector
    # itself (given the alias's name, it would read it as text to parse).
    rows = (
        entries.alias(found=StoredVector())
        .filter(found=search_query)
        .annotate(
            score=SearchRank(StoredVector(), search_query),
            title_marked=SearchHeadline(
                "title", search_query, config=PG_CONFIG, highlight_all=True, **marks
            ),
            passage=SearchHeadline(
                Substr("body", 1, PG_PASSAGE_CHARS),
                search_query,
                config=PG_CONFIG,
                max_words=35,
                min_words=15,
                **marks,
            ),
        )
        .order_by("-score", "title")
        .values(
            "id",
            "kind",
            "document_id",
            "comment_id",
            "item_id",
            "label",
            "score",
            "title_marked",
            "passage",
        )[:limit]
    )
    return [dict(row) for row in rows]


# --- Showing ----------------------------------------------------------------------


def marked(text: str) -> SafeString:
    """``text`` escaped, its matches between ``<mark>`` tags."""
    html = str(escape(text or ""))
    html = html.replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only our tags added


def _hit(ctx: Context, row: dict[str, Any]) -> Hit:
    slug = ctx.collectivite.slug
    kind = row["kind"]
    if kind == SearchEntry.Kind.POINT:
        url = reverse(
            "seances:point", kwargs={"collectivite": slug, "item_id": row["item_id"]}
        )
    else:
        url = reverse(
            "documents:detail",
            kwargs={"collectivite": slug, "document_id": row["document_id"]},
        )
        if kind == SearchEntry.Kind.COMMENT:
            url += f"#commentaire-{row['comment_id']}"
    return Hit(
        kind=kind,
        kind_label=SearchEntry.Kind(kind).label,
        url=url,
        title=marked(row["title_marked"]),
        passage=marked(row["passage"]),
        label=row["label"],
        score=float(row["score"]),
    )
