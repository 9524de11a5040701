from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("my-units/", views.my_units, name="my_units"),
    path("service-points/", views.service_points, name="service_points"),
]
