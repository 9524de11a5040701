"""Agencies and units, service centres with their branches and counters, and who works where in which role."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import AccountKind
from motcua.core.models import TimeStampedModel
from motcua.core.text import fold

DEFAULT_OFFICE_HOURS = [["08:00", "12:00"], ["13:00", "17:00"]]
_HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def default_office_hours() -> list[list[str]]:
    return [list(period) for period in DEFAULT_OFFICE_HOURS]


def validate_office_hours(value) -> None:
    """Office hours are ordered, non-overlapping ["HH:MM", "HH:MM"] periods within one day."""
    message = _('Office hours must be a list of ["HH:MM", "HH:MM"] periods in order, e.g. %(example)s.')
    example = '[["08:00", "12:00"], ["13:00", "17:00"]]'
    if not isinstance(value, list) or not value:
        raise ValidationError(message, params={"example": example}, code="invalid")
    previous_end = ""
    for period in value:
        if (
            not isinstance(period, list | tuple)
            or len(period) != 2
            or not all(isinstance(t, str) and _HHMM.match(t) for t in period)
            or not period[0] < period[1]
            or period[0] < previous_end
        ):
            raise ValidationError(message, params={"example": example}, code="invalid")
        previous_end = period[1]


class UnitKind(models.TextChoices):
    PROVINCE_COMMITTEE = "province_committee", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Department")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
    COMMUNE_POLICE = "commune_police", _("Commune police")
    SERVICE_CENTRE = "service_centre", _("Public Administration Service Centre")
    BRANCH = "branch", _("Branch of the service centre")
    SERVICE_POINT = "service_point", _("Service point")


RECEIVING_KINDS = (UnitKind.SERVICE_CENTRE, UnitKind.BRANCH, UnitKind.SERVICE_POINT)


class DepartmentArea(models.TextChoices):
    """What a department (Sở) is responsible for; routes province-level procedures to it."""

    HOME_AFFAIRS = "home_affairs", _("Home affairs")
    JUSTICE = "justice", _("Justice")
    FINANCE = "finance", _("Finance")
    CONSTRUCTION = "construction", _("Construction")
    AGRICULTURE_ENVIRONMENT = "agriculture_environment", _("Agriculture and environment")
    INDUSTRY_TRADE = "industry_trade", _("Industry and trade")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education and training")
    CULTURE_SPORTS = "culture_sports", _("Culture and sports")
    TOURISM = "tourism", _("Tourism")
    SCIENCE_TECHNOLOGY = "science_technology", _("Science and technology")
    ETHNIC_RELIGIOUS = "ethnic_religious", _("Ethnic minorities and religions")
    PLANNING_ARCHITECTURE = "planning_architecture", _("Planning and architecture")
    PUBLIC_SECURITY = "public_security", _("Public security")


class Unit(TimeStampedModel):
    code = models.CharField(
        _("agency code"),
        max_length=32,
        unique=True,
        help_text=_("Official agency identifier; it begins every dossier code this unit receives."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=UnitKind.choices)
    department_area = models.CharField(_("department area"), max_length=32, choices=DepartmentArea.choices, blank=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit")
    )
    province = models.ForeignKey("geo.Province", models.PROTECT, related_name="+", verbose_name=_("province"))
    commune = models.ForeignKey(
        "geo.Commune", models.PROTECT, null=True, blank=True, related_name="units", verbose_name=_("commune")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    office_hours = models.JSONField(_("office hours"), default=default_office_hours, validators=[validate_office_hours])
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["province_id", "kind", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            models.Index(fields=["province", "kind", "name"]),
            models.Index(fields=["commune", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="department") | models.Q(department_area=""),
                name="unit_department_area_only_for_departments",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.kind == UnitKind.DEPARTMENT and not self.department_area:
            errors["department_area"] = _("A department needs its area of responsibility.")
        if self.kind in (UnitKind.COMMUNE_COMMITTEE, UnitKind.COMMUNE_POLICE) and not self.commune_id:
            errors["commune"] = _("A commune-level unit needs its commune.")
        if self.commune_id and self.province_id and self.commune.province_id != self.province_id:
            errors["commune"] = _("The commune is not in the unit's province.")
        if self.kind == UnitKind.BRANCH and (not self.parent_id or self.parent.kind != UnitKind.SERVICE_CENTRE):
            errors["parent"] = _("A branch belongs to a service centre.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def receives_dossiers(self) -> bool:
        return self.kind in RECEIVING_KINDS


class Counter(TimeStampedModel):
    """A desk (quầy) where receiving officers take dossiers and hand back results."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="counters", verbose_name=_("unit"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["unit_id", "number"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="counter_number_unique")]

    def __str__(self) -> str:
        return self.name or _("Counter %(number)s") % {"number": self.number}

    def clean(self) -> None:
        if self.unit_id and not self.unit.receives_dossiers:
            raise ValidationError({"unit": _("Counters belong to a service centre, branch or service point.")})


class OfficerCounter(models.Model):
    """The counter a receiving officer last took a dossier at: preselected on their next intake, on any device
    and after logging out (one row per officer, written by `org.services.officer_counter_remember`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        primary_key=True,
        related_name="officer_counter",
        verbose_name=_("user"),
    )
    counter = models.ForeignKey(Counter, models.CASCADE, related_name="+", verbose_name=_("counter"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("officer's counter")
        verbose_name_plural = _("officers' counters")

    def __str__(self) -> str:
        return f"{self.user} · {self.counter}"


class Role(models.TextChoices):
    RECEIVING_OFFICER = "receiving_officer", _("Receiving officer")
    SPECIALIST = "specialist", _("Specialist")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    CENTRE_DIRECTOR = "centre_director", _("Centre director")
    ADMINISTRATOR = "administrator", _("Administrator")


class Membership(TimeStampedModel):
    """A staff user's role in a unit; a user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["unit_id", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["user", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def clean(self) -> None:
        if self.user_id and self.user.kind != AccountKind.STAFF:
            raise ValidationError({"user": _("Only civil-servant accounts can hold a role in a unit.")})
        if self.role == Role.RECEIVING_OFFICER and self.unit_id and not self.unit.receives_dossiers:
            raise ValidationError({"unit": _("Receiving officers work at a service centre, branch or service point.")})
        if self.role == Role.CENTRE_DIRECTOR and self.unit_id and self.unit.kind != UnitKind.SERVICE_CENTRE:
            raise ValidationError({"unit": _("A centre director belongs to a service centre.")})
