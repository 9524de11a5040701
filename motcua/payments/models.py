"""Payments of a dossier's fees, the electronic receipts (biên lai điện tử) they produce, fee exemptions,
and what is needed to trust a bank's callback (nonces)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    QR = "qr", _("Bank transfer (VietQR)")
    CASH = "cash", _("Cash at the counter")


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class FeeExemption(models.Model):
    """An officer decided that this dossier does not pay one fee (e.g. a poor household), and why."""

    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, related_name="fee_exemptions")
    fee_code = models.CharField(_("fee"), max_length=40)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("decided by"))
    at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["dossier_id", "fee_code"]
        verbose_name = _("fee exemption")
        verbose_name_plural = _("fee exemptions")
        constraints = [models.UniqueConstraint(fields=["dossier", "fee_code"], name="fee_exemption_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.fee_code}"


class ReceiptSequence(models.Model):
    """The last receipt number of a series in a year; its row is locked while a receipt is issued, so the
    numbers have no gaps (a rolled-back receipt rolls its number back too)."""

    series = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="receipt_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.series}{self.year}: {self.last}"


class Receipt(models.Model):
    number = models.CharField(_("receipt number"), max_length=24, unique=True)
    series = models.CharField(_("series"), max_length=8)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField()
    dossier = models.ForeignKey("dossiers.Dossier", models.PROTECT, related_name="receipts")
    # The receiving branch the money is credited to (reconciliation is per branch and day).
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="+", verbose_name=_("service point"))
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    payer_name = models.CharField(_("payer"), max_length=200)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )
    # What was paid, as it stood when paid: [{"code", "name", "amount"}]. The catalogue may change later.
    lines = models.JSONField(_("lines"), default=list)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "seq"], name="receipt_seq_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="receipt_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["unit", "issued_at"]),
            models.Index(fields=["dossier", "issued_at"]),
            models.Index(fields=["issued_at"]),
        ]

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    dossier = models.ForeignKey("dossiers.Dossier", models.PROTECT, related_name="payments")
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="+", verbose_name=_("service point"))
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    provider = models.CharField(_("provider"), max_length=32, blank=True)
    provider_reference = models.CharField(_("payment reference"), max_length=40, blank=True)
    qr_payload = models.TextField(_("VietQR payload"), blank=True)
    lines = models.JSONField(_("lines"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    receipt = models.OneToOneField(Receipt, models.PROTECT, null=True, blank=True, related_name="payment")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~models.Q(provider_reference=""),
                name="payment_reference_unique",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "paid_at"]),
            models.Index(fields=["dossier", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.method} {self.amount} {self.status}"


class CallbackNonce(models.Model):
    """Every nonce a provider's signed callback used: a replayed message finds its nonce here."""

    provider = models.CharField(max_length=32)
    nonce = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "nonce"], name="callback_nonce_unique")]
        indexes = [models.Index(fields=["received_at"])]

    def __str__(self) -> str:
        return f"{self.provider}:{self.nonce}"
