"""How Quorum writes French (domain/french.py): « 1er » on the first of the
month, elision before a vowel or a mute h, titles agreed with the person."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.french import (
    MUTE_H,
    Civility,
    day_format,
    elide,
    function_title,
    president_title,
    secretary_title,
    starts_with_vowel_sound,
    with_article,
)
from domain.roles import Role

# --- Dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "day", "expected"),
    [
        ("j F Y", 1, r"\1\e\r F Y"),
        ("l j F Y", 1, r"l \1\e\r F Y"),
        ("j F Y à H\\hi", 1, r"\1\e\r F Y à H\hi"),
        ("j E", 1, r"\1\e\r E"),
        ("j N Y", 1, r"\1\e\r N Y"),
        ("j F Y", 2, "j F Y"),
        ("j F Y", 31, "j F Y"),
        ("d/m/Y", 1, "d/m/Y"),
        ("j/n/Y", 1, "j/n/Y"),
        ("\\j F", 1, "\\j F"),
        ("H:i", 1, "H:i"),
    ],
)
def test_the_first_of_a_named_month_is_written_1er(pattern, day, expected):
    assert day_format(pattern, day) == expected


@given(st.text(alphabet="jdDlFENYnm /:,-\\"), st.integers(min_value=2, max_value=31))
def test_a_day_other_than_the_first_keeps_its_format(pattern, day):
    assert day_format(pattern, day) == pattern


# --- Elision ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "following", "expected"),
    [
        ("de", "Émilie Garnier", "d'Émilie Garnier"),
        ("de", "Alain", "d'Alain"),
        ("de", "Isabelle", "d'Isabelle"),
        ("de", "Olivier", "d'Olivier"),
        ("de", "Ursule", "d'Ursule"),
        ("de", "Yves", "d'Yves"),
        ("de", "Yann", "de Yann"),
        ("de", "Hélène Marchetti", "d'Hélène Marchetti"),
        ("de", "Henri", "d'Henri"),
        ("de", "Hugues", "d'Hugues"),
        ("de", "Hardy", "de Hardy"),
        ("de", "Hervé", "d'Hervé"),
        ("de", "Hubert-Marie", "d'Hubert-Marie"),
        ("de", "Hamid", "de Hamid"),
        ("de", "Claire Dubreuil", "de Claire Dubreuil"),
        ("de", "Jean-Baptiste", "de Jean-Baptiste"),
        ("le", "adjoint au maire", "l'adjoint au maire"),
        ("la", "adjointe au maire", "l'adjointe au maire"),
        ("le", "hameau", "le hameau"),
        ("le", "hôtel de ville", "l'hôtel de ville"),
        ("la", "maire", "la maire"),
        ("que", "Alain", "qu'Alain"),
        ("que", "Hélène", "qu'Hélène"),
        ("De", "Alain", "D'Alain"),
        ("Le", "adjoint", "L'adjoint"),
        ("de", "", "de"),
        ("pour", "Alain", "pour Alain"),
    ],
)
def test_elision_before_a_vowel_or_a_mute_h(word, following, expected):
    assert elide(word, following) == expected


@given(
    st.sampled_from(["de", "le", "la", "que"]),
    st.sampled_from("bcdfgjklmnpqrstvwxzBCDFGJKLMNPQRSTVWXZ"),
    st.text(alphabet=string.ascii_lowercase, max_size=12),
)
def test_no_elision_before_a_consonant(word, first, rest):
    assert elide(word, first + rest) == f"{word} {first}{rest}"


@given(
    st.sampled_from("aeiouAEIOUàâéèêëîïôûÉÈÊÀÂÎÔÛ"),
    st.text(alphabet=string.ascii_lowercase, max_size=12),
)
def test_de_always_elides_before_a_vowel(first, rest):
    assert elide("de", first + rest) == f"d'{first}{rest}"


@given(st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=10))
def test_an_h_not_known_as_mute_is_taken_as_aspirated(rest):
    word = "h" + rest
    assert starts_with_vowel_sound(word) is (word in MUTE_H)


# --- Titles agreed with the person -----------------------------------------

MADAME, MONSIEUR, UNKNOWN = Civility.MADAME, Civility.MONSIEUR, Civility.UNKNOWN


@pytest.mark.parametrize(
    ("role", "civility", "rank", "expected"),
    [
        (Role.MAIRE, MADAME, 1, "maire"),
        (Role.MAIRE, MONSIEUR, 1, "maire"),
        (Role.ADJOINT, MADAME, 2, "1re adjointe au maire"),
        (Role.ADJOINT, MONSIEUR, 2, "1er adjoint au maire"),
        (Role.ADJOINT, MONSIEUR, 4, "3e adjoint au maire"),
        (Role.ADJOINT, UNKNOWN, 3, "adjoint(e) au maire"),
        (Role.ADJOINT, MADAME, None, "adjointe au maire"),
        (Role.CONSEILLER, MADAME, 9, "conseillère municipale"),
        (Role.CONSEILLER, MONSIEUR, 9, "conseiller municipal"),
        (Role.CONSEILLER, UNKNOWN, 9, "conseiller(ère) municipal(e)"),
        (Role.CONSEILLER_DELEGUE, MADAME, 6, "conseillère municipale déléguée"),
        (Role.SECRETAIRE, MONSIEUR, None, "secrétaire de mairie"),
        (Role.DGS, MADAME, None, "directrice générale des services"),
        (Role.AGENT, MADAME, None, "agente"),
    ],
)
def test_l2121_1_a_function_agrees_with_its_holder(role, civility, rank, expected):
    assert function_title(role, civility, rank) == expected


@pytest.mark.parametrize(
    ("title", "civility", "expected"),
    [
        ("maire", MADAME, "la maire"),
        ("maire", MONSIEUR, "le maire"),
        ("maire", UNKNOWN, "le maire"),
        ("1re adjointe au maire", MADAME, "la 1re adjointe au maire"),
        ("adjointe au maire", MADAME, "l'adjointe au maire"),
        ("adjoint au maire", MONSIEUR, "l'adjoint au maire"),
        ("conseillère municipale", MADAME, "la conseillère municipale"),
    ],
)
def test_the_article_agrees_and_elides(title, civility, expected):
    assert with_article(title, civility) == expected


def test_the_president_and_secretary_of_the_seance_agree() -> None:
    assert president_title(MADAME) == "présidente de séance"
    assert president_title(MONSIEUR) == "président de séance"
    assert president_title(UNKNOWN) == "président de séance"
    assert with_article(secretary_title(MADAME), MADAME) == "la secrétaire de séance"
    assert with_article(secretary_title(UNKNOWN), UNKNOWN) == (
        "le secrétaire de séance"
    )
