"""Two séances of the same commune closing at the same moment: their
délibérations share the year's sequence without a gap nor a duplicate
(CGCT R2121-9, RULES §7 and §8.3: a unique annual number, also an ACTES
number).

On PostgreSQL the closings run at once, each in its own thread with its own
connection, released together by a barrier: the second waits on the lock of
the year's ``NumberSequence`` row. SQLite takes one writer at a time, so
there the closings follow each other.
"""

import threading

import pytest
from django.db import connection, transaction

from actes.models import Deliberation, NumberSequence
from actes.services import next_number
from actes.tests.helpers import another_seance
from proceedings.models import Sitting
from proceedings.services import close_seance, open_point
from proceedings.tests.helpers import Council, held, make_council
from proceedings.voting import record_open_vote
from quorum.testing import CollectiviteFactory


def _ready(council: Council) -> Sitting:
    members = council.members
    sitting = held(council, present=members)
    for item in council.items:
        open_point(item, by=council.secretaire)
        record_open_vote(item, by=council.secretaire)
    return sitting


@pytest.mark.django_db(transaction=True)
def test_seances_closing_at_once_share_the_numbers_without_gap_r2121_9() -> None:
    first = make_council(5, titles=("Tarifs", "Voirie"))
    councils = [
        first,
        another_seance(first, ("Subvention", "École"), days=12),
        another_seance(first, ("Cimetière", "Éclairage"), days=14),
    ]
    sittings = [_ready(council) for council in councils]
    together = connection.vendor == "postgresql"
    barrier = threading.Barrier(len(sittings))
    failures: list[BaseException] = []

    def close(index: int) -> None:
        try:
            if together:
                barrier.wait(timeout=10)
            close_seance(sittings[index], by=councils[index].secretaire)
        except BaseException as error:  # noqa: BLE001 - failed in the main thread
            failures.append(error)
        finally:
            if together:
                connection.close()

    if together:
        threads = [
            threading.Thread(target=close, args=(i,)) for i in range(len(sittings))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads)
    else:
        for index in range(len(sittings)):
            close(index)

    assert not failures, failures
    rows = Deliberation.objects.filter(collectivite=first.collectivite)
    assert sorted(rows.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5, 6]
    # Each séance's délibérations keep their order within it.
    for council in councils:
        own = rows.filter(seance=council.seance).order_by("order")
        assert [one.order for one in own] == [1, 2]
        assert [one.title for one in own] == [item.title for item in council.items]
    assert NumberSequence.objects.get(collectivite=first.collectivite).last == 6
    assert len({one.actes_number for one in rows}) == 6


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_of_the_year", [True, False])
def test_a_number_being_taken_makes_the_other_wait_r2121_9(
    first_of_the_year: bool,
) -> None:
    """The second transaction asking for a number while the first holds
    one waits for it to end, then takes the next (R2121-9): no duplicate
    even when the year's sequence does not exist yet."""
    commune = CollectiviteFactory.create()
    if not first_of_the_year:
        NumberSequence.objects.create(collectivite=commune, year=2026, last=4)
    start = 0 if first_of_the_year else 4
    if connection.vendor != "postgresql":
        with transaction.atomic():
            assert next_number(commune, 2026) == start + 1
        with transaction.atomic():
            assert next_number(commune, 2026) == start + 2
        return
    taken: dict[str, int] = {}
    first_took = threading.Event()
    release = threading.Event()
    failures: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                taken["first"] = next_number(commune, 2026)
                first_took.set()
                release.wait(timeout=30)
        except BaseException as error:  # noqa: BLE001
            failures.append(error)
        finally:
            first_took.set()
            connection.close()

    def second() -> None:
        try:
            with transaction.atomic():
                taken["second"] = next_number(commune, 2026)
        except BaseException as error:  # noqa: BLE001
            failures.append(error)
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_took.wait(timeout=30)
    two = threading.Thread(target=second)
    two.start()
    waited = False
    for _ in range(200):
        if _waiting_on_a_lock():
            waited = True
            break
        threading.Event().wait(0.05)
    release.set()
    one.join(timeout=30)
    two.join(timeout=30)
    assert not failures, failures
    assert waited, "the second transaction did not wait for the first one's number"
    assert taken == {"first": start + 1, "second": start + 2}
    assert NumberSequence.objects.get(collectivite=commune, year=2026).last == start + 2
