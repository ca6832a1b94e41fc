"""The files of a délibération: its PDF (WeasyPrint), an ODT to edit
elsewhere, the annual registre (R2121-9, RULES §6.2) and the package for
the transmission operator (RULES §6.4)."""

import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from actes.models import Deliberation, Signature
from collectivites.models import Collectivite
from documents.storage import open_blob
from domain import actes
from domain.departements import departement_label
from domain.french import (
    Civility,
    capitalize,
    elide,
    president_title,
    secretary_title,
    with_article,
)
from domain.transmission import TransmissionError, actes_identifier
from dossiers.pdf import pdf_from_html
from seances import richtext


def departement_of(collectivite: Collectivite) -> str:
    return departement_label(collectivite.insee_code)


def context_of(
    deliberation: Deliberation, signatures: list[Signature] | None = None
) -> dict[str, Any]:
    mentions = deliberation.mentions
    return {
        "d": deliberation,
        "m": mentions,
        "departement": departement_of(deliberation.collectivite),
        "seance_at": datetime.fromisoformat(mentions["seance_at"]),
        "convened_on": (
            date.fromisoformat(mentions["convened_on"])
            if mentions.get("convened_on")
            else None
        ),
        "signatures": signatures or [],
        **signers_of(mentions),
    }


def signers_of(mentions: dict[str, Any]) -> dict[str, str]:
    """« La présidente de séance », « Le secrétaire de séance », agreed with
    the persons named in the mentions; an act signed before Quorum knew
    civilities keeps the wording of its time."""
    president = Civility(mentions.get("president_civility", ""))
    secretary = Civility(mentions.get("secretaire_civility", ""))
    return {
        "president_title": president_title(president),
        "president_heading": capitalize(
            with_article(president_title(president), president)
        ),
        "secretary_heading": capitalize(
            with_article(secretary_title(secretary), secretary)
        ),
        "rapporteur_of": elide("de", mentions.get("rapporteur", "")),
    }


@cache
def _css() -> str:
    path = finders.find("dossiers/pdf.css")
    if not isinstance(path, str):
        raise RuntimeError("dossiers/pdf.css est introuvable")
    with open(path, encoding="utf-8") as stream:
        base = stream.read()
    return base + ACTES_CSS


ACTES_CSS = """
html { hyphens: manual; }
p { text-align: left; }
.signatures { display: flex; justify-content: space-between; margin-top: 2em; }
.signature-bloc { width: 45%; break-inside: avoid; min-height: 3.5cm; }
.registre-entete { font-size: 8.5pt; color: #3a3a3a; }
"""


def deliberation_pdf(deliberation: Deliberation) -> bytes:
    html = render_to_string("actes/pdf/deliberation.html", context_of(deliberation))
    return pdf_from_html(html, _css())


def registre_pdf(
    collectivite: Collectivite,
    year: int,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """Every délibération of ``year`` in the order of their numbers, each
    sheet numbered ("coté"), the sheet closing each séance with the order
    numbers and room for the signatures of the maire and the secrétaire,
    and the tables by date and by subject (R2121-9, RULES §6.2).
    ``progress(done, total)``: called as the acts are laid out, before the
    pages are drawn in one go."""
    rows = list(
        Deliberation.objects.filter(collectivite=collectivite, year=year)
        .select_related("collectivite", "seance")
        .order_by("sequence")
    )
    seances: list[dict[str, Any]] = []
    for done, one in enumerate(rows, start=1):
        if not seances or seances[-1]["seance"].pk != one.seance_id:
            seances.append({"seance": one.seance, "acts": []})
        seances[-1]["acts"].append(context_of(one))
        if progress is not None:
            progress(done, len(rows))
    by_subject: dict[str, list[Deliberation]] = defaultdict(list)
    for one in rows:
        key = (
            f"{one.matiere} {one.get_matiere_display()}"
            if one.matiere
            else "Sans matière"
        )
        by_subject[key].append(one)
    subjects = sorted(
        by_subject.items(), key=lambda pair: _matiere_key(pair[1][0].matiere)
    )
    html = render_to_string(
        "actes/pdf/registre.html",
        {
            "collectivite": collectivite,
            "year": year,
            "rows": rows,
            "seances": seances,
            "subjects": subjects,
            "departement": departement_of(collectivite),
        },
    )
    sheets = (
        "@page { @top-right { font-family: Quorum, 'DejaVu Sans', sans-serif; "
        f"font-size: 8.5pt; content: 'Registre {year} — feuillet n° ' counter(page); }} }}"
    )
    return pdf_from_html(html, _css() + sheets)


def _matiere_key(code: str) -> tuple[int, ...]:
    if not code:
        return (99,)
    return tuple(int(part) for part in code.split("."))


def deliberation_odt(deliberation: Deliberation) -> bytes:
    """The délibération as an OpenDocument text, to rework elsewhere: the
    signed PDF stays the act."""
    from odf.opendocument import OpenDocumentText  # noqa: PLC0415
    from odf.style import Style, TextProperties  # noqa: PLC0415
    from odf.text import H, P  # noqa: PLC0415

    mentions = deliberation.mentions
    document = OpenDocumentText()
    bold = Style(name="Gras", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    document.styles.addElement(bold)

    def para(text: str, style: object = None) -> None:
        document.text.addElement(
            P(text=text, stylename=style) if style else P(text=text)
        )

    context = context_of(deliberation)
    seance_at: datetime = context["seance_at"]
    para(mentions["collectivite"], bold)
    para("Extrait du registre des délibérations du conseil municipal")
    para(f"Séance du {seance_at:%d/%m/%Y} à {seance_at:%H:%M} — {mentions['place']}")
    convened = context["convened_on"]
    para(
        "Date de la convocation : "
        + (f"{convened:%d/%m/%Y}" if convened else "non renseignée")
    )
    para(
        f"Membres en exercice : {deliberation.en_exercice} — présents : "
        f"{deliberation.presents} — représentés : {deliberation.representes} — "
        f"votants : {deliberation.votants}"
    )
    para("Présents : " + (", ".join(mentions["present"]) or "aucun"))
    if mentions["represented"]:
        para(
            "Représentés : "
            + ", ".join(f"{a} (pouvoir à {b})" for a, b in mentions["represented"])
        )
    signers = signers_of(mentions)
    para(f"{capitalize(signers['president_title'])} : {mentions['president']}")
    para(f"Secrétaire de séance : {mentions['secretaire']}")
    document.text.addElement(
        H(
            outlinelevel=1,
            text=f"Délibération n° {deliberation.display_number} — "
            f"{deliberation.title}",
        )
    )
    for line in richtext.paragraphs(deliberation.expose):
        para(line)
    para("Le conseil municipal,")
    for line in richtext.paragraphs(deliberation.visas, by_line=True):
        para(line)
    for line in richtext.paragraphs(deliberation.considerants, by_line=True):
        para(line)
    para(f"Après en avoir délibéré, le conseil municipal, {mentions['vote_sentence']},")
    para("DÉCIDE :" if deliberation.is_adopted else "REJETTE :", bold)
    for number, line in enumerate(
        richtext.paragraphs(deliberation.articles, by_line=True), start=1
    ):
        para(f"Article {'1er' if number == 1 else number} — {line}")
    for label, people in mentions["names"].items():
        para(f"{label} : {', '.join(people)}")
    para("Fait et délibéré les jour, mois et an que dessus.")
    para(f"{signers['president_heading']}, {mentions['president']}")
    para(f"{signers['secretary_heading']}, {mentions['secretaire']}")
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def actes_id_of(deliberation: Deliberation) -> str:
    collectivite = deliberation.collectivite
    return actes_identifier(
        insee_code=collectivite.insee_code,
        siren=collectivite.siren,
        decided_on=deliberation.adopted_on,
        number=deliberation.actes_number,
        nature=deliberation.nature,
    )


def signature_refusal(deliberation: Deliberation) -> str:
    """Why the act cannot go to the préfecture yet, or "": a délibération is
    signed by the president and the secrétaire de séance (CGCT L2121-23)
    before it is transmitted (RULES §6.4 life cycle, §7 item 9)."""
    done = deliberation.signatures.count()
    needed = len(Signature.Capacity)
    if done >= needed:
        return ""
    return (
        f"La délibération n'est pas encore signée ({done} signature"
        f"{'s' if done > 1 else ''} sur {needed}) : la préfecture attend un acte "
        "signé par le président et le secrétaire de séance (CGCT L2121-23). "
        "Faites-la signer, puis téléchargez le paquet."
    )


def transmission_package(deliberation: Deliberation) -> tuple[str, bytes]:
    """A ZIP for the approved operator: the PDF (signed when it is) and its
    metadata as JSON, named after the ACTES identifier. Raises
    ``TransmissionError`` (in French) when the collectivité lacks its SIREN
    or INSEE code, the PDF is not drawn yet or the act is not signed."""
    blob = deliberation.signed_pdf or deliberation.pdf
    if blob is None:
        raise TransmissionError(
            "Le PDF de la délibération est en cours de préparation : "
            "réessayez dans un instant."
        )
    identifier = actes_id_of(deliberation)
    unsigned = signature_refusal(deliberation)
    if unsigned:
        raise TransmissionError(unsigned)
    metadata = {
        "identifiant_actes": identifier,
        "numero_interne": deliberation.actes_number,
        "numero": deliberation.display_number,
        "date_decision": deliberation.adopted_on.isoformat(),
        "nature_code": deliberation.nature,
        "nature": deliberation.get_nature_display(),
        "nature_lettres": actes.nature_letters(deliberation.nature),
        "matiere_code": deliberation.matiere,
        "matiere": deliberation.get_matiere_display() if deliberation.matiere else "",
        "objet": deliberation.title,
        "collectivite": deliberation.collectivite.name,
        "siren": deliberation.collectivite.siren,
        "fichier": f"{identifier}.pdf",
        "empreinte_sha256": blob.sha256,
        "signe_electroniquement": deliberation.signed_pdf_id is not None,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with open_blob(blob) as stream:
            archive.writestr(f"{identifier}.pdf", stream.read())
        archive.writestr(
            "metadonnees.json", json.dumps(metadata, ensure_ascii=False, indent=2)
        )
    return f"{identifier}.zip", out.getvalue()
