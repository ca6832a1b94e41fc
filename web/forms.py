import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

# Characters nobody types on purpose: the C0 and C1 controls (tab and line
# breaks excepted, where a text may have lines) and the bidirectional
# overrides and isolates, which make a text read other than it is stored
# ("facture\u202efdp.exe"). The marks U+200E and U+200F that right-to-left
# names carry stay allowed.
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)
_CONTROLS_ONE_LINE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
CONTROL_MESSAGE = (
    "Ce texte contient des caractères invisibles (caractères de contrôle ou "
    "d'inversion du sens de lecture) : retapez-le sans copier-coller, ou "
    "retirez ces caractères."
)
# An e-mail address has at most 254 characters (RFC 5321), and so has the
# column that keeps it.
EMAIL_MAX_LENGTH = 254
# Dates of a commune's life: a mandate, a séance, a deadline. A year typed
# with one digit too many or too few is a mistake, never a date to store.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
DATE_RANGE_MESSAGE = "Saisissez une date entre 1900 et 2199, par exemple 15/03/2026."
LENGTH_MESSAGE = (
    "Trop long : %(show_value)d caractères, %(limit_value)d au plus. "
    "Raccourcissez ce texte."
)


def _refuse_controls(pattern: re.Pattern[str]) -> Any:
    def check(value: object) -> None:
        if isinstance(value, str) and pattern.search(value):
            raise ValidationError(CONTROL_MESSAGE, code="control_characters")

    return check


def _check_date_range(value: object) -> None:
    if isinstance(value, date) and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")


_RENDERER = DsfrDjangoTemplates()


class QuorumForm(DsfrBaseForm):
    """Every form of Quorum: DSFR markup, optional fields marked as such,
    and the same refusals of what nobody means to type, whatever the form
    (``robustness/`` feeds them all)."""

    # One renderer for the process. django-dsfr's default hands each form a
    # new one, whose template engine is built and whose templates are parsed
    # again for every form: a page of forty forms spent most of its time so.
    default_renderer = _RENDERER

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                multiline = isinstance(field.widget, forms.Textarea)
                pattern = _CONTROLS if multiline else _CONTROLS_ONE_LINE
                field.validators.append(_refuse_controls(pattern))
            if isinstance(field, forms.EmailField) and (
                field.max_length is None or field.max_length > EMAIL_MAX_LENGTH
            ):
                field.max_length = EMAIL_MAX_LENGTH
                field.validators.append(MaxLengthValidator(EMAIL_MAX_LENGTH))
            if isinstance(field, forms.DateField):
                field.validators.append(_check_date_range)
            if isinstance(field, forms.CharField) and field.max_length is not None:
                # A browser cuts a text pasted past ``maxlength`` without a
                # word: a title of a thousand characters would be stored cut.
                # The form says the limit instead, and gives back the whole
                # text to shorten.
                field.widget.attrs.pop("maxlength", None)
                field.error_messages["max_length"] = LENGTH_MESSAGE

    def get_context(self) -> dict[str, Any]:
        # Skips DsfrBaseForm.get_context, which only warns about a transition
        # Quorum already made: optional fields are the ones marked.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context
