from django.utils.translation import gettext as _

from motcua.org.models import DepartmentArea, UnitKind


def agency_label(kind: str, area: str = "") -> str:
    """How a competent agency is named to citizens: 'Sở Tư pháp', 'UBND cấp xã', …"""
    if kind == UnitKind.DEPARTMENT:
        if area == DepartmentArea.PUBLIC_SECURITY:
            return _("Provincial police")
        return _("Department of %(area)s") % {"area": DepartmentArea(area).label if area else "—"}
    return str(UnitKind(kind).label)
