"""Form helpers shared by the apps' views."""

from collections.abc import Callable

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError, rename: Callable[[str], str] | None = None) -> None:
    """Show a service's field errors on the form: on the field of that name (after `rename`), else at the top."""
    for field, errors in error.message_dict.items():
        name = rename(field) if rename else field
        form.add_error(name if name in form.fields else None, errors)
