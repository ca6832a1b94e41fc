"""The full-text side of the index, in each database's own form.

SQLite: an FTS5 table that ignores accents and case, filled by
``search.backends``. PostgreSQL: the ``unaccent`` extension (trusted since
PostgreSQL 13: the database's owner may create it) and a ``french_unaccent``
configuration, French stemming after accents are removed.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FTS_TABLE = "search_fts"

SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "entry_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_DROP = f"DROP TABLE IF EXISTS {FTS_TABLE}"

POSTGRES_CREATE = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
"""
POSTGRES_DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent"


def _run(schema_editor: BaseDatabaseSchemaEditor, *, sqlite: str, pg: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(sqlite)
    elif vendor == "postgresql":
        schema_editor.execute(pg)


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, sqlite=SQLITE_CREATE, pg=POSTGRES_CREATE)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, sqlite=SQLITE_DROP, pg=POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        # Does nothing on a database other than PostgreSQL.
        UnaccentExtension(),
        migrations.RunPython(forwards, backwards),
    ]
