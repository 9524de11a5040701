"""Intake at the counter: the officer files the dossier, attaches the scans and records the desk's check at once."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Channel, Procedure
from motcua.core.files import discarding_files
from motcua.org.services import officer_counter_remember

from ..errors import DossierErrorCode
from ..models import Dossier
from .attachments import attachment_add
from .desk import dossier_receive, dossier_refuse_intake, dossier_request_supplement_at_desk
from .intake import PresentedDocument, dossier_create


class IntakeOutcome(models.TextChoices):
    """The desk's check at the counter, recorded with the intake: exactly one of these (the form's choices)."""

    RECEIVE = "receive", gettext_lazy("Complete: receive and print the appointment slip")
    SUPPLEMENT = "supplement", gettext_lazy("Incomplete: list every missing item")
    REFUSE = "refuse", gettext_lazy("Not acceptable: refuse with reasons")


COUNTER_OUTCOMES = tuple(IntakeOutcome)


def dossier_receive_at_counter(
    *,
    actor,
    procedure: Procedure,
    counter,
    commune,
    applicant: dict,
    outcome: str,
    case_code: str = "",
    documents: Iterable[PresentedDocument] = (),
    scans: Mapping[int, object] | None = None,
    items: Iterable[str] = (),
    reasons: Iterable[str] = (),
) -> Dossier:
    """File a dossier at `counter`, attach the scans of its documents and record the desk's check: received
    (the clock starts), a supplement requested (`items`) or intake refused (`reasons`).

    `scans` maps a required document's id to its uploaded scan. All or nothing, in one transaction: if any part is
    refused, no dossier is written and every file already stored is deleted again. The actor is the receiving
    officer at that counter (`dossier_create` and the desk's actions check it), or `SYSTEM`; the counter is
    remembered as the officer's (`org.services.officer_counter_remember`)."""
    if outcome not in COUNTER_OUTCOMES:
        raise ValueError(f"outcome must be one of {COUNTER_OUTCOMES}, not {outcome!r}")
    with discarding_files(), transaction.atomic():  # a refusal after the scans leaves none of their files
        dossier = dossier_create(
            actor=actor,
            procedure=procedure,
            channel=Channel.COUNTER,
            receiving_unit=counter.unit,
            counter=counter,
            commune=commune,
            applicant=applicant,
            case_code=case_code,
            documents=list(documents),
        )
        checklist = {d.required_id: d for d in dossier.documents.all()}
        for required_id, upload in (scans or {}).items():
            if required_id not in checklist:
                raise ValidationError(
                    {
                        "documents": ValidationError(
                            _("A listed document does not belong to this procedure."),
                            code=DossierErrorCode.UNKNOWN_DOCUMENT,
                        )
                    }
                )
            attachment_add(actor=actor, dossier=dossier, uploaded=upload, document=checklist[required_id])
        officer_counter_remember(actor=actor, counter=counter)  # preselected on the officer's next intake
        if outcome == IntakeOutcome.RECEIVE:
            return dossier_receive(actor=actor, dossier=dossier)
        if outcome == IntakeOutcome.SUPPLEMENT:
            return dossier_request_supplement_at_desk(actor=actor, dossier=dossier, items=list(items))
        return dossier_refuse_intake(actor=actor, dossier=dossier, reasons=list(reasons))
