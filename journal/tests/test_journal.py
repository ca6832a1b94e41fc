import pytest
from django.core.management import CommandError, call_command

from journal.models import JournalEntry
from journal.services import record, verify
from quorum.testing import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(personas: Personas) -> list[JournalEntry]:
    return [
        record("test.event", collectivite=personas.commune, actor=personas.maire, n=i)
        for i in range(4)
    ] + [record("test.event", collectivite=personas.other, n=9)]


def test_an_untouched_journal_verifies(entries, capsys):
    assert verify() == []
    call_command("verify_journal")
    assert "Journal intact : 5 entrée(s)" in capsys.readouterr().out


def test_a_changed_entry_is_named(entries):
    JournalEntry.objects.filter(pk=entries[1].pk).update(data={"n": 42})
    with pytest.raises(CommandError, match="altéré"):
        call_command("verify_journal")
    assert [b.entry_id for b in verify()] == [entries[1].pk]


def test_a_removed_entry_breaks_the_link_of_the_next(entries):
    JournalEntry.objects.filter(pk=entries[1].pk).delete()
    assert [b.entry_id for b in verify()] == [entries[2].pk]


def test_an_inserted_entry_is_found(entries, personas: Personas):
    forged = JournalEntry(
        collectivite=personas.commune,
        at=entries[1].at,
        action="test.forged",
        previous_hash=entries[1].hash,
    )
    forged.hash = forged.compute_hash()
    forged.save()
    # The next genuine entry of the chain no longer follows the last one.
    assert verify() != []


def test_each_collectivite_has_its_own_chain(entries):
    other = entries[-1]
    assert other.previous_hash == "0" * 64
    assert entries[1].previous_hash == entries[0].hash
