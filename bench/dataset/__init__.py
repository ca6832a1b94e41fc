"""Realistic data at any size: N collectivités whose populations follow
those of the communes of France, each with six years of council life.

``generate`` adds the communes to the current database, in bulk and by
batches of communes; ``make dataset N=…`` (``python -m bench.dataset``)
runs it on PostgreSQL and prints what it made. The first commune of a run
may be the bench's *reference* (``commune.Reference``): the same at every
size, it is the one whose pages the bench measures.

TODO(dataset-votes): the sittings, attendance and votes of the closed
séances are not drawn. The ``proceedings`` app (Sitting, Attendance,
Examination, Vote, VoteChoice) appeared while this was written and is
still being built; add one Sitting per closed séance, an Examination and a
Vote "à main levée" per point, here, once its models are settled.
TODO(dataset-deliberations): no ``Deliberation`` rows (numbered acts,
published list) either: that app is not built yet.
TODO(dataset-journal): the journal is not written for the convocations
drawn here (its chain is made one entry at a time by ``journal.services``);
the pages measured do not read it.
"""
