"""The daily roll-up the reports read: counters per day and dimension, kept up to date event by event."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel

COUNTERS = (
    "received",
    "processed",
    "early",
    "on_time",
    "late",
    "supplements",
    "not_accepted",
    "refused",
    "withdrawn",
    "stopped",
    "overdue_flagged",
    "online_received",
    "processing_seconds",
    "allowed_seconds",
    "issued",
    "results_to_store",
    "returned",
    "returned_online",
    "paid",
    "paid_online",
    "digitised",
    "reused",
    "synced",
    "rated",
    "rated_satisfied",
    "rating_points",
)
KEY = ("day", "receiving_unit_id", "handling_unit_id", "commune_id", "procedure_id", "channel")


class Counters(models.Model):
    """The counters of a roll-up row (see docs/reports.md and docs/indicators.md)."""

    received = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    early = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    supplements = models.PositiveIntegerField(default=0)
    not_accepted = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)
    overdue_flagged = models.PositiveIntegerField(default=0)
    online_received = models.PositiveIntegerField(default=0)
    # Plain seconds from receipt to the result (or refusal), summed over `processed`: the average's numerator.
    processing_seconds = models.BigIntegerField(default=0)
    # Plain seconds from receipt to the appointment in force, summed over `processed`: the legal time allowed.
    allowed_seconds = models.BigIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    results_to_store = models.PositiveIntegerField(default=0)  # issued results kept in the citizen's data store
    returned = models.PositiveIntegerField(default=0)
    returned_online = models.PositiveIntegerField(default=0)  # results delivered electronically
    paid = models.PositiveIntegerField(default=0)  # fee obligations met (counted on the receipt's day)
    paid_online = models.PositiveIntegerField(default=0)
    digitised = models.PositiveIntegerField(default=0)  # received with the documents in electronic form
    reused = models.PositiveIntegerField(default=0)  # received reusing documents from the applicant's data store
    # Receptions delivered to the national portal; counted on the reception's day, when the portal confirms.
    synced = models.PositiveIntegerField(default=0)
    # Satisfaction ratings, counted on the rating's day.
    rated = models.PositiveIntegerField(default=0)
    rated_satisfied = models.PositiveIntegerField(default=0)
    rating_points = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyStat(Counters):
    """One row per (day in Asia/Ho_Chi_Minh, receiving unit, handling unit, commune, procedure, channel)."""

    day = models.DateField(_("day"))
    receiving_unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="+")
    handling_unit = models.ForeignKey("org.Unit", models.PROTECT, null=True, blank=True, related_name="+")
    commune = models.ForeignKey("geo.Commune", models.PROTECT, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("daily statistic")
        verbose_name_plural = _("daily statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "receiving_unit", "handling_unit", "commune", "procedure", "channel"],
                name="daily_stat_key_unique",
            )
        ]
        indexes = [
            models.Index(fields=["day"]),
            models.Index(fields=["receiving_unit", "day"]),
            models.Index(fields=["handling_unit", "day"]),
            models.Index(fields=["procedure", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.receiving_unit_id}/{self.handling_unit_id} {self.procedure_id} {self.channel}"


class ReceptionStat(Counters):
    """The daily roll-up summed over communes and handling units: one row per (day, receiving unit, procedure,
    channel), a tenth of `DailyStat`'s rows. Centre-wide dashboards and rankings by receiving unit read it."""

    day = models.DateField(_("day"))
    receiving_unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("daily statistic by receiving unit")
        verbose_name_plural = _("daily statistics by receiving unit")
        constraints = [
            models.UniqueConstraint(fields=["day", "receiving_unit", "procedure", "channel"], name="reception_stat_key")
        ]
        indexes = [models.Index(fields=["day"]), models.Index(fields=["receiving_unit", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.receiving_unit_id} {self.procedure_id} {self.channel}"


RECEPTION_KEY = ("day", "receiving_unit_id", "procedure_id", "channel")


class ReceptionMonthStat(Counters):
    """`ReceptionStat` by month (`month` is its first day): a province-year is a few thousand rows."""

    month = models.DateField(_("month"))
    receiving_unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("monthly statistic by receiving unit")
        verbose_name_plural = _("monthly statistics by receiving unit")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "receiving_unit", "procedure", "channel"], name="reception_month_key"
            )
        ]
        indexes = [models.Index(fields=["month"]), models.Index(fields=["receiving_unit", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.receiving_unit_id} {self.procedure_id} {self.channel}"
