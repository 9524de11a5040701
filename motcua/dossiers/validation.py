"""Rules for what an applicant gives us; the counter form, the API and the services all use these."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from motcua.core.errors import InputErrorCode

from .models import ApplicantKind

CITIZEN_ID = re.compile(r"^[0-9]{12}$")
TAX_CODE = re.compile(r"^[0-9]{10}([0-9]{3})?$")
PHONE = re.compile(r"^(\+84|0)[0-9]{9,10}$")


def clean_applicant(data: dict) -> dict:
    """Check an applicant; raise ValidationError naming every bad field at once."""
    errors: dict[str, ValidationError] = {}
    kind = data.get("applicant_kind") or ApplicantKind.PERSON
    name = " ".join(str(data.get("applicant_name") or "").split())
    cleaned = {"applicant_kind": kind, "applicant_name": name}
    if kind not in ApplicantKind.values:
        errors["applicant_kind"] = ValidationError(
            _("Choose a person or an organisation."), code=InputErrorCode.INVALID_CHOICE
        )
    if not name:
        errors["applicant_name"] = ValidationError(_("Enter the applicant's full name."), code=InputErrorCode.REQUIRED)
    elif len(name) > 200:
        errors["applicant_name"] = ValidationError(
            _("The name is longer than 200 characters."), code=InputErrorCode.MAX_LENGTH
        )
    if kind == ApplicantKind.PERSON:
        citizen_id = str(data.get("citizen_id") or "").strip()
        if not CITIZEN_ID.match(citizen_id):
            errors["citizen_id"] = ValidationError(
                _("A citizen ID number has exactly 12 digits."), code=InputErrorCode.INVALID
            )
        dob = data.get("date_of_birth")
        if isinstance(dob, str) and dob:
            try:
                dob = date.fromisoformat(dob)
            except ValueError:
                errors["date_of_birth"] = ValidationError(
                    _("Enter the date of birth as YYYY-MM-DD."), code=InputErrorCode.INVALID
                )
                dob = None
        if isinstance(dob, date) and not date(1900, 1, 1) <= dob <= date.today():
            errors["date_of_birth"] = ValidationError(
                _("The date of birth must be between 1900 and today."), code=InputErrorCode.INVALID
            )
        cleaned |= {"citizen_id": citizen_id, "date_of_birth": dob or None}
    else:
        tax_code = str(data.get("tax_code") or "").replace("-", "").strip()
        if not TAX_CODE.match(tax_code):
            errors["tax_code"] = ValidationError(_("A tax code has 10 or 13 digits."), code=InputErrorCode.INVALID)
        representative = " ".join(str(data.get("representative") or "").split())
        if not representative:
            errors["representative"] = ValidationError(
                _("Enter the organisation's representative."), code=InputErrorCode.REQUIRED
            )
        cleaned |= {"tax_code": tax_code, "representative": representative}
    phone = str(data.get("phone") or "").replace(" ", "").replace(".", "")
    if phone and not PHONE.match(phone):
        errors["phone"] = ValidationError(
            _("Enter a Vietnamese phone number, e.g. 0912345678."), code=InputErrorCode.INVALID
        )
    email = str(data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ValidationError(_("Enter a valid email address."), code=InputErrorCode.INVALID)
    if not phone and not email:
        errors.setdefault(
            "phone",
            ValidationError(
                _("Give a phone number or an email address so that we can reach the applicant."),
                code=InputErrorCode.REQUIRED,
            ),
        )
    address = " ".join(str(data.get("address") or "").split())
    if len(address) > 300:
        errors["address"] = ValidationError(
            _("The address is longer than 300 characters."), code=InputErrorCode.MAX_LENGTH
        )
    cleaned |= {"phone": phone, "email": email, "address": address}
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_form_data(schema: dict | None, data) -> dict | None:
    """Validate e-form answers against the procedure's JSON Schema; errors are keyed `form.<field>`."""
    if schema is None:
        return None
    if not isinstance(data, dict):
        raise ValidationError(
            {"form_data": ValidationError(_("Fill in the procedure's form."), code=InputErrorCode.REQUIRED)}
        )
    errors = {}
    for error in Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(data):
        path = [str(part) for part in error.absolute_path]
        if error.validator == "required":  # the message names the missing property: "'x' is a required property"
            path.append(error.message.split("'")[1])
        errors[".".join(["form", *path])] = ValidationError(_schema_message(error), code=_schema_code(error))
    if errors:
        raise ValidationError(errors)
    return data


# JSON Schema's keywords → the code of the field error that breaks them (`invalid` for any other).
_SCHEMA_CODES = {
    "required": InputErrorCode.REQUIRED,
    "enum": InputErrorCode.INVALID_CHOICE,
    "maxLength": InputErrorCode.MAX_LENGTH,
    "minLength": InputErrorCode.MIN_LENGTH,
    "maximum": InputErrorCode.MAX_VALUE,
    "minimum": InputErrorCode.MIN_VALUE,
    "additionalProperties": InputErrorCode.UNKNOWN_FIELD,
}


def _schema_code(error) -> str:
    return _SCHEMA_CODES.get(error.validator, InputErrorCode.INVALID)


def _schema_message(error) -> str:
    """JSON Schema's errors in the user's language."""
    kind, value = error.validator, error.validator_value
    if kind == "required":
        return _("This field is required.")
    if kind == "enum":
        return _("Choose one of: %(choices)s.") % {"choices": ", ".join(map(str, value))}
    if kind == "pattern":
        return _("The value is not in the expected format.")
    if kind == "format":
        return _("Enter a valid date (YYYY-MM-DD).") if value == "date" else _("Enter a valid value.")
    if kind in ("maxLength", "maximum"):
        return _("At most %(n)s.") % {"n": value}
    if kind in ("minLength", "minimum"):
        return _("At least %(n)s.") % {"n": value}
    if kind == "additionalProperties":
        return _("The form has fields this procedure does not ask for.")
    return _("This value is not valid.")


def clean_items(items, field: str) -> list[str]:
    """A list of missing documents or reasons: blank entries dropped, spaces collapsed, at least one."""
    cleaned = [" ".join(str(i).split()) for i in items or [] if str(i).strip()]
    if not cleaned:
        raise ValidationError({field: ValidationError(_("List at least one item."), code=InputErrorCode.REQUIRED)})
    return cleaned
