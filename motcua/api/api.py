"""The one NinjaAPI instance: every router is mounted here under /api/v1/."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from motcua.catalog.api import router as catalog_router
from motcua.core.api import router as calendar_router
from motcua.dossiers.api import router as dossier_router
from motcua.feedback.api import router as feedback_router
from motcua.geo.api import router as geo_router
from motcua.portal.api import router as filing_router

api = NinjaAPI(
    title="Một Cửa API",
    version="1",
    description="Public administration service centre: catalogue, dossiers, reference data.",
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


api.add_router("/", geo_router)
api.add_router("/", calendar_router)
api.add_router("/", catalog_router)
api.add_router("/", dossier_router)
api.add_router("/", filing_router)
api.add_router("/", feedback_router)
