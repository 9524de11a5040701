from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("payments/dossiers/<str:code>/", views.dossier_payments, name="dossier"),
    path("payments/dossiers/<str:code>/qr/", views.start_qr, name="start_qr"),
    path("payments/dossiers/<str:code>/cash/", views.cash, name="cash"),
    path("payments/dossiers/<str:code>/exempt/", views.exempt, name="exempt"),
    path("payments/dossiers/<str:code>/simulate/<int:pk>/", views.simulate, name="simulate"),
    path("payments/receipts/<str:number>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("payments/reconciliation/", views.reconciliation, name="reconciliation"),
    path("payments/callback/<slug:provider>/", views.callback, name="callback"),
]
