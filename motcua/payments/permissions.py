"""Who may pay, take cash, exempt a fee, read a receipt or reconcile a day. Deny by default."""

from motcua.dossiers.permissions import at_desk, handles, is_applicant, may_view
from motcua.dossiers.routing import centre_of
from motcua.org.models import RECEIVING_KINDS, Role, Unit
from motcua.org.selectors import unit_descendant_ids, user_memberships


def may_see_payments(user, dossier) -> bool:
    """The applicant who filed it online, and staff who may view the dossier."""
    return may_view(user, dossier)


def may_start_qr(user, dossier) -> bool:
    """The applicant pays from home; a receiving officer shows the code to the payer at the desk."""
    return is_applicant(user, dossier) or at_desk(user, dossier)


def may_take_cash(user, dossier) -> bool:
    return at_desk(user, dossier)


def may_exempt(user, dossier) -> bool:
    """The desk at intake, or the handling unit during appraisal, decides that a fee is not owed."""
    return at_desk(user, dossier) or handles(user, dossier, {Role.SPECIALIST, Role.UNIT_LEADER})


def may_read_receipt(user, receipt) -> bool:
    return may_view(user, receipt.dossier)


def reconciliation_units(user) -> list[Unit]:
    """The service points whose takings the user reconciles: every receiving unit of the centre family
    (centre, branches, service points) where the user is centre director or a receiving officer."""
    if not (user.is_authenticated and user.is_active):
        return []
    roles = {Role.CENTRE_DIRECTOR, Role.RECEIVING_OFFICER}
    centres = {
        centre_of(m.unit).pk for m in user_memberships(user) if m.role in roles and m.unit.kind in RECEIVING_KINDS
    }
    if not centres:
        return []
    family = unit_descendant_ids(centres)
    return list(Unit.objects.filter(pk__in=family, kind__in=RECEIVING_KINDS).order_by("code"))
