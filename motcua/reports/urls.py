from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.report_page, name="report"),
    path("reports/dashboard/", views.dashboard, name="dashboard"),
    path("reports/indicators/", views.indicators, name="indicators"),
    path("reports/waiting/", views.waiting_list, name="waiting"),
    path("reports/dossiers/", views.dossier_list, name="dossiers"),
    path("reports/export.csv", views.export_csv, name="export_csv"),
    path("reports/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
