"""What the séances tell the apps built on them.

``convened_point_changed`` is sent, inside the transaction of the change,
when what the council was convened on changes between the sending of the
convocation and the opening of the séance: a corrected draft, an annex
moved to a newer version, a point withdrawn, postponed or maintained
again. The convocations record it and tell every convened member; the
séances themselves know nothing of convocations.

Arguments: ``item`` (the AgendaItem, locked), ``by`` (the User or None),
``kind`` (one of ``CHANGE_KINDS``) and ``details`` (a dict of plain values:
``revision`` for a draft; ``annex``, ``document``, ``old_version``,
``new_version`` for an annex; ``before``, ``after`` for an outcome).
"""

from django.dispatch import Signal

DRAFT = "projet"
ANNEX = "annexe"
OUTCOME = "sort"
CHANGE_KINDS = (DRAFT, ANNEX, OUTCOME)

convened_point_changed = Signal()
