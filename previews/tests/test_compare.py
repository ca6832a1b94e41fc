from previews.compare import compare, summary


def test_an_added_paragraph_is_marked_added() -> None:
    changes = compare("Un\nDeux\n", "Un\nDeux\nTrois\n")

    assert [(c.kind, c.text) for c in changes if c.kind != "same"] == [
        ("added", "Trois")
    ]


def test_a_reworded_paragraph_shows_the_words_that_changed() -> None:
    (change,) = compare("Le tarif est de 3 euros.", "Le tarif est de 4 euros.")

    assert change.kind == "changed"
    assert [(p.kind, p.text) for p in change.pieces] == [
        ("same", "Le tarif est de"),
        ("removed", "3"),
        ("added", "4"),
        ("same", "euros."),
    ]


def test_long_runs_of_identical_paragraphs_are_shortened() -> None:
    same = "\n".join(f"Paragraphe {n}" for n in range(20))

    changes = compare(same + "\nAncien", same + "\nNouveau")

    assert changes[0].kind == "skipped"
    assert changes[0].skipped == 19
    assert summary(changes) == {"added": 0, "removed": 0, "changed": 1}
