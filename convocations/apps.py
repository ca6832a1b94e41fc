from django.apps import AppConfig


class ConvocationsConfig(AppConfig):
    name = "convocations"
    verbose_name = "Convocations"

    def ready(self) -> None:
        from convocations.changes import record_change  # noqa: PLC0415
        from seances.signals import convened_point_changed  # noqa: PLC0415

        convened_point_changed.connect(
            record_change, dispatch_uid="convocations.record_change"
        )
