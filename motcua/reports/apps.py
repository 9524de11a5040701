from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The roll-ups follow the apps below reports, which never import it: each calls its subscribers in the
        # transaction of its write (docs/architecture.md, "Layers").
        from motcua.dossiers import events as dossier_events
        from motcua.feedback import events as feedback_events
        from motcua.integrations import events as integration_events

        from .rollups import rollup_apply, rollup_rating, rollup_synced

        dossier_events.subscribe(rollup_apply)
        feedback_events.subscribe(rollup_rating)
        integration_events.subscribe(rollup_synced)
