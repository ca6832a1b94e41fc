"""Zip bombs whose headers lie: Word, Excel and OpenDocument files are ZIP
archives, and the sizes their headers declare are whatever their maker
wrote. The check unpacks them for real, and stops at the first limit."""

import io
import struct
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from documents import filetypes
from documents.filetypes import MAX_RATIO, Refused, identify
from documents.models import Blob, Document, Version
from previews.tests.conftest import docx_bytes, stored_blobs
from quorum.testing import World, uploaded_file

BOMB = (
    "Ce fichier compressé se décompresse en un volume anormalement grand : "
    "par sécurité, il n'est pas accepté."
)
DAMAGED = (
    "Ce fichier compressé est abîmé et ne peut pas être ouvert : "
    "enregistrez-le de nouveau puis renvoyez-le."
)

# Text that compresses about four to one, like the XML of a real document.
TEXT = " ".join(str(number * 7919 % 100_003) for number in range(20_000)).encode()

# What makes each kind of office file what it is, and the part to inflate.
SHAPES = {
    "budget.docx": ({"[Content_Types].xml": b"<Types/>"}, "word/document.xml"),
    "budget.xlsx": ({"[Content_Types].xml": b"<Types/>"}, "xl/workbook.xml"),
    "budget.odt": (
        {"mimetype": b"application/vnd.oasis.opendocument.text"},
        "content.xml",
    ),
}


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _central_records(data: bytes) -> list[int]:
    """Where each record of the central directory starts."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        position = archive.start_dir
    records = []
    while data[position : position + 4] == b"PK\x01\x02":
        records.append(position)
        name, extra, comment = struct.unpack_from("<HHH", data, position + 28)
        position += 46 + name + extra + comment
    return records


def lying_about_sizes(data: bytes) -> bytes:
    """The same archive, each entry declaring that it unpacks to no more
    than its compressed size, in its local header and in the central
    directory alike (the CRC is left as it is: nobody reaches it)."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    for member in members:
        # Local header: the uncompressed size is at byte 22.
        struct.pack_into("<I", patched, member.header_offset + 22, member.compress_size)
    for record in _central_records(data):
        # Central record: compressed size at byte 20, uncompressed at 24.
        (compressed,) = struct.unpack_from("<I", patched, record + 20)
        struct.pack_into("<I", patched, record + 24, compressed)
    return bytes(patched)


def one_stream_listed(data: bytes, name: str, times: int) -> bytes:
    """The same archive whose central directory lists the entry ``name``
    ``times`` times, every copy pointing at the same compressed bytes: the
    "overlapping entries" bomb, which unpacks one stream again and again."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        start = archive.start_dir
        count = len(archive.infolist())
    records = _central_records(data)
    end = data.index(b"PK\x05\x06", start)
    chosen = next(
        data[record:following]
        for record, following in zip(records, [*records[1:], end], strict=True)
        if data[record + 46 : record + 46 + len(name)] == name.encode()
    )
    directory = data[start:end] + chosen * (times - 1)
    total = count + times - 1
    tail = bytearray(data[end:])
    struct.pack_into("<HHII", tail, 8, total, total, len(directory), start)
    return data[:start] + directory + bytes(tail)


def declared_ratio(data: bytes) -> float:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    return sum(m.file_size for m in members) / sum(m.compress_size for m in members)


class CountingStream(io.BytesIO):
    """Bytes in memory that count how many of them were read."""

    read_so_far = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.read_so_far += len(data)
        return data


@pytest.fixture
def media(settings: Settings) -> Path:
    return Path(settings.MEDIA_ROOT)


def stored(media: Path) -> tuple[int, int, int, set[Path]]:
    return (
        Document.objects.count(),
        Version.objects.count(),
        Blob.objects.count(),
        set(stored_blobs(media)),
    )


def send(client: Client, world: World, name: str, content: bytes) -> str:
    """Upload a file to the Commission des finances; the form's error."""
    client.force_login(world.personas.secretaire)
    response = client.post(
        reverse(
            "documents:upload",
            kwargs={"collectivite": world.slug, "workspace_id": world.finances.id},
        ),
        {"file": uploaded_file(name, content), "title": "", "note": ""},
    )
    assert response.status_code == 200
    return " ".join(response.context["form"].errors["file"])


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_an_office_file_whose_headers_hide_a_bomb_is_refused_and_nothing_is_stored(
    client: Client, world: World, media: Path, name: str
) -> None:
    shape, part = SHAPES[name]
    bomb = lying_about_sizes(zipped({**shape, part: b" " * (MAX_RATIO * 200_000)}))
    # What the headers say passes the check of declared sizes.
    assert declared_ratio(bomb) <= 1
    before = stored(media)

    error = send(client, world, name, bomb)

    assert error == BOMB
    assert stored(media) == before


def test_a_lying_entry_is_unpacked_only_until_the_limit_is_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Real sizes, not ratios: text that compresses only four to one, past
    the total that an archive may unpack to. The check stops within a few
    pieces of the stream, long before the end of the file."""
    monkeypatch.setattr(filetypes, "MAX_UNPACKED", 256 * 1024)
    text = " ".join(str(number * 7919 % 100_003) for number in range(400_000))
    bomb = lying_about_sizes(
        zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": text.encode()})
    )
    stream = CountingStream(bomb)

    with pytest.raises(Refused) as refusal:
        identify(stream, "rapport.docx")

    assert refusal.value.messages == [BOMB]
    assert len(bomb) > 800_000
    assert stream.read_so_far < 300_000


def test_one_stream_listed_many_times_over_is_refused(
    client: Client, world: World, media: Path
) -> None:
    """Each copy unpacks to a modest size at an ordinary ratio; together
    they read far more compressed bytes than the file holds."""
    honest = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": TEXT})
    bomb = one_stream_listed(honest, "word/document.xml", times=40)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert len(archive.infolist()) == 41
    assert declared_ratio(bomb) < 10
    before = stored(media)

    error = send(client, world, "rapport.docx", bomb)

    assert error == BOMB
    assert stored(media) == before


def test_an_entry_whose_compressed_bytes_are_garbage_is_refused_as_damaged(
    client: Client, world: World, media: Path
) -> None:
    good = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": TEXT})
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        member = archive.getinfo("word/document.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    broken = bytearray(good)
    # 0xff starts a deflate block of a reserved type: no reader can go on.
    broken[start : start + 8] = b"\xff" * 8
    before = stored(media)

    error = send(client, world, "rapport.docx", bytes(broken))

    assert error == DAMAGED
    assert stored(media) == before


def test_an_archive_compressed_in_a_way_quorum_cannot_check_is_refused() -> None:
    archive = zipped({"plan.txt": b"plan du cimetiere\n" * 100}, zipfile.ZIP_LZMA)

    with pytest.raises(Refused) as refusal:
        identify(io.BytesIO(archive), "plans.zip")

    assert refusal.value.messages == [
        "Ce fichier compressé utilise une méthode de compression que Quorum ne "
        "sait pas vérifier : recompressez-le au format ZIP ordinaire puis "
        "renvoyez-le."
    ]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("note.docx", docx_bytes("Ordre du jour du conseil"), "docx"),
        (
            "photos.zip",
            zipped({"a.jpg": b"\xff\xd8\xff" + bytes(range(256)) * 40}, 0),
            "zip",
        ),
        (
            "tableaux.zip",
            zipped({"budget.csv": b"ligne;montant\n1;200\n" * 500}, zipfile.ZIP_BZIP2),
            "zip",
        ),
        (
            "tableau.ods",
            zipped(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": b"<office:document-content/>" * 100,
                }
            ),
            "ods",
        ),
    ],
)
def test_honest_archives_are_still_taken(name: str, content: bytes, code: str) -> None:
    stream = CountingStream(content)

    assert identify(stream, name).code == code
    # Read about once, whatever the number of entries.
    assert stream.read_so_far < 2 * len(content) + filetypes.HEAD


def test_the_real_zip_based_files_of_the_corpus_are_taken(corpus_dir: Path) -> None:
    zips = [
        path
        for path in sorted(corpus_dir.rglob("*"))
        if path.is_file() and zipfile.is_zipfile(path)
    ]

    assert len(zips) >= 3
    for path in zips:
        with path.open("rb") as stream:
            assert identify(stream, path.name).family in {"office", "archive"}
