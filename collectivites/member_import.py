"""Reading the member lists that communes really have, and importing them.

``read_table`` turns the bytes of a CSV (any encoding a French office
produces, any usual separator) or of an XLSX workbook into lines numbered
as in the file; ``guess_columns`` proposes which column holds what;
``build_preview`` says for every line whether it can be imported and, if
not, why. No line is ever dropped without a reason shown. Nothing is
written until the import itself (``import_runs`` in the background, or
``import_members`` in one transaction), which rebuilds the preview from the
same bytes, so that what is imported is what the rules say at that moment,
not what a page showed earlier.
"""

import codecs
import csv
import hashlib
import io
import itertools
import logging
import re
import unicodedata
import warnings
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from enum import StrEnum

import openpyxl
import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from collectivites.models import Collectivite, Membership
from collectivites.services import (
    add_member,
    check_council_seats,
    role_errors,
    send_invitation,
)
from domain.council import mandates_over_seats
from domain.roles import ROLE_LABELS, Role, Status, status_of
from journal.services import record

logger = logging.getLogger(__name__)

# A council list is a few kilobytes; 2 MB is some 30,000 lines of CSV.
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50
# A name, an address or a function: no cell of a member list is this long.
# Checked here rather than left to csv.field_size_limit, which is one setting
# for the whole process and which other libraries raise.
MAX_CELL = 1_000

SAVE_AS = (
    "Enregistrez la liste depuis votre tableur au format Excel (.xlsx) "
    "ou CSV (.csv), puis déposez ce fichier."
)


class NotATable(ValueError):
    """The bytes are no table Quorum can read; the message says why, in French."""


class Target(StrEnum):
    """What a column of the file may hold."""

    EMAIL = "email"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    FULL_NAME = "full_name"
    PHONE = "phone"
    ROLE = "role"
    FUNCTION = "function"
    DELEGATION = "delegation"
    RANK = "rank"
    STARTED_ON = "started_on"
    ENDED_ON = "ended_on"
    END_REASON = "end_reason"


TARGET_LABELS: dict[Target, str] = {
    Target.EMAIL: "Adresse e-mail",
    Target.FIRST_NAME: "Prénom",
    Target.LAST_NAME: "Nom",
    Target.FULL_NAME: "Prénom et nom (dans la même colonne)",
    Target.PHONE: "Téléphone",
    Target.ROLE: "Rôle (maire, adjoint, conseiller…)",
    Target.FUNCTION: "Fonction ou titre",
    Target.DELEGATION: "Délégation",
    Target.RANK: "Rang au tableau",
    Target.STARTED_ON: "Début du mandat ou de la fonction",
    Target.ENDED_ON: "Fin du mandat ou de la fonction",
    Target.END_REASON: "Motif de fin",
}

LENGTH_LIMITS: dict[Target, int] = {
    Target.EMAIL: 254,
    Target.FIRST_NAME: User._meta.get_field("first_name").max_length or 150,
    Target.LAST_NAME: User._meta.get_field("last_name").max_length or 150,
    Target.FUNCTION: Membership._meta.get_field("function").max_length or 200,
    Target.DELEGATION: Membership._meta.get_field("delegation").max_length or 300,
    Target.END_REASON: Membership._meta.get_field("end_reason").max_length or 200,
}


def normalize(text: str) -> str:
    """Lower case, no accents, no "(e)", words separated by one space."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"\([^)]*\)", " ", text.lower())
    return " ".join(re.findall(r"[a-z0-9]+", text))


# Header names met in French, English and German exports (normalized).
HEADER_WORDS: dict[str, Target] = {
    **dict.fromkeys(
        ["email", "e mail", "mail", "courriel", "adresse mail", "adresse e mail"]
        + ["adresse email", "adresse electronique", "adresse courriel"]
        + ["email address", "e mail address", "e mail adresse", "emailadresse"],
        Target.EMAIL,
    ),
    **dict.fromkeys(
        ["prenom", "prenoms", "first name", "firstname", "given name", "vorname"],
        Target.FIRST_NAME,
    ),
    **dict.fromkeys(
        ["nom", "nom de famille", "nom d usage", "last name", "lastname"]
        + ["surname", "family name", "nachname", "familienname"],
        Target.LAST_NAME,
    ),
    **dict.fromkeys(
        ["nom prenom", "nom et prenom", "prenom nom", "prenom et nom"]
        + ["nom complet", "identite", "full name", "name"],
        Target.FULL_NAME,
    ),
    **dict.fromkeys(
        ["telephone", "tel", "telephone portable", "portable", "mobile", "gsm"]
        + ["phone", "phone number", "telefon", "telefonnummer", "handy"],
        Target.PHONE,
    ),
    # A council list's "Fonction" says maire, adjoint or conseiller.
    **dict.fromkeys(["role", "mandat", "qualite", "fonction", "rolle"], Target.ROLE),
    **dict.fromkeys(
        ["function", "title", "titre", "poste", "emploi", "amt", "position"]
        + ["job title", "service"],
        Target.FUNCTION,
    ),
    **dict.fromkeys(["delegation", "delegations", "attributions"], Target.DELEGATION),
    **dict.fromkeys(["rang", "ordre", "ordre du tableau", "rank"], Target.RANK),
    **dict.fromkeys(
        ["debut", "date de debut", "debut du mandat", "date d installation"]
        + ["installation", "depuis", "start", "start date", "beginn"],
        Target.STARTED_ON,
    ),
    **dict.fromkeys(
        ["fin", "date de fin", "fin du mandat", "jusqu au", "end", "end date"]
        + ["date de demission", "ende"],
        Target.ENDED_ON,
    ),
    **dict.fromkeys(
        ["motif", "motif de fin", "raison", "reason", "grund"], Target.END_REASON
    ),
}

# Role words, tried in this order on the normalized text: "adjoint
# administratif" is an agent's grade, "adjoint au maire" is no maire.
ROLE_PATTERNS: tuple[tuple[re.Pattern[str], Role], ...] = tuple(
    (re.compile(pattern), role)
    for pattern, role in (
        (r"\badjointe? (administrati|techni|d animation|du patrimoine)", Role.AGENT),
        (r"\b(dgs|directeure? generale?|directrice generale)\b", Role.DGS),
        (r"\bsecretaire\b(?! de seance)", Role.SECRETAIRE),
        (
            r"\b(adjointe?s?|maire adjointe?|deputy mayor|stellvertret\w*)\b",
            Role.ADJOINT,
        ),
        (
            r"\b(conseill\w* (municipa\w* )?delegue\w*|delegue\w*)\b",
            Role.CONSEILLER_DELEGUE,
        ),
        (r"\b(maire|mayor|burgermeister\w*|bourgmestre)\b", Role.MAIRE),
        (
            r"\b(conseill\w*|councill?or|council member|elue?|gemeinderat\w*"
            r"|ratsmitglied|stadtrat\w*)\b",
            Role.CONSEILLER,
        ),
        (r"\b(agente?|employee?|staff|technicien\w*|atsem|comptable)\b", Role.AGENT),
    )
)


def role_from_text(text: str) -> Role | None:
    """The Quorum role a word of a member list means, if any."""
    words = normalize(text)
    for pattern, role in ROLE_PATTERNS:
        if pattern.search(words):
            return role
    return None


# Reading ---------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    number: int  # as a text editor or a spreadsheet shows it, from 1
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """The non-blank lines of a file, the header included if there is one."""

    lines: tuple[Line, ...]
    blank_lines: tuple[int, ...]
    file_format: str
    encoding: str = ""
    separator: str = ""
    usual_width: int | None = None  # CSV only: the field count of most lines
    notes: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return max((len(line.cells) for line in self.lines), default=0)


SEPARATOR_LABELS = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}


def read_table(data: bytes) -> Table:
    """The lines of a CSV or XLSX file, recognised by content, not by name."""
    if not data.strip():
        raise NotATable("Le fichier est vide.")
    if len(data) > MAX_BYTES:
        raise NotATable(
            f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : une liste de "
            "membres est bien plus petite. Vérifiez qu'il s'agit du bon fichier."
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(data)
    _refuse_binary(data)
    text, encoding = decode(data)
    if re.match(r"\s*<(!doctype html|html|table)", text, re.IGNORECASE):
        raise NotATable(
            f"Ce fichier est une page web (HTML), pas un tableau. {SAVE_AS}"
        )
    return _read_csv(text, encoding)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (with or without BOM),
    UTF-16 (Excel's "texte Unicode"), else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 avec BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    bomless = _bomless_utf16(data)
    if bomless is not None:
        return data.decode(bomless, errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1"


def _bomless_utf16(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 text saved without its byte
    order mark (some exports do): a French list is mostly Latin letters, so
    every other byte is zero."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _refuse_binary(data: bytes) -> None:
    kinds = {
        b"%PDF": "Ce fichier est un PDF : Quorum ne sait pas en extraire un tableau.",
        b"\xd0\xcf\x11\xe0": (
            "Ce fichier est dans un ancien format de Microsoft Office (.xls, .doc) "
            "ou protégé par un mot de passe."
        ),
        b"\x89PNG": "Ce fichier est une image, pas un tableau.",
        b"\xff\xd8\xff": "Ce fichier est une image, pas un tableau.",
        b"{\\rtf": "Ce fichier est un document de traitement de texte, pas un tableau.",
    }
    for magic, message in kinds.items():
        if data.startswith(magic):
            raise NotATable(f"{message} {SAVE_AS}")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        _bomless_utf16(data) is not None
    )
    if not utf16 and b"\x00" in data[:4096]:
        raise NotATable(
            f"Ce fichier n'est pas un tableau que Quorum sait lire. {SAVE_AS}"
        )


def _read_zip(data: bytes) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError) as error:
        raise NotATable(f"Ce fichier est endommagé. {SAVE_AS}") from error
    if "xl/workbook.xml" in names:
        return _read_xlsx(data)
    if b"spreadsheet" in mimetype:
        message = "Ce fichier est un classeur LibreOffice (.ods)."
    elif "word/document.xml" in names or b"text" in mimetype:
        message = "Ce fichier est un document de traitement de texte, pas un tableau."
    else:
        message = "Ce fichier est une archive compressée (.zip), pas un tableau."
    raise NotATable(f"{message} {SAVE_AS}")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (value.date() if value.time() == time(0) else value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> Table:
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True
            )
    except Exception as error:  # openpyxl raises anything on a damaged file
        raise NotATable(
            f"Ce classeur Excel est endommagé : Quorum ne peut pas le lire. {SAVE_AS}"
        ) from error
    try:
        sheets = [s for s in book.worksheets if s.sheet_state == "visible"]
        if not sheets:
            raise NotATable("Le classeur ne contient aucune feuille visible.")
        notes: tuple[str, ...] = ()
        if len(sheets) > 1:
            notes = (
                f"Le classeur a {len(sheets)} feuilles : seule la première, "
                f"« {sheets[0].title} », est lue.",
            )
        rows = sheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)
        records = [
            (number, tuple(_cell_text(value) for value in values))
            for number, values in enumerate(
                itertools.islice(rows, 2 * MAX_ROWS + 1), start=1
            )
        ]
    finally:
        book.close()
    if len(records) > 2 * MAX_ROWS:
        raise NotATable(_too_many_rows())
    _refuse_long_cells(records)
    # Cells to the right of the last filled one mean nothing in a sheet.
    trimmed = []
    for number, cells in records:
        while cells and not cells[-1]:
            cells = cells[:-1]
        trimmed.append((number, cells))
    table = _table(trimmed, "Excel (XLSX)", notes=notes)
    if not table.lines:
        raise NotATable("Le classeur ne contient aucune donnée.")
    return table


def _refuse_long_cells(records: Iterable[tuple[int, Sequence[str]]]) -> None:
    for number, cells in records:
        if any(len(cell) > MAX_CELL for cell in cells):
            raise NotATable(
                f"La ligne {number} a une cellule de plus de {MAX_CELL:,} ".replace(
                    ",", " "
                )
                + "caractères : ce fichier n'a pas la forme d'une liste de "
                f"membres, ou un guillemet n'est pas refermé. {SAVE_AS}"
            )


def _too_many_rows() -> str:
    return (
        f"Le fichier compte plus de {MAX_ROWS:,} lignes".replace(",", " ")
        + " : découpez-le en plusieurs fichiers."
    )


def _csv_records(text: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the number of the line where it starts: a quoted
    field may span several lines."""
    # Without a separator every line is one value; \x1f never occurs in text.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator or "\x1f")
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def sniff_separator(text: str) -> str:
    """The separator that splits the first lines most regularly into the
    most columns; "" when none of ; , or tab makes columns."""
    best, best_key = "", (0.0, 1)
    for separator in (";", ",", "\t"):
        if separator not in text:
            continue
        try:
            counts = [
                len(cells)
                for _, cells in itertools.islice(_csv_records(text, separator), 200)
                if any(cell.strip() for cell in cells)
            ]
        except csv.Error:
            continue
        if not counts:
            continue
        usual, seen = Counter(counts).most_common(1)[0]
        key = (round(seen / len(counts), 1), usual)
        if usual > 1 and key > best_key:
            best, best_key = separator, key
    return best


def _read_csv(text: str, encoding: str) -> Table:
    separator = sniff_separator(text)
    try:
        records = list(
            itertools.islice(_csv_records(text, separator), 2 * MAX_ROWS + 1)
        )
    except csv.Error as error:
        # Python's words (in English) stay in the log, not on the page.
        logger.info("member list not read as CSV: %s", error)
        raise NotATable(
            "Ce fichier n'a pas la forme d'un tableau : une cellule est bien "
            f"trop longue, ou un guillemet n'est pas refermé. {SAVE_AS}"
        ) from error
    if len(records) > 2 * MAX_ROWS:
        raise NotATable(_too_many_rows())
    _refuse_long_cells(records)
    if any(len(cells) > MAX_COLUMNS for _, cells in records):
        raise NotATable(
            f"Le fichier compte plus de {MAX_COLUMNS} colonnes : une liste de "
            "membres en a bien moins. Vérifiez qu'il s'agit du bon fichier, "
            f"ou choisissez un autre séparateur. {SAVE_AS}"
        )
    table = _table(
        [(n, tuple(c.strip() for c in cells)) for n, cells in records],
        "CSV",
        encoding=encoding,
        separator=separator,
    )
    if not table.lines:
        raise NotATable("Le fichier ne contient que des lignes vides.")
    counts = Counter(len(line.cells) for line in table.lines)
    return replace(table, usual_width=counts.most_common(1)[0][0])


def _table(
    records: list[tuple[int, tuple[str, ...]]], file_format: str, **extra: object
) -> Table:
    lines = tuple(Line(n, cells) for n, cells in records if any(cells))
    if len(lines) > MAX_ROWS + 1:
        raise NotATable(_too_many_rows())
    blank = tuple(n for n, cells in records if not any(cells))
    # Blank lines after the last one are the end of the file, not a gap.
    last = lines[-1].number if lines else 0
    return Table(
        lines=lines,
        blank_lines=tuple(n for n in blank if n < last),
        file_format=file_format,
        **extra,  # type: ignore[arg-type]
    )


# Guessing the columns ------------------------------------------------------


def header_target(cell: str) -> Target | None:
    words = normalize(cell)
    if words in HEADER_WORDS:
        return HEADER_WORDS[words]
    tokens = set(words.split())
    if tokens & {"mail", "courriel", "email"}:
        return Target.EMAIL
    if tokens & {"telephone", "tel", "phone", "portable"}:
        return Target.PHONE
    if tokens & {"prenom", "vorname"}:
        return Target.FIRST_NAME
    return None


def guess_columns(table: Table) -> tuple[bool, tuple[str, ...]]:
    """Whether the first line names the columns, and a target per column
    ("" for a column not to import), from the names or from the contents."""
    first = table.lines[0].cells
    named = [header_target(cell) for cell in first]
    has_header = any(named)
    if not has_header and len(table.lines) > 1:
        # An unknown header word above a column of addresses.
        column = _content_column(table.lines[1:], _looks_like_email)
        has_header = column is not None and _is_word(first, column)
    mapping: list[str] = [""] * table.width
    if has_header:
        for index, target in enumerate(named):
            if target and target.value not in mapping:
                mapping[index] = target.value
    if {Target.FIRST_NAME, Target.LAST_NAME} & set(mapping):
        mapping = ["" if m == Target.FULL_NAME else m for m in mapping]
    data = table.lines[1:] if has_header else table.lines
    for target, test in (
        (Target.EMAIL, _looks_like_email),
        (Target.PHONE, _looks_like_phone),
        (Target.ROLE, lambda text: role_from_text(text) is not None),
    ):
        column = _content_column(data, test, skip=mapping)
        if target.value not in mapping and column is not None:
            mapping[column] = target.value
    return has_header, tuple(mapping)


def _is_word(cells: tuple[str, ...], column: int) -> bool:
    return column < len(cells) and bool(cells[column]) and "@" not in cells[column]


def _content_column(
    lines: Sequence[Line],
    test: Callable[[str], bool],
    skip: Sequence[str] = (),
) -> int | None:
    """The first free column where most filled cells pass ``test``."""
    sample = lines[:200]
    for column in range(max((len(line.cells) for line in sample), default=0)):
        if column < len(skip) and skip[column]:
            continue
        values = [line.cells[column] for line in sample if column < len(line.cells)]
        filled = [value for value in values if value]
        if filled and sum(map(test, filled)) * 2 > len(filled):
            return column
    return None


def _looks_like_email(text: str) -> bool:
    return re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text) is not None


def _looks_like_phone(text: str) -> bool:
    return len(re.sub(r"\D", "", text)) >= 8 and clean_phone(text)[1] is None


# Checking each line ------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What the person importing chose: the list, and what each column holds."""

    kind: Status
    default_role: Role
    started_on: date
    has_header: bool
    mapping: tuple[str, ...]


Period = tuple[date, date | None]  # from the first day to the day before the end


@dataclass(frozen=True)
class Existing:
    """The places the collectivité already has, that a line may clash with."""

    places: dict[str, list[tuple[Period, Role]]] = field(default_factory=dict)
    maires: list[tuple[str, Period]] = field(default_factory=list)
    elus: list[Period] = field(default_factory=list)
    council_seats: int | None = None


@dataclass
class Member:
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    role: Role = Role.CONSEILLER
    function: str = ""
    delegation: str = ""
    rank: int | None = None
    started_on: date = date.min
    ended_on: date | None = None
    end_reason: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def period(self) -> Period:
        return self.started_on, self.ended_on

    def is_open(self, today: date) -> bool:
        return self.ended_on is None or self.ended_on > today


@dataclass
class Row:
    line: int
    cells: tuple[str, ...]
    member: Member
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Preview:
    table: Table
    settings: Settings
    header: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def ready_rows(self) -> list[Row]:
        return [row for row in self.rows if row.ready]

    @property
    def faulty_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.ready]

    @property
    def email_mapped(self) -> bool:
        return Target.EMAIL.value in self.settings.mapping


def existing_for(collectivite: Collectivite) -> Existing:
    """Every place, past or present: ``add_member`` refuses to overlap any."""
    existing = Existing(council_seats=collectivite.council_seats)
    for email, started_on, ended_on, role, status in Membership.objects.filter(
        collectivite=collectivite
    ).values_list("user__email", "started_on", "ended_on", "role", "status"):
        period = (started_on, ended_on)
        existing.places.setdefault(email.lower(), []).append((period, Role(role)))
        if role == Role.MAIRE:
            existing.maires.append((email.lower(), period))
        if status == Status.ELU:
            existing.elus.append(period)
    return existing


def build_preview(
    table: Table, settings: Settings, existing: Existing, today: date
) -> Preview:
    """Every line of the table with what would be imported and what stops it."""
    lines = table.lines[1:] if settings.has_header else table.lines
    header = table.lines[0].cells if settings.has_header else ()
    rows = tuple(_read_row(line, settings, table.usual_width) for line in lines)
    _check_same_email(rows)
    _check_existing(rows, existing)
    _check_maire(rows, existing)
    if settings.kind == Status.ELU:
        _check_council_seats(rows, existing)
    _say_who_joins_the_former_members(rows, today)
    return Preview(table, settings, header, rows)


def _read_row(line: Line, settings: Settings, usual_width: int | None) -> Row:
    values = {
        Target(target): line.cells[index]
        for index, target in enumerate(settings.mapping)
        if target and index < len(line.cells)
    }
    row = Row(line.number, line.cells, Member(started_on=settings.started_on))
    member, errors = row.member, row.errors
    if usual_width is not None and len(line.cells) != usual_width:
        errors.append(
            f"La ligne a {_fields(len(line.cells))} au lieu de {usual_width} : "
            "les colonnes sont décalées (séparateur en trop ou manquant)."
        )
    for target, limit in LENGTH_LIMITS.items():
        if len(values.get(target, "")) > limit:
            errors.append(
                f"{TARGET_LABELS[target]} trop long : {len(values[target])} "
                f"caractères, {limit} au plus."
            )
    member.email = values.get(Target.EMAIL, "").removeprefix("mailto:").lower()
    if not member.email:
        errors.append("Adresse e-mail manquante.")
    else:
        try:
            validate_email(member.email)
        except ValidationError:
            errors.append(f"Adresse e-mail invalide : « {member.email} ».")
    _read_names(row, values)
    member.phone, phone_error = clean_phone(values.get(Target.PHONE, ""))
    if phone_error:
        errors.append(phone_error)
    member.function = values.get(Target.FUNCTION, "")
    member.delegation = values.get(Target.DELEGATION, "")
    member.end_reason = values.get(Target.END_REASON, "")
    _read_role(row, values.get(Target.ROLE, ""), settings)
    _read_dates_and_rank(row, values)
    _drop_what_the_role_lacks(row)
    return row


def _drop_what_the_role_lacks(row: Row) -> None:
    """A conseiller has no délégation, an élu no fonction, an agent no rank:
    such a value is left out and said so, the rest of the line is imported.
    What still does not fit (``role_errors``) stops the line."""
    member = row.member
    facts = {
        "delegation": member.delegation,
        "function": member.function,
        "rank": member.rank,
    }
    errors = role_errors(role=member.role, **facts)  # type: ignore[arg-type]
    for name, label in (
        ("delegation", "Délégation"),
        ("function", "Fonction"),
        ("rank", "Rang au tableau"),
    ):
        if name in errors:
            row.warnings.append(
                f"{label} « {facts[name]} » non importé(e) : {errors[name]}"
            )
            setattr(member, name, None if name == "rank" else "")
    remaining = role_errors(
        role=member.role,
        delegation=member.delegation,
        function=member.function,
        rank=member.rank,
        started_on=member.started_on,
        ended_on=member.ended_on,
    )
    row.errors.extend(
        message for message in remaining.values() if message not in row.errors
    )


def _read_names(row: Row, values: dict[Target, str]) -> None:
    member = row.member
    if Target.FULL_NAME in values:
        member.first_name, member.last_name = split_full_name(values[Target.FULL_NAME])
    else:
        member.first_name = values.get(Target.FIRST_NAME, "")
        member.last_name = values.get(Target.LAST_NAME, "")
    member.first_name = " ".join(member.first_name.split())
    member.last_name = " ".join(member.last_name.split())
    if not member.first_name and not member.last_name:
        row.errors.append("Nom et prénom manquants.")
    elif not member.last_name:
        row.warnings.append("Nom manquant.")
    elif not member.first_name:
        row.warnings.append("Prénom manquant.")


def split_full_name(text: str) -> tuple[str, str]:
    """First name and last name of "Jean-Pierre JEANROY" or "JEANROY Jean-Pierre"
    (the words in capitals are the last name), else of "Fulano de Tal"."""
    words = text.split()
    capitals = [w for w in words if len(w) > 1 and w.isupper()]
    if capitals and len(capitals) < len(words):
        others = [w for w in words if w not in capitals]
        return " ".join(others), " ".join(capitals)
    if len(words) < 2:
        return "", text.strip()
    return words[0], " ".join(words[1:])


def clean_phone(text: str) -> tuple[str, str | None]:
    """The number written the usual way, or an error message."""
    text = text.strip()
    if not text:
        return "", None
    # A spreadsheet drops the leading zero of a number typed as a number.
    candidate = "0" + text if re.fullmatch(r"[1-9]\d{8}", text) else text
    try:
        number = phonenumbers.parse(candidate, "FR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return text, f"« {text} » n'est pas un numéro de téléphone."
    french = phonenumbers.region_code_for_number(number) == "FR"
    style = phonenumbers.PhoneNumberFormat
    return (
        phonenumbers.format_number(
            number, style.NATIONAL if french else style.INTERNATIONAL
        ),
        None,
    )


def _read_role(row: Row, text: str, settings: Settings) -> None:
    role = role_from_text(text) if text else None
    if role is None:
        row.member.role = settings.default_role
        if text and settings.kind == Status.AGENT and not row.member.function:
            # "Responsable de l'urbanisme" says what an agent does.
            row.member.function = text
        elif text:
            row.warnings.append(
                f"Rôle « {text} » inconnu : "
                f"{ROLE_LABELS[settings.default_role].lower()} par défaut."
            )
        return
    row.member.role = role
    if status_of(role) != settings.kind:
        people = "des élus" if settings.kind == Status.ELU else "des agents"
        row.errors.append(
            f"« {text} » ({ROLE_LABELS[role].lower()}) ne correspond pas à "
            f"la liste choisie : vous importez {people}."
        )


DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def _read_dates_and_rank(row: Row, values: dict[Target, str]) -> None:
    member = row.member
    for target in (Target.STARTED_ON, Target.ENDED_ON):
        text = values.get(target, "")
        if not text:
            continue
        day = parse_date(text)
        if day is None:
            row.errors.append(
                f"{TARGET_LABELS[target]} illisible : « {text} » "
                "(écrivez par exemple 25/05/2020)."
            )
        elif target == Target.STARTED_ON:
            member.started_on = day
        else:
            member.ended_on = day
    rank = values.get(Target.RANK, "")
    if rank:
        if re.fullmatch(r"\d{1,3}", rank) and int(rank) > 0:
            member.rank = int(rank)
        else:
            row.errors.append(f"Rang au tableau illisible : « {rank} ».")


def _lines(rows: Iterable[Row]) -> str:
    numbers = [str(row.line) for row in rows]
    if len(numbers) == 1:
        return f"la ligne {numbers[0]}"
    return f"les lignes {', '.join(numbers[:-1])} et {numbers[-1]}"


def _check_same_email(rows: tuple[Row, ...]) -> None:
    """Two lines with one address are one account: unless they are two
    successive mandates of the same person, nobody can tell whose it is."""
    by_email: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.member.email:
            by_email[row.member.email].append(row)
    for group in by_email.values():
        for row in group:
            clashes = [
                other
                for other in group
                if other is not row and _overlap(row.member.period, other.member.period)
            ]
            if clashes:
                row.errors.append(
                    f"Même adresse e-mail que {_lines(clashes)} : "
                    "chaque personne doit avoir sa propre adresse."
                )


def _overlap(one: Period, two: Period) -> bool:
    return (two[1] is None or one[0] < two[1]) and (one[1] is None or two[0] < one[1])


def _in_place(row: Row, existing: Existing) -> tuple[Period, Role] | None:
    """The collectivité's place of the same person over the same period."""
    for period, role in existing.places.get(row.member.email, []):
        if _overlap(row.member.period, period):
            return period, role
    return None


def _check_existing(rows: tuple[Row, ...], existing: Existing) -> None:
    for row in rows:
        place = _in_place(row, existing)
        if place is not None:
            (started_on, _), role = place
            row.errors.append(
                f"Déjà membre sur cette période ({ROLE_LABELS[role].lower()} "
                f"depuis le {started_on:%d/%m/%Y}) : personne n'est ajouté deux fois."
            )


def _check_maire(rows: tuple[Row, ...], existing: Existing) -> None:
    """One maire at a time, in the file and with the collectivité's own.
    A maire already in place is said so by ``_check_existing``."""
    maires = [
        row
        for row in rows
        if row.member.role == Role.MAIRE and _in_place(row, existing) is None
    ]
    for row in maires:
        if any(_overlap(row.member.period, period) for _, period in existing.maires):
            row.errors.append("La collectivité a déjà un maire sur cette période.")
        others = [
            other
            for other in maires
            if other is not row and _overlap(row.member.period, other.member.period)
        ]
        if others:
            row.errors.append(
                f"Un autre maire sur la même période figure à {_lines(others)}."
            )


def _check_council_seats(rows: tuple[Row, ...], existing: Existing) -> None:
    """No more élus than the council's seats (L2121-2), as when one élu is
    invited alone: the lines that would go beyond are refused, in the
    order of the file."""
    if existing.council_seats is None:
        return
    ready = [row for row in rows if row.ready]
    over = [
        ready[position]
        for position in mandates_over_seats(
            existing.council_seats,
            existing.elus,
            [row.member.period for row in ready],
        )
    ]
    for row in over:
        row.errors.append(
            f"Le conseil compte {existing.council_seats} sièges (CGCT L2121-2) : "
            f"avec les élus déjà en fonction et les lignes précédentes, "
            f"{_lines(over)} en ajouteraient trop. Terminez d'abord le mandat "
            "des élus que ces personnes remplacent, ou corrigez le nombre de "
            "sièges de la collectivité."
        )


def _say_who_joins_the_former_members(rows: tuple[Row, ...], today: date) -> None:
    for row in rows:
        if row.ready and not row.member.is_open(today):
            row.warnings.append(
                f"Fin le {row.member.ended_on:%d/%m/%Y} : "
                "ajouté(e) aux anciens membres."
            )


# Importing ---------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    added: list[Membership]
    preview: Preview


def import_members(
    *,
    collectivite: Collectivite,
    by: User,
    data: bytes,
    settings: Settings,
    invite: bool = False,
) -> Outcome:
    """Add every line of ``data`` that is ready, in one transaction.

    The file is read and checked again here, against the members as they
    are now. A line that ``add_member`` still refuses (someone added the
    same person meanwhile) is left aside with its reason, never half-done.
    The people added have no password; with ``invite``, each one whose
    mandate or job has not ended is sent the invitation, by the background
    worker, not during the request.
    """
    table = read_table(data)
    today = timezone.localdate()

    with transaction.atomic():
        # One import at a time per collectivité, so that each sees the other.
        Collectivite.objects.select_for_update().filter(pk=collectivite.pk).first()
        preview = build_preview(table, settings, existing_for(collectivite), today)
        added = []
        for row in preview.ready_rows:
            try:
                added.append(_add(collectivite, by, row.member, settings.kind))
            except ValidationError as error:
                row.errors.extend(error.messages)
            except IntegrityError:
                row.errors.append("Ajouté(e) entre-temps par quelqu'un d'autre.")
        record(
            "membership.imported",
            collectivite=collectivite,
            actor=by,
            file_sha256=hashlib.sha256(data).hexdigest(),
            file_format=table.file_format,
            added=len(added),
            left_aside_lines=[row.line for row in preview.faulty_rows],
            invited=invite,
        )
        if invite:
            for membership in added:
                if membership.is_current(today) or membership.started_on > today:
                    send_invitation(membership, by=by)
    return Outcome(added, preview)


def import_row(
    collectivite: Collectivite, by: User | None, row: Row, settings: Settings
) -> Membership:
    """Add the person of one ready line; ``add_member`` checks it again."""
    return _add(collectivite, by, row.member, settings.kind)


def _add(
    collectivite: Collectivite, by: User | None, member: Member, kind: Status
) -> Membership:
    if kind == Status.ELU:
        # Checked again against the members as they are now (L2121-2).
        check_council_seats(collectivite, member.started_on, member.ended_on)
    return add_member(
        collectivite=collectivite,
        by=by,
        email=member.email,
        first_name=member.first_name,
        last_name=member.last_name,
        role=member.role,
        status=kind,
        phone=member.phone,
        function=member.function,
        delegation=member.delegation,
        rank=member.rank,
        started_on=member.started_on,
        ended_on=member.ended_on,
        end_reason=member.end_reason,
    )


def _fields(count: int) -> str:
    return f"{count} champ" if count == 1 else f"{count} champs"
