"""Rules for what an applicant gives us; the counter form, the API and the services all use these."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from .models import ApplicantKind

CITIZEN_ID = re.compile(r"^[0-9]{12}$")
TAX_CODE = re.compile(r"^[0-9]{10}([0-9]{3})?$")
PHONE = re.compile(r"^(\+84|0)[0-9]{9,10}$")


def clean_applicant(data: dict) -> dict:
    """Check an applicant; raise ValidationError naming every bad field at once."""
    errors: dict[str, str] = {}
    kind = data.get("applicant_kind") or ApplicantKind.PERSON
    name = " ".join(str(data.get("applicant_name") or "").split())
    cleaned = {"applicant_kind": kind, "applicant_name": name}
    if kind not in ApplicantKind.values:
        errors["applicant_kind"] = _("Choose a person or an organisation.")
    if not name:
        errors["applicant_name"] = _("Enter the applicant's full name.")
    elif len(name) > 200:
        errors["applicant_name"] = _("The name is longer than 200 characters.")
    if kind == ApplicantKind.PERSON:
        citizen_id = str(data.get("citizen_id") or "").strip()
        if not CITIZEN_ID.match(citizen_id):
            errors["citizen_id"] = _("A citizen ID number has exactly 12 digits.")
        dob = data.get("date_of_birth")
        if isinstance(dob, str) and dob:
            try:
                dob = date.fromisoformat(dob)
            except ValueError:
                errors["date_of_birth"] = _("Enter the date of birth as YYYY-MM-DD.")
                dob = None
        if isinstance(dob, date) and not date(1900, 1, 1) <= dob <= date.today():
            errors["date_of_birth"] = _("The date of birth must be between 1900 and today.")
        cleaned |= {"citizen_id": citizen_id, "date_of_birth": dob or None}
    else:
        tax_code = str(data.get("tax_code") or "").replace("-", "").strip()
        if not TAX_CODE.match(tax_code):
            errors["tax_code"] = _("A tax code has 10 or 13 digits.")
        representative = " ".join(str(data.get("representative") or "").split())
        if not representative:
            errors["representative"] = _("Enter the organisation's representative.")
        cleaned |= {"tax_code": tax_code, "representative": representative}
    phone = str(data.get("phone") or "").replace(" ", "").replace(".", "")
    if phone and not PHONE.match(phone):
        errors["phone"] = _("Enter a Vietnamese phone number, e.g. 0912345678.")
    email = str(data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    if not phone and not email:
        errors.setdefault("phone", _("Give a phone number or an email address so that we can reach the applicant."))
    address = " ".join(str(data.get("address") or "").split())
    if len(address) > 300:
        errors["address"] = _("The address is longer than 300 characters.")
    cleaned |= {"phone": phone, "email": email, "address": address}
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_form_data(schema: dict | None, data) -> dict | None:
    """Validate e-form answers against the procedure's JSON Schema; errors are keyed `form.<field>`."""
    if schema is None:
        return None
    if not isinstance(data, dict):
        raise ValidationError({"form_data": _("Fill in the procedure's form.")})
    errors = {}
    for error in Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(data):
        path = [str(part) for part in error.absolute_path]
        if error.validator == "required":  # the message names the missing property: "'x' is a required property"
            path.append(error.message.split("'")[1])
        errors[".".join(["form", *path])] = _schema_message(error)
    if errors:
        raise ValidationError(errors)
    return data


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
        raise ValidationError({field: _("List at least one item.")})
    return cleaned
