import re

from demo.minipdf import simple_pdf


def test_every_xref_offset_points_at_its_object():
    pdf = simple_pdf("Liste des délibérations", ["2026-031 Installation (adoptée)"])

    xref = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", pdf).group(1))
    assert pdf[xref:].startswith(b"xref\n0 8\n")
    offsets = re.findall(rb"(\d{10}) 00000 n \n", pdf[xref:])
    for number, offset in enumerate(offsets, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj\n" % number)


def test_stream_length_is_exact_and_text_is_escaped_in_windows_1252():
    pdf = simple_pdf("Titre", ["Délibération (n° 12) \\ fin"])

    length = int(re.search(rb"/Length (\d+) >>\nstream\n", pdf).group(1))
    start = pdf.index(b"stream\n") + len(b"stream\n")
    assert pdf[start + length :].startswith(b"\nendstream")
    assert "(D\xe9lib\xe9ration \\(n\xb0 12\\) \\\\ fin) Tj".encode("latin-1") in pdf
