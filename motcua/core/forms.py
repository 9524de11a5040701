"""Form helpers shared by the apps' views."""

import re
import secrets
from collections.abc import Callable
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .pending import PendingFile, pending_keep, pending_release, pending_remove
from .selectors import pending_uploads

# The largest value of the database's integer columns (PostgreSQL `integer`; `bigint` for ids).
MAX_INT = 2**31 - 1
MAX_ID = 2**63 - 1


def add_service_errors(form, error: ValidationError, rename: Callable[[str], str] | None = None) -> None:
    """Show a service's field errors on the form: on the field of that name (after `rename`), else at the top."""
    for field, errors in error.message_dict.items():
        name = rename(field) if rename else field
        form.add_error(name if name in form.fields else None, errors)


class RevisionField(forms.IntegerField):
    """The dossier revision a page was drawn from (hidden), so a stale page's action is refused."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=MAX_INT, **kwargs)


def id_param(value: str | None) -> int | None:
    """A row id from a query string or form field; None if it is missing or cannot be an id."""
    try:
        return forms.IntegerField(min_value=1, max_value=MAX_ID).clean(value)
    except ValidationError:
        return None


class NativeDateInput(forms.DateInput):
    """The browser's own date picker (`<input type="date">`): it shows the date in the user's language and always
    sends and expects ISO dates (yyyy-mm-dd), whatever the locale's first input format (dd/mm/yyyy in Vietnamese)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PeriodDateField(forms.DateField):
    """A day of a report or reconciliation period: within the years the system can count in (the calendar,
    day boundaries and `+ 1 day` work there; year 1 or 9999 would overflow them)."""

    FIRST, LAST = date(2000, 1, 1), date(2099, 12, 31)

    def validate(self, value):
        super().validate(value)
        if value and not self.FIRST <= value <= self.LAST:
            raise ValidationError(
                _("Choose a day between %(first)s and %(last)s.")
                % {"first": self.FIRST.strftime("%d/%m/%Y"), "last": self.LAST.strftime("%d/%m/%Y")},
                code="out_of_range",
            )


# The hidden field that names a form instance for its pending uploads, and what a token looks like.
PENDING_FIELD = "pending_uploads"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class PendingFileInput(forms.FileInput):
    """A file input that shows the file kept for it after a validation error — "already attached: name, size" —
    with a box to remove it; choosing a new file replaces it. Without a kept file it is a plain file input."""

    template_name = "core/widgets/pending_file.html"
    pending = None  # the `PendingUpload` kept for this field; set per form instance by `KeepsUploads`

    @staticmethod
    def remove_name(name: str) -> str:
        return f"{name}-remove"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload:
            return upload  # a new file replaces the kept one
        if self.pending is not None and not data.get(self.remove_name(name)):
            return PendingFile(self.pending)
        return None

    def use_required_attribute(self, initial):
        return super().use_required_attribute(initial) and self.pending is None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"] |= {"pending": self.pending, "remove_name": self.remove_name(name)}
        return context


class KeepsUploads:
    """A form whose files survive a validation error (mix in before `forms.Form`; pass `owner=` the user).

    The form carries a token (hidden field `pending_uploads`). Its file fields show what is kept for them
    (`PendingFileInput`), and a kept file is the field's value when no new file is sent, so the view and the
    service use it like an upload. The view calls `keep_uploads()` whenever it shows the form again with errors
    (the form's or the service's), and `release_uploads()` once the service has used the files."""

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        given = self.data.get(PENDING_FIELD) if self.is_bound else self.initial.get(PENDING_FIELD)
        self._token_given = isinstance(given, str) and bool(_TOKEN.fullmatch(given))
        self.pending_token = given if self._token_given else secrets.token_urlsafe(24)
        if self.is_bound and not self._token_given:
            self.data = self.data.copy()
            self.data[PENDING_FIELD] = self.pending_token
        self.fields[PENDING_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=self.pending_token
        )
        self._pending = None

    @property
    def pending(self) -> dict:
        """The files kept for this form instance, by field name (none for a new form: no query)."""
        if self._pending is None:
            self._pending = pending_uploads(self.owner, self.pending_token) if self._token_given else {}
        return self._pending

    def upload_fields(self) -> list[str]:
        return [name for name, field in self.fields.items() if isinstance(field, forms.FileField)]

    def _bind_pending(self, name: str) -> None:
        field = self.fields[name]
        if not isinstance(field.widget, PendingFileInput):
            field.widget = PendingFileInput(attrs=field.widget.attrs)
        field.widget.pending = self.pending.get(name)

    def __getitem__(self, name):
        if name in self.fields and isinstance(self.fields[name], forms.FileField):
            self._bind_pending(name)
        return super().__getitem__(name)

    def full_clean(self):
        for name in self.upload_fields():
            self._bind_pending(name)
        super().full_clean()

    def keep_uploads(self) -> None:
        """The submission was refused: keep every new file that passed its checks (replacing what its field kept),
        forget the kept files the user removed. A file that cannot be kept (over the user's limit) says so on its
        field; a file refused by its checks was never accepted and is not kept."""
        if not self.is_bound:
            return
        names = self.upload_fields()
        removed = [
            name
            for name in names
            if self.data.get(PendingFileInput.remove_name(self.add_prefix(name)))
            and not self.files.get(self.add_prefix(name))
        ]
        if removed:
            pending_remove(actor=self.owner, token=self.pending_token, fields=removed)
            for name in removed:
                self.pending.pop(name, None)
        for name in names:
            upload = self.files.get(self.add_prefix(name))
            facts = getattr(upload, "upload_facts", None)
            if facts is None:  # nothing new, or refused by its checks
                continue
            try:
                self.pending[name] = pending_keep(
                    actor=self.owner, token=self.pending_token, field=name, uploaded=upload, facts=facts
                )
            except ValidationError as error:
                self.add_error(name, error.message_dict.get(name, error.messages))
        self._token_given = True  # the token now names rows
        for name in names:
            self._bind_pending(name)

    def release_uploads(self) -> None:
        """The service used the files: the kept ones go (rows and stored files)."""
        if self._token_given:
            pending_release(actor=self.owner, token=self.pending_token)
