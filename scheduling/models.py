"""When each periodic job last ran: the scheduler's only memory, kept in the
database so that a restart or a second scheduler never runs a daily job
twice on the same day."""

from django.db import models


class ScheduledJob(models.Model):
    # The name of a job of ``scheduling.jobs``; one row per job, locked while
    # it runs.
    name = models.CharField("nom", max_length=50, unique=True)
    last_run_at = models.DateTimeField("dernière exécution", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tâche planifiée"
        verbose_name_plural = "tâches planifiées"

    def __str__(self) -> str:
        return self.name
