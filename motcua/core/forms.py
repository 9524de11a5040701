"""Form helpers shared by the apps' views."""

from collections.abc import Callable
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
