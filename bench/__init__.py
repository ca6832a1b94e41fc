"""Quorum's bench: how long the slow things take, measured on PostgreSQL.

``make bench`` (``python -m bench``) runs every figure of
``bench.runner.FIGURES`` in a database of its own, prints a table and keeps
the figures as JSON in ``var/bench/``. A figure is a module with a
``measure(quick)`` function that builds what it needs through the
application's own services and returns plain numbers; ``--quick`` runs each
on a tiny size, for the test that keeps the bench from rotting.
"""
