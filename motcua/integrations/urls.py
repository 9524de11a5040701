from django.urls import path

from . import views

app_name = "integrations"
urlpatterns = [
    path("integrations/portal/", views.portal_dashboard, name="portal"),
    path("integrations/portal/<int:pk>/retry/", views.portal_retry, name="portal_retry"),
    path("integrations/portal/retry-all/", views.portal_retry_all, name="portal_retry_all"),
]
