from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("procedures/", views.procedure_list, name="procedure_list"),
    path("procedures/<str:code>/", views.procedure_detail, name="procedure"),
]
