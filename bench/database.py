"""The bench's own PostgreSQL database, made when missing.

The bench writes tens of thousands of rows and empties its database at the
start of each run: it never runs in the application's database. It takes
the server and the role of ``DATABASE_URL`` (the local server of the
README when unset) and works in the database ``quorum_bench`` there.
"""

from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
from psycopg import sql

LOCAL_SERVER = "postgres://quorum:quorum@127.0.0.1:5432/quorum"
NAME = "quorum_bench"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


class BenchError(Exception):
    """Why the bench cannot run; ``str(error)`` is said to the person."""


def bench_url(database_url: str, name: str = NAME) -> str:
    """``database_url`` with its database replaced by ``name``."""
    parts = urlsplit(database_url or LOCAL_SERVER)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise BenchError(
            "Le banc d'essai mesure PostgreSQL : DATABASE_URL doit désigner un "
            f"serveur PostgreSQL (postgres://…), pas « {parts.scheme} »."
        )
    # It empties its database: a name without "bench" is a mistake.
    if "bench" not in name or name == parts.path.lstrip("/"):
        raise BenchError(
            f"« {name} » ne peut pas servir au banc d'essai, qui vide sa base à "
            "chaque passage : choisissez un nom qui contient « bench »."
        )
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_if_missing(url: str) -> bool:
    """Create the database of ``url`` unless it exists; ``True`` if made."""
    config = dj_database_url.parse(url)
    name = config["NAME"]
    try:
        with psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
            connect_timeout=10,
        ) as server:
            found = server.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if found:
                return False
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise BenchError(
            f"Impossible de préparer la base « {name} » sur "
            f"{config['HOST']}:{config['PORT']} : {error}".strip()
        ) from error
    return True
