"""The national open-data format of délibérations, SCDL « Délibérations »
2.1.5 (RULES §9): its columns in order, its patterns, the name of the file,
writing a file and reading one back with every bad line reported.

Plain data in, plain data out: the Django side (``publication.scdl``) maps
its délibérations to ``Row`` and back.
"""

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date

from domain import actes

VERSION = "2.1.5"

# (column, type, required), in the order of the schema.
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("COLL_NOM", "string", True),
    ("COLL_SIRET", "string", True),
    ("DELIB_ID", "string", True),
    ("DELIB_DATE", "date", True),
    ("DELIB_MATIERE_CODE", "string", True),
    ("DELIB_MATIERE_NOM", "string", True),
    ("DELIB_OBJET", "string", True),
    ("BUDGET_ANNEE", "string", False),
    ("BUDGET_NOM", "string", False),
    ("PREF_ID", "string", False),
    ("PREF_DATE", "date", False),
    ("VOTE_EFFECTIF", "integer", False),
    ("VOTE_REEL", "integer", False),
    ("VOTE_POUR", "integer", False),
    ("VOTE_CONTRE", "integer", False),
    ("VOTE_ABSTENTION", "integer", False),
    ("DELIB_URL", "string", False),
)
HEADER = tuple(name for name, _, _ in COLUMNS)

# The longest objet of a real délibération is a few hundred characters. The
# limit is checked here, not left to csv.field_size_limit, which is one
# setting for the whole process.
MAX_CELL = 10_000
UNREADABLE = (
    f"une cellule de plus de {MAX_CELL:,} caractères ".replace(
        ",", "\N{NO-BREAK SPACE}"
    )
    + "ou un guillemet qui n'est pas refermé"
)

PATTERNS = {
    "COLL_SIRET": re.compile(r"\d{14}"),
    "DELIB_MATIERE_CODE": re.compile(r"\d\.\d{1,2}"),
    "BUDGET_ANNEE": re.compile(r"[0-9]{4}(/[0-9]{4})?"),
    "PREF_ID": re.compile(r"PREF\w{3}|SPREF\w{4}|SGAR\w{3}"),
}
_URL = re.compile(r"https?://[^\s/$.?#].\S*", re.IGNORECASE)

_L2 = dict(actes.MATIERES)


def _plain(text: str) -> str:
    """Lower case without accents, as the nomenclature check compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _nom_part(label: str) -> str:
    """A label as the column accepts it: lower case with its accents, no
    comma and no parenthesis."""
    cleaned = re.sub(r"[(),]", "", label.lower())
    return re.sub(r"\s+", " ", cleaned).strip()


def matiere_nom(code: str) -> str:
    """``DELIB_MATIERE_NOM`` of an ACTES matière of level 2:
    ``"finances locales/subventions"`` for 7.5."""
    return f"{_nom_part(actes.MATIERE_L1[code.split('.')[0]])}/{_nom_part(_L2[code])}"


def file_name(on: date, siren: str) -> str:
    """``AAAAMMJJ_<SIREN>_deliberations.csv``, the SCDL file name rule."""
    return f"{on:%Y%m%d}_{siren}_deliberations.csv"


@dataclass(frozen=True)
class Row:
    coll_nom: str
    coll_siret: str
    delib_id: str
    delib_date: date
    delib_matiere_code: str
    delib_matiere_nom: str
    delib_objet: str
    budget_annee: str = ""
    budget_nom: str = ""
    pref_id: str = ""
    pref_date: date | None = None
    vote_effectif: int | None = None
    vote_reel: int | None = None
    vote_pour: int | None = None
    vote_contre: int | None = None
    vote_abstention: int | None = None
    delib_url: str = ""

    def values(self) -> list[str]:
        return [_text(getattr(self, f.name)) for f in fields(self)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write(rows: Iterable[Row]) -> str:
    """The file: UTF-8 text, comma separated, every column with its header,
    fields quoted when they hold a comma, a quote or a line break."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(row.values())
    return out.getvalue()


def table_schema() -> dict:
    """The columns as a Frictionless Table Schema, to check a file."""
    schema_fields = []
    for name, kind, required in COLUMNS:
        constraints: dict[str, object] = {"required": required}
        if name in PATTERNS:
            constraints["pattern"] = PATTERNS[name].pattern
        if kind == "integer":
            constraints["minimum"] = 0
        spec: dict[str, object] = {"name": name, "type": kind}
        if name == "DELIB_URL":
            spec["format"] = "uri"
        spec["constraints"] = constraints
        schema_fields.append(spec)
    return {"fields": schema_fields, "missingValues": [""]}


# Reading a file --------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}" if self.line else self.message


@dataclass
class Reading:
    rows: list[tuple[int, Row]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def decode(data: bytes) -> str:
    """The text of a file in UTF-8 (with or without BOM), UTF-16 with its
    BOM, or, failing those, Windows-1252 as old office software writes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _separator(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _parse_date(value: str) -> date:
    """ISO ``2026-01-15``, as the schema says, or ``15/01/2026``, as many
    files written by hand say."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    french = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif french:
        day, month, year = (int(part) for part in french.groups())
    else:
        raise ValueError(f"« {value} » n'est pas une date (attendu AAAA-MM-JJ)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"« {value} » n'est pas une date qui existe") from None


def _parse_int(value: str, name: str) -> int:
    if not re.fullmatch(r"\d{1,5}", value):
        raise ValueError(f"{name} doit être un nombre entier positif, pas « {value} »")
    return int(value)


def _check_matiere(code: str, nom: str) -> str | None:
    if code not in _L2:
        return f"la matière {code} n'est pas une matière ACTES de niveau 2"
    if "/" in nom:
        first, _, _ = nom.partition("/")
        if first != first.strip() or nom.partition("/")[2].startswith(" "):
            return "DELIB_MATIERE_NOM ne doit pas avoir d'espace autour de « / »"
        level_1 = actes.MATIERE_L1[code.split(".")[0]]
        if _plain(first) != _plain(_nom_part(level_1)):
            return (
                f"DELIB_MATIERE_NOM commence par « {first} » alors que la matière "
                f"{code} relève de « {level_1.lower()} »"
            )
    return None


def _row(values: dict[str, str]) -> Row:
    problems = []
    for name, _, required in COLUMNS:
        value = values.get(name, "")
        if required and not value:
            problems.append(f"{name} est obligatoire et vide")
        elif value and name in PATTERNS and not PATTERNS[name].fullmatch(value):
            problems.append(f"{name} a une forme inattendue : « {value} »")
    if values.get("DELIB_URL") and not _URL.fullmatch(values["DELIB_URL"]):
        problems.append(
            f"DELIB_URL n'est pas une adresse web : « {values['DELIB_URL']} »"
        )
    parsed: dict[str, object] = {}
    for name in ("DELIB_DATE", "PREF_DATE"):
        if values.get(name):
            try:
                parsed[name] = _parse_date(values[name])
            except ValueError as error:
                problems.append(f"{name} : {error}")
    for name in (
        "VOTE_EFFECTIF",
        "VOTE_REEL",
        "VOTE_POUR",
        "VOTE_CONTRE",
        "VOTE_ABSTENTION",
    ):
        if values.get(name):
            try:
                parsed[name] = _parse_int(values[name], name)
            except ValueError as error:
                problems.append(str(error))
    code = values.get("DELIB_MATIERE_CODE", "")
    if code and PATTERNS["DELIB_MATIERE_CODE"].fullmatch(code):
        mismatch = _check_matiere(code, values.get("DELIB_MATIERE_NOM", ""))
        if mismatch:
            problems.append(mismatch)
    delib_date, pref_date = parsed.get("DELIB_DATE"), parsed.get("PREF_DATE")
    if (
        isinstance(delib_date, date)
        and isinstance(pref_date, date)
        and pref_date < delib_date
    ):
        problems.append("PREF_DATE est antérieure à la date de la délibération")
    votes = [parsed.get(n) for n in ("VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")]
    reel, effectif = parsed.get("VOTE_REEL"), parsed.get("VOTE_EFFECTIF")
    counted = [v for v in votes if isinstance(v, int)]
    if isinstance(reel, int) and len(counted) == len(votes) and sum(counted) > reel:
        problems.append("les voix pour, contre et abstentions dépassent VOTE_REEL")
    if isinstance(reel, int) and isinstance(effectif, int) and reel > effectif:
        problems.append("VOTE_REEL dépasse VOTE_EFFECTIF")
    if problems:
        raise ValueError(" ; ".join(problems))
    return Row(
        coll_nom=values["COLL_NOM"],
        coll_siret=values["COLL_SIRET"],
        delib_id=values["DELIB_ID"],
        delib_date=parsed["DELIB_DATE"],  # type: ignore[arg-type]
        delib_matiere_code=code,
        delib_matiere_nom=values["DELIB_MATIERE_NOM"],
        delib_objet=values["DELIB_OBJET"],
        budget_annee=values.get("BUDGET_ANNEE", ""),
        budget_nom=values.get("BUDGET_NOM", ""),
        pref_id=values.get("PREF_ID", ""),
        pref_date=parsed.get("PREF_DATE"),  # type: ignore[arg-type]
        vote_effectif=parsed.get("VOTE_EFFECTIF"),  # type: ignore[arg-type]
        vote_reel=reel,  # type: ignore[arg-type]
        vote_pour=parsed.get("VOTE_POUR"),  # type: ignore[arg-type]
        vote_contre=parsed.get("VOTE_CONTRE"),  # type: ignore[arg-type]
        vote_abstention=parsed.get("VOTE_ABSTENTION"),  # type: ignore[arg-type]
        delib_url=values.get("DELIB_URL", ""),
    )


def read(data: bytes) -> Reading:
    """Every line of a file, each either a ``Row`` or a ``Problem`` with its
    line number (the header is line 1): nothing is dropped silently."""
    reading = Reading()
    text = decode(data).replace("\x00", "")
    if not text.strip():
        reading.problems.append(Problem(0, "Le fichier est vide."))
        return reading
    first_line = text.splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first_line))
    try:
        header = [name.strip().upper() for name in next(reader)]
    except csv.Error:
        header = None
    if header is None or any(len(name) > MAX_CELL for name in header):
        reading.problems.append(Problem(1, f"l'en-tête ne se lit pas : {UNREADABLE}"))
        return reading
    missing = [name for name, _, required in COLUMNS if required and name not in header]
    if missing:
        reading.problems.append(
            Problem(
                1,
                "il manque les colonnes obligatoires "
                + ", ".join(missing)
                + " : est-ce bien un fichier SCDL Délibérations ?",
            )
        )
        return reading
    seen: dict[str, int] = {}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            cells = None
        line = reader.line_num
        if cells is None or any(len(cell) > MAX_CELL for cell in cells):
            reading.problems.append(Problem(line, f"ligne illisible : {UNREADABLE}"))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            reading.problems.append(
                Problem(
                    line,
                    f"{len(cells)} champs au lieu de {len(header)} : un séparateur "
                    "ou un guillemet en trop ?",
                )
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        try:
            row = _row(values)
        except ValueError as error:
            reading.problems.append(Problem(line, str(error)))
            continue
        if row.delib_id in seen:
            reading.problems.append(
                Problem(
                    line,
                    f"DELIB_ID « {row.delib_id} » figure déjà ligne {seen[row.delib_id]}",
                )
            )
            continue
        seen[row.delib_id] = line
        reading.rows.append((line, row))
    return reading
