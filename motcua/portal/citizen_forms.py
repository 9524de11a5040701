from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import AccountKind
from motcua.catalog.eforms import eform_answer, eform_applicant_fields, eform_fields
from motcua.core.forms import PENDING_FIELD, KeepsUploads, NativeDateInput, RevisionField
from motcua.core.uploads import UploadField
from motcua.datastore.services import documents_of
from motcua.geo.models import Commune

from .filing import documents_not_asked


class FilingForm(KeepsUploads, forms.Form):
    case = forms.ChoiceField(label=_("Case"), required=False)
    commune = forms.ModelChoiceField(
        label=_("Commune or ward concerned"), queryset=Commune.objects.none(), to_field_name="code"
    )
    applicant_name = forms.CharField(label=_("Full name of the applicant"), max_length=200)
    citizen_id = forms.CharField(label=_("Citizen ID number (12 digits)"), max_length=12)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=NativeDateInput())
    phone = forms.CharField(label=_("Phone"), max_length=16, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)

    def __init__(self, *args, user, version, province_code, draft=False, **kwargs):
        super().__init__(*args, owner=user, **kwargs)
        self.user, self.version = user, version
        self.fields["commune"].queryset = Commune.objects.filter(province_id=province_code).order_by("name")
        self.fields["case"].choices = [("", _("General case")), *version.cases.values_list("code", "name")]
        if user.kind == AccountKind.CITIZEN:  # a citizen files for themselves: their identity is given
            for name in ("applicant_name", "citizen_id"):
                self.fields[name].disabled = True
            self.initial |= {
                "applicant_name": user.full_name,
                "citizen_id": user.verified_citizen_id,
                "phone": user.phone,
                "email": user.email,
            }
        self.eform = version.eform or {}
        self.fields |= eform_fields(self.eform) if self.eform else {}
        # The e-form's identity properties are answered once, in the applicant section (the service fills them).
        self.prefilled = eform_applicant_fields(self.eform)
        required = set(self.eform.get("required", []))
        for name, key in self.prefilled.items():
            self.fields.pop(f"f_{name}", None)
            if name in required and key in self.fields:
                self.fields[key].required = True
        store = documents_of(user)
        documents = list(version.documents.all())
        not_asked = documents_not_asked(version, user, documents)
        self.not_asked = [(doc, not_asked[doc.pk]) for doc in documents if doc.pk in not_asked]
        self.documents = [doc for doc in documents if doc.pk not in not_asked]
        for doc in self.documents:
            self.fields[f"stored_{doc.pk}"] = forms.ModelChoiceField(
                label=_("From my data store"), queryset=store, required=False
            )
            self.fields[f"upload_{doc.pk}"] = UploadField(label=_("Or upload (PDF, JPEG, PNG)"), required=False)
        if draft:  # a draft keeps whatever was typed so far; completeness is checked on submission
            for field in self.fields.values():
                field.required = False
        if user.kind == AccountKind.AGENT and not draft:
            self.fields["authorisation"] = UploadField(label=_("The citizen's signed authorisation"))
            self.fields["confirm"] = forms.BooleanField(
                label=_("I confirm the citizen authorised our organisation to file this dossier.")
            )

    def eform_bound(self):
        return [self[name] for name in self.fields if name.startswith("f_")]

    def document_rows(self):
        return [(doc, self[f"stored_{doc.pk}"], self[f"upload_{doc.pk}"]) for doc in self.documents]

    def clean(self):
        data = super().clean()
        for doc in self.documents:
            chosen, upload = data.get(f"stored_{doc.pk}"), data.get(f"upload_{doc.pk}")
            if chosen and upload:
                self.add_error(f"upload_{doc.pk}", _("Choose a stored document or upload a file, not both."))
            refused = f"upload_{doc.pk}" in self.errors  # an upload was given, and refused: that is the message
            if doc.mandatory and not chosen and not upload and not refused and self.data.get("submit"):
                self.add_error(f"upload_{doc.pk}", _("This document is required."))
        return data

    def applicant(self) -> dict:
        data = self.cleaned_data
        return {
            key: data.get(key) for key in ("applicant_name", "citizen_id", "date_of_birth", "phone", "email", "address")
        }

    def form_data(self) -> dict | None:
        return eform_answer(self.eform, self.cleaned_data) if self.eform else None

    def prefilled_titles(self) -> list[str]:
        """The e-form's questions answered by the applicant section, as the e-form titles them."""
        properties = self.eform.get("properties", {})
        return [properties[name].get("title") or name for name in self.prefilled]

    def service_field(self, field: str) -> str:
        """The page's field for a filing service's error: `form.<key>` is the e-form's `f_<key>`, or the applicant
        field that answers it."""
        if not field.startswith("form."):
            return field
        name = field.split(".", 1)[1]
        return self.prefilled.get(name) or f"f_{name}"

    def declaration(self) -> dict | None:
        """The e-form answers so far, for the fee summary: the valid answers of a bound form, the initial (draft)
        answers of an unbound one. None when the procedure has no e-form."""
        if not self.eform:
            return None
        if self.is_bound:
            if not hasattr(self, "cleaned_data"):
                self.full_clean()
            return eform_answer(self.eform, self.cleaned_data)
        return eform_answer(self.eform, self.initial)

    def fee_inputs(self) -> list[str]:
        """The page's fields the fees depend on: the case and the e-form answers that price a fee."""
        names = {"case"}
        for fee in self.version.fees.all():
            names |= {f"f_{name}" for name in (fee.quantity_field, fee.condition_field) if name}
        return sorted(name for name in names if name in self.fields)

    def stored(self) -> dict:
        return {
            d.pk: self.cleaned_data[f"stored_{d.pk}"] for d in self.documents if self.cleaned_data.get(f"stored_{d.pk}")
        }

    def uploads(self) -> dict:
        return {
            d.pk: self.cleaned_data[f"upload_{d.pk}"] for d in self.documents if self.cleaned_data.get(f"upload_{d.pk}")
        }

    def draft_data(self) -> dict:
        """What a draft keeps: every answer typed so far (files go to the data store first)."""
        keep = {}
        for name, value in self.cleaned_data.items() if hasattr(self, "cleaned_data") else []:
            if name.startswith(("stored_", "upload_")) or name in ("authorisation", "confirm", PENDING_FIELD):
                continue
            if isinstance(value, Commune):
                value = value.code
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            elif value is not None and not isinstance(value, str | int | float | bool):
                value = str(value)
            keep[name] = value
        return keep


class ProfileForm(forms.ModelForm):
    """Contact details. The citizen ID is never edited here: it comes from the national identity login or an
    officer's check; the name too, once the identity is verified."""

    class Meta:
        model = get_user_model()
        fields = ["full_name", "phone", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.identity_verified_via and self.instance.full_name:
            del self.fields["full_name"]


class SupplementForm(KeepsUploads, forms.Form):
    revision = RevisionField()
    upload = UploadField(label=_("Supplementary document (PDF, JPEG, PNG)"), required=False)
    stored = forms.ModelChoiceField(label=_("Or from my data store"), queryset=None, required=False)
    note = forms.CharField(label=_("Note to the officer"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, owner=user, **kwargs)
        self.fields["stored"].queryset = documents_of(user)

    def clean(self):
        data = super().clean()
        if not data.get("upload") and not data.get("stored"):
            raise forms.ValidationError(_("Attach the document that was asked for."))
        return data

    def answer(self) -> dict:
        """The arguments of `dossier_answer_supplement`."""
        data = self.cleaned_data
        return {
            "uploaded": data.get("upload"),
            "stored": data.get("stored"),
            "note": data.get("note", ""),
            "revision": data["revision"],
        }


class WithdrawForm(forms.Form):
    revision = RevisionField()
    reason = forms.CharField(label=_("Reason"), required=False)


class UploadForm(KeepsUploads, forms.Form):
    title = forms.CharField(label=_("What is it?"), max_length=300)
    file = UploadField(label=_("File (PDF, JPEG, PNG)"))
