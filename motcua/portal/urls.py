from django.contrib.auth import views as auth_views
from django.urls import path

from . import citizen, passwords, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", passwords.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path("password/reset/done/", passwords.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path(
        "password/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("my-units/", views.my_units, name="my_units"),
    path("service-points/", views.service_points, name="service_points"),
    path("file/", citizen.file_choose, name="file_choose"),
    path("file/<str:code>/", citizen.file_procedure, name="file"),
    path("file/<str:code>/fees/", citizen.file_fees, name="file_fees"),
    path("my/dossiers/", citizen.my_dossiers, name="my_dossiers"),
    path("my/dossiers/<str:code>/", citizen.my_dossier, name="my_dossier"),
    path("my/dossiers/<str:code>/files/<int:pk>/", citizen.my_dossier_file, name="my_dossier_file"),
    path("my/dossiers/<str:code>/forms/<slug:slug>.pdf", citizen.my_dossier_printout, name="my_dossier_printout"),
    path("my/documents/", citizen.my_documents, name="my_documents"),
    path("my/documents/<int:pk>/", citizen.my_document_file, name="my_document_file"),
    path("my/profile/", citizen.profile, name="profile"),
]
