"""``manage.py run_schedule``: run the periodic jobs, beside ``db_worker``.

Neither Django's tasks nor django-tasks-db schedule anything (their author
advises cron for now), so this small loop does: once a minute it runs the
jobs of ``scheduling.jobs`` that are due. Several may run at once, on one
server or several; ``--once`` makes one pass, for a cron line instead.
"""

import logging
import signal
import threading
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from scheduling.jobs import jobs
from scheduling.services import run_due_jobs

logger = logging.getLogger(__name__)

TICK_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Lance les tâches périodiques de Quorum quand elles sont dues : e-mails de "
        "notification chaque minute, rappels de relecture et résumé quotidien à "
        "QUORUM_DIGEST_HOUR (heure de Paris), corbeille vidée la nuit. Tourne "
        "jusqu'à Ctrl+C ou SIGTERM ; --once fait un seul passage (pour cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="un seul passage, puis s'arrête (une ligne de cron par minute)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            done = run_due_jobs()
            if done.failed:
                raise CommandError(f"Tâches en échec : {', '.join(done.failed)}.")
            return

        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        logger.info("scheduler started jobs=%s", ",".join(job.name for job in jobs()))
        while not stop.is_set():
            close_old_connections()
            try:
                run_due_jobs()
            except Exception:
                # The database went away, say: try again at the next tick
                # rather than leave every job unscheduled.
                logger.exception("scheduler pass failed")
            # Wake just after the minute turns, so that each minute's pass
            # falls in its own minute.
            stop.wait(TICK_SECONDS - time.time() % TICK_SECONDS + 0.5)
        close_old_connections()
        logger.info("scheduler stopped")
