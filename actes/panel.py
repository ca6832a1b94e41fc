"""What the registre page shows of each year, and what htmx polls."""

from dataclasses import dataclass

from django.urls import reverse

from actes.models import RegistreBuild
from web.progress import Progress


@dataclass(frozen=True)
class RegistreRow:
    year: int
    # The latest drawing with the acts as they are now, if any.
    build: RegistreBuild | None
    collectivite: str
    # The page watched this drawing until now: once over, say so.
    followed: bool = False

    @property
    def busy(self) -> bool:
        return self.build is not None and self.build.is_busy

    @property
    def ready(self) -> bool:
        return (
            self.build is not None
            and self.build.status == RegistreBuild.Status.READY
            and self.build.output_id is not None
        )

    @property
    def failed(self) -> bool:
        return self.build is not None and (
            self.build.status == RegistreBuild.Status.FAILED or self.build.is_stale
        )

    @property
    def download_url(self) -> str:
        return reverse(
            "actes:registre_pdf",
            kwargs={"collectivite": self.collectivite, "year": self.year},
        )

    @property
    def progress(self) -> Progress | None:
        """While the registre is drawn, how far; once over, if the page
        followed it, that it is ready."""
        build = self.build
        doing = f"Préparation du registre {self.year}"
        if build is not None and self.busy:
            if build.status == RegistreBuild.Status.PENDING:
                step = "en attente de démarrage"
            elif build.acts_total and build.acts_done < build.acts_total:
                step = "mise en page des délibérations"
            else:
                step = "dessin des feuillets"
            return Progress(
                doing,
                step=step,
                done=build.acts_done,
                total=build.acts_total,
                unit="délibérations",
            )
        if build is not None and self.followed and self.ready:
            return Progress(
                doing,
                state="done",
                message=f"Le registre {self.year} est prêt "
                f"({build.pages} feuillet{'s' if build.pages > 1 else ''}).",
                link_url=self.download_url,
                link_label=f"Télécharger le registre {self.year}",
            )
        return None
