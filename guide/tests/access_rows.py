"""Who reaches the help pages, the glossary (everyone, before any login: the
login page has its help too), and each person's own display settings and
guided tour. See ``web/tests/matrix.py``."""

from web.tests.matrix import LOGGED_IN, Row

ROWS = {
    "guide:help_index": Row(lambda w: {}, LOGGED_IN, public=True),
    "guide:help": Row(lambda w: {"slug": "dossier"}, LOGGED_IN, public=True),
    "guide:glossary": Row(lambda w: {}, LOGGED_IN, public=True),
    "guide:display": (
        Row(lambda w: {}, LOGGED_IN),
        Row(
            lambda w: {},
            LOGGED_IN,
            method="POST",
            ok_status=302,
            data=lambda w: {"text_size": "large", "scheme": "system"},
        ),
    ),
    "guide:tour_done": Row(lambda w: {}, LOGGED_IN, method="POST", ok_status=302),
}
