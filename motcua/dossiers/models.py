"""Dossiers: what was filed, where, by whom, for which procedure version; its steps, events and files."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel
from motcua.org.models import Role

from .actions import Action
from .states import State


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class ClockRule(models.TextChoices):
    """How the legal clock restarts after a supplement (Decree 118/2025 and provincial practice)."""

    RESTART = "restart", _("Counts again from zero")
    RESUME = "resume", _("Old due date plus the paused time")


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=48, unique=True)
    procedure = models.ForeignKey("catalog.Procedure", models.PROTECT, related_name="+")
    version = models.ForeignKey("catalog.ProcedureVersion", models.PROTECT, related_name="dossiers")
    case = models.ForeignKey("catalog.ProcedureCase", models.PROTECT, null=True, blank=True, related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)

    # Where it was received, who decides it, and which commune it concerns are separate facts.
    receiving_unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="received_dossiers")
    counter = models.ForeignKey("org.Counter", models.PROTECT, null=True, blank=True, related_name="+")
    handling_unit = models.ForeignKey(
        "org.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_dossiers",
        help_text=_("Empty while the competent authority is undetermined (the centre's dispatch queue)."),
    )
    commune = models.ForeignKey("geo.Commune", models.PROTECT, related_name="+", verbose_name=_("commune concerned"))

    applicant_kind = models.CharField(max_length=16, choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_name_folded = models.CharField(max_length=200, editable=False)
    citizen_id = models.CharField(_("citizen ID number"), max_length=12, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    applicant_commune = models.ForeignKey("geo.Commune", models.PROTECT, null=True, blank=True, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="submitted_dossiers"
    )
    form_data = models.JSONField(_("e-form data"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("submitted at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    original_due_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    result_ready_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    clock_paused_at = models.DateTimeField(null=True, blank=True)
    clock_rule = models.CharField(max_length=8, choices=ClockRule.choices, default=ClockRule.RESTART)
    is_overdue = models.BooleanField(_("overdue"), default=False)
    apologised = models.BooleanField(_("apology issued"), default=False)
    return_method = models.CharField(_("returned"), max_length=8, choices=Channel.choices, blank=True)
    current_step = models.ForeignKey("DossierStep", models.SET_NULL, null=True, blank=True, related_name="+")
    # Optimistic concurrency: every change bumps it; an action on a stale page is refused.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["handling_unit", "state", "due_at"]),
            models.Index(fields=["receiving_unit", "state", "submitted_at"]),
            models.Index(fields=["applicant_name_folded"]),
            models.Index(fields=["citizen_id"]),
            models.Index(fields=["submitted_by", "submitted_at"]),
            models.Index(fields=["is_overdue", "state"]),
        ]

    def __str__(self) -> str:
        return self.code


class DailySequence(models.Model):
    """The last number given to a receiving agency's dossiers on one day (codes …-YYMMDD-NNNN)."""

    agency_code = models.CharField(max_length=32)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency_code", "day"], name="daily_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day}: {self.last}"


class DossierDocument(models.Model):
    """A document of the checklist, as presented at intake."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="documents")
    required = models.ForeignKey("catalog.RequiredDocument", models.PROTECT, null=True, blank=True, related_name="+")
    name = models.TextField(_("document"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    presented = models.BooleanField(_("presented"), default=False)

    class Meta:
        ordering = ["dossier_id", "id"]

    def __str__(self) -> str:
        return self.name


class DossierStep(models.Model):
    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    role = models.CharField(max_length=24, choices=Role.choices)
    unit = models.ForeignKey("org.Unit", models.PROTECT, null=True, blank=True, related_name="dossier_steps")
    allotted_hours = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    allotted_days = models.PositiveSmallIntegerField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="dossier_steps"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dossier_id", "position"]
        constraints = [models.UniqueConstraint(fields=["dossier", "position"], name="dossier_step_unique")]
        indexes = [
            models.Index(fields=["unit", "role", "finished_at"]),
            models.Index(fields=["assignee", "finished_at"]),
            # The dashboard's "where do late dossiers wait": open steps past their deadline.
            models.Index(fields=["due_at"], condition=models.Q(finished_at=None), name="open_step_due"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class Timeliness(models.TextChoices):
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class DossierEvent(models.Model):
    """The append-only log of everything that happened to a dossier (its timeline, form 05/06)."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=32, choices=Action.choices)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    actor_name = models.CharField(max_length=200, blank=True)
    unit = models.ForeignKey("org.Unit", models.PROTECT, null=True, blank=True, related_name="+")
    receiver = models.CharField(max_length=300, blank=True)
    step = models.ForeignKey(DossierStep, models.PROTECT, null=True, blank=True, related_name="events")
    timeliness = models.CharField(max_length=8, choices=Timeliness.choices, blank=True)
    note = models.TextField(blank=True)
    # Whether the applicant reads the note (their page, the API, messages, the lookup); `actions.NOTE_RULES`
    # decides it per action, `actions.note_is_public` with the author's choice. Internal by default.
    note_public = models.BooleanField(_("note visible to the applicant"), default=False)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dossier_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq_unique")]
        indexes = [models.Index(fields=["action", "at"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"


def attachment_path(instance, filename: str) -> str:
    # Never a path from the uploader: a random name, the sniffed type's extension.
    return f"dossiers/{instance.dossier_id}/{uuid.uuid4().hex}{PurePath(filename).suffix}"


class SupplementRequest(models.Model):
    """One request for a supplement (at the desk's check or during appraisal): the items asked for, when and by
    whom; answered once every item has come back."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="supplement_requests")
    asked_at = models.DateTimeField(_("asked at"))
    asked_by = models.CharField(_("asked by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.TextField(_("applicant's note"), blank=True)

    class Meta:
        ordering = ["dossier_id", "asked_at", "id"]
        indexes = [models.Index(fields=["dossier", "asked_at"])]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.asked_at:%Y-%m-%d}"


class SupplementItem(models.Model):
    """One missing item of a supplement request, and when it was handed in (with its scans: `files`)."""

    request = models.ForeignKey(SupplementRequest, models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("missing item"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["request_id", "position"]
        constraints = [models.UniqueConstraint(fields=["request", "position"], name="supplement_item_unique")]

    def __str__(self) -> str:
        return self.text


class AttachmentKind(models.TextChoices):
    SUBMISSION = "submission", _("Submitted document")
    SUPPLEMENT = "supplement", _("Supplement")
    RESULT = "result", _("Result")


class Attachment(models.Model):
    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="attachments")
    document = models.ForeignKey(DossierDocument, models.SET_NULL, null=True, blank=True, related_name="files")
    # A supplement's files: the request they answer and, when scanned per item at the desk, the item.
    supplement = models.ForeignKey(SupplementRequest, models.SET_NULL, null=True, blank=True, related_name="files")
    supplement_item = models.ForeignKey(SupplementItem, models.SET_NULL, null=True, blank=True, related_name="files")
    kind = models.CharField(max_length=12, choices=AttachmentKind.choices, default=AttachmentKind.SUBMISSION)
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField()
    pages = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # Taken from the applicant's data store instead of being presented again (the "once-only" figure).
    reused = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class IdempotencyKey(models.Model):
    """A client's retry of POST /dossiers with the same key gets the first dossier back; the same key with a
    different request is refused. `dossier` is empty only inside the filing's own transaction."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the canonical request")
    dossier = models.ForeignKey(Dossier, models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique")]

    def __str__(self) -> str:
        return self.key


class Authorisation(models.Model):
    """The citizen's authorisation an agent filed a dossier under (who, for whom, and the signed document)."""

    dossier = models.OneToOneField(Dossier, models.CASCADE, related_name="authorisation")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.AgentOrganisation", models.PROTECT, related_name="+")
    citizen_name = models.CharField(max_length=200)
    citizen_id = models.CharField(max_length=12)
    document = models.ForeignKey(Attachment, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.organisation} → {self.citizen_name}"
