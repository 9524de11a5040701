from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/intake/", views.intake, name="intake"),
    path("workspace/intake/communes/", views.intake_communes, name="intake_communes"),
    path("workspace/dossiers/<str:code>/", views.detail, name="detail"),
    path("workspace/dossiers/<str:code>/act/<str:action>/", views.act, name="act"),
    path("workspace/dossiers/<str:code>/forms/<slug:slug>.pdf", views.printout, name="printout"),
    path("workspace/dossiers/<str:code>/files/<int:pk>/", views.attachment, name="attachment"),
    path("workspace/dossiers/<str:code>/files/<int:pk>/preview/", views.attachment_preview, name="preview"),
    path("lookup/", views.lookup, name="lookup"),
]
