from datetime import date

from seances.forms import ConveneForm, SeanceForm


def test_the_seance_day_is_prefilled_in_the_format_browsers_read():
    # A date input only understands YYYY-MM-DD; a French d/m/Y value is
    # shown empty and the person must type again what looked filled in.
    day = SeanceForm.base_fields["day"].widget.render("day", date(2026, 12, 3))

    assert 'value="2026-12-03"' in day


def test_the_sending_date_of_a_convocation_is_never_typed():
    assert "sent_on" not in ConveneForm.base_fields
