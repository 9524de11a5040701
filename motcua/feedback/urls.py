from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("feedback/dossiers/<str:code>/rate/", views.rate, name="rate"),
    path("feedback/tablet/thanks/", views.tablet_thanks, name="tablet_thanks"),
    path("feedback/tablet/<str:code>/", views.tablet_start, name="tablet_start"),
    path("feedback/tablet/<str:code>/<str:token>/", views.tablet_form, name="tablet_form"),
]
