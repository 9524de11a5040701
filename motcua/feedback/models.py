"""A citizen's satisfaction rating of one dossier (Circular 01/2018 Art. 13)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .criteria import CRITERIA, FIELDS, Score, is_satisfied, score_of


class RatingChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    COUNTER_TABLET = "counter_tablet", _("Tablet at the counter")


def _criterion_field(criterion):
    return models.PositiveSmallIntegerField(criterion.label, choices=Score.choices)


class Rating(models.Model):
    """One per dossier. `score` and `satisfied` are written by save() from criteria.py, never by hand."""

    dossier = models.OneToOneField("dossiers.Dossier", models.CASCADE, related_name="rating")
    channel = models.CharField(_("channel"), max_length=16, choices=RatingChannel.choices)
    criterion_1 = _criterion_field(CRITERIA[0])
    criterion_2 = _criterion_field(CRITERIA[1])
    criterion_3 = _criterion_field(CRITERIA[2])
    criterion_4 = _criterion_field(CRITERIA[3])
    criterion_5 = _criterion_field(CRITERIA[4])
    criterion_6 = _criterion_field(CRITERIA[5])
    criterion_7 = _criterion_field(CRITERIA[6])
    criterion_8 = _criterion_field(CRITERIA[7])
    criterion_9 = _criterion_field(CRITERIA[8])
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), editable=False)
    satisfied = models.BooleanField(_("satisfied"), editable=False)
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)
    # The local calendar day of rated_at, stored so reports group and filter by day on an index.
    rated_on = models.DateField(_("rated on"), editable=False)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the citizen rated on the counter's tablet, without logging in."),
    )
    # Copied from the dossier when rating, so reports need no join and keep the units the citizen dealt with.
    receiving_unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="+")
    handling_unit = models.ForeignKey("org.Unit", models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-rated_at"]
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{field}__gte": Score.NOT_SATISFIED, f"{field}__lte": Score.VERY_SATISFIED}),
                name=f"rating_{field}_0_2",
            )
            for field in FIELDS
        ]
        indexes = [
            models.Index(fields=["receiving_unit", "rated_on"]),
            models.Index(fields=["handling_unit", "rated_on"]),
            models.Index(fields=["rated_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}"

    def save(self, *args, **kwargs):
        self.score = score_of(self.scores)
        self.satisfied = is_satisfied(self.scores)
        self.rated_on = timezone.localdate(self.rated_at)
        super().save(*args, **kwargs)

    @property
    def scores(self) -> list[int]:
        return [getattr(self, field) for field in FIELDS]

    def criteria(self) -> list[tuple]:
        """(criterion, score, score label) triples, for showing a rating."""
        return [(c, getattr(self, c.field), Score(getattr(self, c.field)).label) for c in CRITERIA]
