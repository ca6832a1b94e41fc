"""PostgreSQL keeps each row's text vector, and a GIN index over it.

Until now the vector of every visible row was computed again at each
search, which costs seconds at 10,000 documents. A stored generated column
is computed by PostgreSQL itself when a row is written, with the same
``french_unaccent`` configuration and weights (title A, text B) as the
query, so nothing in Python can forget to keep it in step. SQLite has its
FTS5 table (0002) and gets nothing here; the model does not know the
column, which ``search.backends`` names itself.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "search_searchentry"
COLUMN = "search_vector"
INDEX = "search_entry_vector_gin"

POSTGRES_CREATE = [
    f"""
    ALTER TABLE {TABLE} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('french_unaccent'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('french_unaccent'::regconfig, coalesce(body, '')), 'B')
    ) STORED
    """,
    f"CREATE INDEX {INDEX} ON {TABLE} USING gin ({COLUMN})",
]
POSTGRES_DROP = [
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {COLUMN}",
]


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, POSTGRES_CREATE)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(forwards, backwards)]
