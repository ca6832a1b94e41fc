from datetime import date

from seances.forms import ConveneForm


def test_the_sending_date_is_prefilled_in_the_format_browsers_read():
    # A date input only understands YYYY-MM-DD; a French d/m/Y value is
    # shown empty and the person must type again what looked filled in.
    convene = str(ConveneForm(initial={"sent_on": date(2026, 12, 3)})["sent_on"])

    assert 'value="2026-12-03"' in convene
