"""The one NinjaAPI instance: every router is mounted here under /api/v1/.

Its error answers, their schemas and the exception handlers live in `errors.py`; the OpenAPI document adds
the answers every operation can give (`errors.document_answers`), so a router mounted here only declares the
errors its handlers return themselves (`response={200: Out, **errors(409)}`).
"""

from django.db import InterfaceError, OperationalError
from ninja import NinjaAPI

from motcua.catalog.api import router as catalog_router
from motcua.dossiers.api import router as dossier_router
from motcua.feedback.api import router as feedback_router
from motcua.geo.api import router as geo_router
from motcua.org.api import router as calendar_router
from motcua.portal.api import router as filing_router

from .errors import BoundedJSONParser, document_answers, install_handlers


class MotcuaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return document_answers(super().get_openapi_schema(*args, **kwargs))


api = MotcuaAPI(
    title="Một Cửa API",
    version="1",
    description="Public administration service centre: catalogue, dossiers, reference data.",
    urls_namespace="api",
    parser=BoundedJSONParser(),
)
install_handlers(api)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_error(request, exc):
    raise exc  # never answered here, not even with DEBUG on: DatabaseUnavailableMiddleware decides (503 or 500)


api.add_router("/", geo_router)
api.add_router("/", calendar_router)
api.add_router("/", catalog_router)
api.add_router("/", dossier_router)
api.add_router("/", filing_router)
api.add_router("/", feedback_router)
