"""Forms of the officer's workspace: counter intake and one small form per action."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel
from motcua.core.forms import PENDING_FIELD, KeepsUploads, NativeDateInput, RevisionField
from motcua.core.uploads import UploadField
from motcua.geo.models import Commune
from motcua.org.models import Counter, Role, Unit
from motcua.org.selectors import officer_counter, user_memberships

from .actions import NOTE_RULES, Action, NoteRule
from .models import ApplicantKind
from .selectors import intake_communes, open_supplement
from .services.counter import IntakeOutcome


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


class CommunePicker(forms.Select):
    """A select of the province's communes with a search box before it: typing part of a name, with or without
    diacritics and without "Phường"/"Xã", narrows the options to the matches and selects the first
    (`views.intake_communes`, htmx); without scripts it is the plain select."""

    template_name = "dossiers/widgets/commune_picker.html"

    def __init__(self, *args, search_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.search_label = search_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_label"] = self.search_label
        return context


class IntakeForm(KeepsUploads, forms.Form):
    # The desk's three outcomes, each a button of its own with the field it needs beside it.
    OUTCOME_BUTTONS = (
        (IntakeOutcome.RECEIVE, _("Receive"), None),
        (IntakeOutcome.SUPPLEMENT, _("Request a supplement"), "items"),
        (IntakeOutcome.REFUSE, _("Refuse to receive"), "reasons"),
    )

    counter = forms.ModelChoiceField(label=_("Counter"), queryset=Counter.objects.none())
    commune = forms.ModelChoiceField(
        label=_("Commune or ward concerned"),
        queryset=Commune.objects.none(),
        widget=CommunePicker(search_label=_("Find the commune or ward concerned by name")),
    )
    case = forms.ChoiceField(label=_("Case"), required=False)
    applicant_kind = forms.ChoiceField(
        label=_("Applicant"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON
    )
    applicant_name = forms.CharField(label=_("Full name / organisation name"), max_length=200, required=False)
    citizen_id = forms.CharField(label=_("Citizen ID number (12 digits)"), max_length=12, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=NativeDateInput())
    tax_code = forms.CharField(label=_("Tax code"), max_length=14, required=False)
    representative = forms.CharField(label=_("Representative"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=16, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    applicant_commune = forms.ModelChoiceField(
        label=_("Commune of the address"),
        required=False,
        queryset=Commune.objects.none(),
        widget=CommunePicker(search_label=_("Find the commune of the address by name")),
    )
    # Set by the button pressed (OUTCOME_BUTTONS), never shown as a field.
    outcome = forms.ChoiceField(label=_("Result of the check"), choices=IntakeOutcome.choices)
    items = forms.CharField(
        label=_("Missing items (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reasons = forms.CharField(
        label=_("Reasons for refusal (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, version, **kwargs):
        super().__init__(*args, owner=user, **kwargs)
        units = [m.unit for m in user_memberships(user) if m.role == Role.RECEIVING_OFFICER]
        counters = Counter.objects.filter(unit__in=units, is_active=True).select_related("unit")
        self.fields["counter"].queryset = counters
        self.fields["counter"].label_from_instance = lambda c: f"{c.unit.short_name or c.unit.name} · {c}"
        if not self.is_bound:  # the officer's counter of last time, kept across logins and devices
            remembered = officer_counter(user)
            if remembered is not None and remembered.unit_id in {unit.pk for unit in units}:
                self.initial["counter"] = remembered.pk
            elif len(only := list(counters[:2])) == 1:  # a desk with one counter needs no choosing
                self.initial["counter"] = only[0].pk
        communes = intake_communes(user)
        self.fields["commune"].queryset = communes
        self.fields["applicant_commune"].queryset = communes
        self.fields["case"].choices = [("", _("General case")), *version.cases.values_list("code", "name")]
        self.documents = list(version.documents.all())
        for doc in self.documents:
            self.fields[f"doc_{doc.pk}"] = forms.BooleanField(label=doc.name, required=False, initial=doc.mandatory)
            self.fields[f"orig_{doc.pk}"] = forms.IntegerField(
                label=_("Originals"), min_value=0, max_value=99, initial=doc.originals, required=False
            )
            self.fields[f"copy_{doc.pk}"] = forms.IntegerField(
                label=_("Copies"), min_value=0, max_value=99, initial=doc.copies, required=False
            )
            self.fields[f"file_{doc.pk}"] = UploadField(label=_("Scan"), required=False)

    def document_rows(self):
        return [
            (doc, self[f"doc_{doc.pk}"], self[f"orig_{doc.pk}"], self[f"copy_{doc.pk}"], self[f"file_{doc.pk}"])
            for doc in self.documents
        ]

    def outcome_buttons(self):
        """(value, label, the field the outcome needs or None) for each of the desk's buttons."""
        return [(value, label, self[field] if field else None) for value, label, field in self.OUTCOME_BUTTONS]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == IntakeOutcome.SUPPLEMENT and not _lines(data.get("items")):
            self.add_error("items", _("List what is missing, one item per line."))
        if data.get("outcome") == IntakeOutcome.REFUSE and not _lines(data.get("reasons")):
            self.add_error("reasons", _("Give the reasons, one per line."))
        return data

    def applicant(self) -> dict:
        keys = [
            "applicant_kind",
            "applicant_name",
            "citizen_id",
            "date_of_birth",
            "tax_code",
            "representative",
            "phone",
            "email",
            "address",
            "applicant_commune",
        ]
        return {key: self.cleaned_data.get(key) for key in keys}


class ActionForm(KeepsUploads, forms.Form):
    revision = RevisionField()

    FIELDS = {
        Action.REQUEST_SUPPLEMENT_AT_DESK: ["items", "note"],
        Action.REQUEST_SUPPLEMENT: ["items", "note"],
        Action.REFUSE_INTAKE: ["reasons"],
        Action.REFUSE: ["reasons"],
        Action.FORWARD: ["note"],
        Action.APPROVE: ["note"],
        Action.ISSUE_RESULT: ["note"],
        Action.RECEIVE_SUPPLEMENT: ["note"],  # and a tick and a scan per missing item (`_add_supplement_items`)
        Action.SEND_BACK: ["to_position", "note"],
        Action.ASSIGN: ["assignee"],
        Action.DISPATCH: ["unit"],
        Action.REQUEST_PAYMENT: ["amount", "note"],
        Action.MARK_PAID: ["receipt"],
        Action.RETURN_RESULT: ["method", "note"],
        Action.WITHDRAW: ["reason"],
        Action.STOP: ["reason"],
        Action.APOLOGISE: ["new_due", "reason"],
        Action.ATTACH_RESULT: ["file"],
    }

    def __init__(self, *args, action, dossier, user, **kwargs):
        super().__init__(*args, owner=user, **kwargs)
        self.action = action
        make = {
            "items": lambda: forms.CharField(label=_("Items (one per line)"), widget=forms.Textarea(attrs={"rows": 3})),
            "reasons": lambda: forms.CharField(
                label=_("Reasons (one per line)"), widget=forms.Textarea(attrs={"rows": 3})
            ),
            "note": lambda: forms.CharField(
                label=_("Note"),
                required=action == Action.SEND_BACK,  # say why it goes back
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
            "reason": lambda: forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})),
            "to_position": lambda: forms.TypedChoiceField(
                label=_("Back to step"),
                coerce=int,
                choices=[
                    (s.position, f"{s.position}. {s.name}")
                    for s in dossier.steps.all()
                    if dossier.current_step and s.position < dossier.current_step.position
                ],
            ),
            "assignee": lambda: forms.ModelChoiceField(label=_("Assign to"), queryset=_colleagues(dossier)),
            "unit": lambda: forms.ModelChoiceField(
                label=_("Competent unit"),
                queryset=Unit.objects.filter(
                    kind=dossier.procedure.competent_agency, province_id=dossier.commune.province_id, is_active=True
                ),
            ),
            "amount": lambda: forms.IntegerField(label=_("Amount (đồng)"), min_value=1),
            "receipt": lambda: forms.CharField(label=_("Receipt number"), required=False, max_length=60),
            "method": lambda: forms.ChoiceField(label=_("Returned"), choices=Channel.choices),
            "new_due": lambda: forms.DateTimeField(
                label=_("New appointment"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
            ),
            "file": lambda: UploadField(label=_("Result file (PDF, JPEG, PNG)")),
        }
        if action == Action.RECEIVE_SUPPLEMENT:
            self._add_supplement_items(dossier)
        for name in self.FIELDS.get(action, []):
            self.fields[name] = make[name]()
        self._note_audience(action)
        self.fields["revision"].initial = dossier.revision

    def _add_supplement_items(self, dossier):
        """The items of the open request still missing: each ticked as handed in and scanned, or left missing."""
        request = open_supplement(dossier)
        self.supplement_items = list(request.items.filter(received_at=None)) if request else []
        # Sent by the page's checklist: without it (a client that does not list items) everything is received.
        self.fields["checklist"] = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)
        for item in self.supplement_items:
            # Ticked to begin with: usually everything is brought; the officer unticks what is still missing.
            self.fields[f"item_{item.pk}"] = forms.BooleanField(label=item.text, required=False, initial=True)
            self.fields[f"scan_{item.pk}"] = UploadField(label=_("Scan"), required=False)

    def supplement_rows(self):
        return [(item, self[f"item_{item.pk}"], self[f"scan_{item.pk}"]) for item in self.supplement_items]

    def _note_audience(self, action) -> None:
        """Say who reads the note, as `actions.NOTE_RULES` decides: a choice (unticked: internal) or always the
        applicant (the reasons that go on an official form)."""
        written = [name for name in ("note", "reason", "reasons") if name in self.fields]
        if not written:
            return
        if NOTE_RULES.get(action) == NoteRule.CHOICE:
            self.fields["note_public"] = forms.BooleanField(
                label=_("Visible to the applicant"),
                required=False,
                initial=False,
                help_text=_("Unticked, the note stays internal: only staff read it."),
            )
        else:
            for name in written:
                self.fields[name].help_text = _("The applicant reads this: it goes on the official form.")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if "items" in data:
            data["items"] = _lines(data["items"])
        if "reasons" in data:
            data["reasons"] = _lines(data["reasons"])
        if "new_due" in data and data["new_due"] and timezone.is_naive(data["new_due"]):
            data["new_due"] = timezone.make_aware(data["new_due"])
        data.pop("file", None)
        data.pop(PENDING_FIELD, None)
        listed = data.pop("checklist", False)
        items = getattr(self, "supplement_items", [])
        scans = {item.pk: [data.pop(f"scan_{item.pk}")] for item in items if data.get(f"scan_{item.pk}")}
        ticked = [item.pk for item in items if data.pop(f"item_{item.pk}", False)]
        for item in items:
            data.pop(f"scan_{item.pk}", None)
        if items and listed:
            data |= {"received": ticked, "scans": scans}
        return data


def _colleagues(dossier):
    from django.contrib.auth import get_user_model

    step = dossier.current_step
    if step is None or step.unit_id is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(
            memberships__unit=step.unit,
            memberships__role__in=[step.role, Role.SPECIALIST],
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )
