"""Realistic data at any size: N collectivités whose populations follow
those of the communes of France, each with six years of council life.

``generate`` adds the communes to the current database, in bulk and by
batches of communes; ``make dataset N=…`` (``python -m bench.dataset``)
runs it on PostgreSQL and prints what it made. The first commune of a run
may be the bench's *reference* (``commune.Reference``): the same at every
size, it is the one whose pages the bench measures.

Each closed séance is held (``holding``: roll call, each point examined
with its quorum, a vote by show of hands with its named voices) and its
points voted become numbered délibérations, signed and published
(``acts``), as the closing of a séance and ``publication`` make them.

TODO(dataset-holding): the séances are held without arrivals or departures
during the séance, without replies or procurations declared before it,
secret ballots, nominations or a failed quorum; the pages measured show
the same rows whatever their mix.
TODO(dataset-minutes): no procès-verbal, list of délibérations or
transmission to the préfecture is drawn; the pages measured do not read
them.
TODO(dataset-journal): the journal is not written for the convocations,
sittings, votes and publications drawn here (its chain is made one entry
at a time by ``journal.services``); the pages measured do not read it.
"""
