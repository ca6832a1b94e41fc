"""Who sees the screen of the council room (CGCT L2121-18)."""

import pytest

from domain.access import can_see_room_display


@pytest.mark.parametrize(
    ("council", "convened", "shown"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_the_room_display_is_public_from_the_convocation_l2121_18(
    council: bool, convened: bool, shown: bool
) -> None:
    """Séances of the council are public; a séance in preparation and a
    commission's meeting are not shown."""
    assert can_see_room_display(council=council, convened=convened) is shown
