from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from motcua.api.api import api
from motcua.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("motcua.catalog.urls")),
    path("", include("motcua.dossiers.urls")),
    path("", include("motcua.feedback.urls")),
    path("", include("motcua.payments.urls")),
    path("", include("motcua.integrations.urls")),
    path("", include("motcua.reports.urls")),
    path("", include("motcua.portal.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
