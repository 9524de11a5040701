"""Who decides a dossier: by the procedure's competent agency and the commune concerned, never by the
branch that received it. Units that cannot be determined are left empty (the centre's dispatch queue)."""

from motcua.org.models import RECEIVING_KINDS, Role, Unit, UnitKind


def competent_unit(procedure, commune) -> Unit | None:
    units = Unit.objects.filter(is_active=True, province_id=commune.province_id)
    kind = procedure.competent_agency
    if kind in (UnitKind.COMMUNE_COMMITTEE, UnitKind.COMMUNE_POLICE):
        units = units.filter(kind=kind, commune=commune)
    elif kind == UnitKind.DEPARTMENT:
        units = units.filter(kind=kind, department_area=procedure.department_area)
    else:
        units = units.filter(kind=kind)
    found = list(units[:2])
    return found[0] if len(found) == 1 else None


def centre_of(unit: Unit) -> Unit:
    """The service centre a receiving unit belongs to (a branch's parent; a centre itself)."""
    while unit.kind in RECEIVING_KINDS and unit.kind != UnitKind.SERVICE_CENTRE and unit.parent_id:
        if unit.parent.kind not in RECEIVING_KINDS:
            break
        unit = unit.parent
    return unit


def step_unit(unit_kind: str, dossier) -> Unit | None:
    """The unit that carries out a workflow step of this dossier."""
    if unit_kind in RECEIVING_KINDS:
        return dossier.receiving_unit
    if dossier.handling_unit_id and dossier.handling_unit.kind == unit_kind:
        return dossier.handling_unit
    units = Unit.objects.filter(is_active=True, province_id=dossier.commune.province_id, kind=unit_kind)
    if unit_kind in (UnitKind.COMMUNE_COMMITTEE, UnitKind.COMMUNE_POLICE):
        units = units.filter(commune=dossier.commune)
    elif unit_kind == UnitKind.DEPARTMENT:
        units = units.filter(department_area=dossier.procedure.department_area)
    found = list(units[:2])
    return found[0] if len(found) == 1 else None


def is_return_step_of(step, steps) -> bool:
    """Whether `step` is the last of `steps` (all the dossier's steps, in order) handing the result back at the
    desk: entered only by issuing the result, never by forwarding."""
    return bool(steps) and step.pk == steps[-1].pk and step.role == Role.RECEIVING_OFFICER and len(steps) > 1
