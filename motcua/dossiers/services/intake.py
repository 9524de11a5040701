"""Filing a dossier: its code, its checklist, the first event; and the client's Idempotency-Key."""

import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import AccountKind
from motcua.catalog.models import Channel, Procedure
from motcua.catalog.selectors import version_in_force
from motcua.core.actors import actor_required, is_system
from motcua.core.errors import InputErrorCode, Refused
from motcua.core.text import fold
from motcua.org.models import Unit

from .. import permissions
from ..actions import Action
from ..errors import DossierErrorCode
from ..models import DailySequence, Dossier, DossierDocument, IdempotencyKey
from ..routing import competent_unit
from ..states import State
from ..validation import clean_applicant, clean_form_data
from .lifecycle import event_write


def next_dossier_code(agency_code: str, day) -> str:
    """`<agency>-YYMMDD-NNNN`: a daily sequence per receiving agency, safe under concurrent intake.

    Must run inside a transaction: the sequence row stays locked until it commits."""
    DailySequence.objects.bulk_create([DailySequence(agency_code=agency_code, day=day)], ignore_conflicts=True)
    sequence = DailySequence.objects.select_for_update().get(agency_code=agency_code, day=day)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{agency_code}-{day:%y%m%d}-{sequence.last:04d}"


@dataclass
class PresentedDocument:
    required_id: int
    originals: int = 0
    copies: int = 0
    presented: bool = True


@transaction.atomic
def dossier_create(
    *,
    actor,
    procedure: Procedure,
    channel: str,
    receiving_unit: Unit,
    commune,
    applicant: dict,
    counter=None,
    case_code: str = "",
    documents: list[PresentedDocument] = (),
    form_data=None,
) -> Dossier:
    """File a dossier (at a counter or online); it waits for the desk's check in state `submitted`.

    Online filing by citizens and agents goes through `motcua.portal.filing.online_file`, which sets the applicant
    (a citizen's own verified identity; an agent's authorised citizen) and keeps the Idempotency-Key; here a
    citizen naming anyone but their verified self is refused all the same. `SYSTEM` files without a desk (the demo,
    data loading)."""
    actor_required(actor)
    if not is_system(actor) and not permissions.may_file(actor, channel, receiving_unit):
        raise Refused(_("You may not file dossiers here."), code=DossierErrorCode.NOT_ALLOWED)
    now = timezone.now()
    errors = {}
    version = version_in_force(procedure, timezone.localdate(now))
    if version is None or not procedure.is_active:
        raise ValidationError(
            {
                "procedure": ValidationError(
                    _("This procedure is not in force today."), code=DossierErrorCode.NOT_IN_FORCE
                )
            }
        )
    channels = set(version.methods.values_list("channel", flat=True))
    if channel not in channels:
        errors["channel"] = ValidationError(
            _("This procedure cannot be filed this way."), code=DossierErrorCode.CHANNEL_NOT_OFFERED
        )
    if counter is not None and counter.unit_id != receiving_unit.pk:
        errors["counter"] = ValidationError(
            _("The counter is not at this service point."), code=DossierErrorCode.COUNTER_ELSEWHERE
        )
    if commune.province_id != receiving_unit.province_id:
        errors["commune"] = ValidationError(
            _("The commune is not in this province."), code=DossierErrorCode.COMMUNE_ELSEWHERE
        )
    case = None
    if case_code:
        case = version.cases.filter(code=case_code).first()
        if case is None:
            errors["case"] = ValidationError(_("This procedure has no such case."), code=DossierErrorCode.UNKNOWN_CASE)
    try:
        person = clean_applicant(applicant)
    except ValidationError as error:
        errors |= error.error_dict
        person = {}
    try:
        form = clean_form_data(version.eform, form_data) if channel == Channel.ONLINE else form_data
    except ValidationError as error:
        errors |= error.error_dict
        form = None
    required = {d.pk: d for d in version.documents.all()}
    for item in documents:
        if item.required_id not in required:
            errors["documents"] = ValidationError(
                _("A listed document does not belong to this procedure."), code=DossierErrorCode.UNKNOWN_DOCUMENT
            )
    if errors:
        raise ValidationError(errors)
    if actor.kind == AccountKind.CITIZEN and person.get("citizen_id") != actor.verified_citizen_id:
        raise Refused(_("A citizen files only in their own name."), code=DossierErrorCode.NOT_OWN_NAME)

    dossier = Dossier.objects.create(
        code=next_dossier_code(receiving_unit.code, timezone.localdate(now)),
        procedure=procedure,
        version=version,
        case=case,
        channel=channel,
        state=State.SUBMITTED,
        receiving_unit=receiving_unit,
        counter=counter,
        handling_unit=competent_unit(procedure, commune),
        commune=commune,
        applicant_name_folded=fold(person["applicant_name"]),
        applicant_commune=applicant.get("applicant_commune"),
        submitted_by=actor if actor.is_authenticated else None,
        form_data=form,
        submitted_at=now,
        **person,
    )
    given = {item.required_id: item for item in documents}
    DossierDocument.objects.bulk_create(
        DossierDocument(
            dossier=dossier,
            required=doc,
            name=doc.name,
            originals=given[doc.pk].originals if doc.pk in given else 0,
            copies=given[doc.pk].copies if doc.pk in given else 0,
            presented=doc.pk in given and given[doc.pk].presented,
        )
        for doc in required.values()
    )
    event_write(
        dossier,
        Action.SUBMIT,
        actor=actor,
        unit=receiving_unit,
        at=now,
        data={"channel": channel, "counter": counter.number if counter else None},
    )
    return dossier


def request_fingerprint(request: dict) -> str:
    """The SHA-256 of a request's canonical JSON (sorted keys, no spaces; dates as ISO text)."""
    text = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def idempotency_claim(*, actor, key: str, request_hash: str) -> Dossier | None:
    """Claim a client's `Idempotency-Key` for a filing, or return the dossier the first request with it filed.

    Runs inside the filing's transaction, before anything else is written: the new key row holds the key until
    that transaction ends, so a concurrent request with the same key waits on the unique index and then finds the
    first request's dossier (or, if the first request failed, the key free again and claims it). The same key
    with a different request (another `request_hash`) is refused. Pair with `idempotency_settle`."""
    if len(key) > 100:
        raise ValidationError(
            {"Idempotency-Key": ValidationError(_("At most 100 characters."), code=InputErrorCode.MAX_LENGTH)}
        )
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(user=actor, key=key, request_hash=request_hash)
        return None
    except IntegrityError:  # used before, or by a concurrent request that has now committed
        first = IdempotencyKey.objects.select_related("dossier").get(user=actor, key=key)
    if first.request_hash and first.request_hash != request_hash:  # keys stored before hashes match any request
        raise ValidationError(
            {
                "Idempotency-Key": ValidationError(
                    _("This key was already used for a different request. Use a new key for a new dossier."),
                    code=DossierErrorCode.KEY_REUSED,
                )
            }
        )
    return first.dossier


def idempotency_settle(*, actor, key: str, dossier: Dossier) -> None:
    """Record the dossier a claimed key filed (same transaction as `idempotency_claim`)."""
    IdempotencyKey.objects.filter(user=actor, key=key, dossier=None).update(dossier=dossier)
