"""Provinces and communes of the two-tier model (since 1 July 2025), and the lineage of units that changed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionType(models.TextChoices):
    CENTRAL_CITY = "thanh_pho_trung_uong", _("Centrally-run city")
    PROVINCE = "tinh", _("Province")
    WARD = "phuong", _("Ward")
    COMMUNE = "xa", _("Commune")
    SPECIAL_ZONE = "dac_khu", _("Special zone")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province level")
    COMMUNE = "commune", _("Commune level")


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=100, editable=False)
    division_type = models.CharField(_("type"), max_length=24, choices=DivisionType.choices)
    codename = models.SlugField(_("code name"), max_length=100)
    phone_code = models.PositiveSmallIntegerField(_("phone area code"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    code = models.CharField(_("code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=100, editable=False, db_index=True)
    division_type = models.CharField(_("type"), max_length=24, choices=DivisionType.choices)
    codename = models.SlugField(_("code name"), max_length=100)
    province = models.ForeignKey(Province, models.PROTECT, related_name="communes", verbose_name=_("province"))

    class Meta:
        ordering = ["province_id", "name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [models.Index(fields=["province", "name"])]

    def __str__(self) -> str:
        return self.name


class DivisionChange(models.Model):
    """One merge, split or rename: the units listed as predecessors became `successor_code` on a date.

    Codes are those in force on either side of the change, so old records (a dossier filed in a
    former province) can be followed to the unit that now holds them.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merge")
        RENAME = "rename", _("Rename")
        SPLIT = "split", _("Split")

    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    successor_code = models.CharField(_("successor code"), max_length=5)
    successor_name = models.CharField(_("successor name"), max_length=100)

    class Meta:
        ordering = ["effective_date", "level", "successor_code"]
        verbose_name = _("change of administrative units")
        verbose_name_plural = _("changes of administrative units")
        constraints = [
            models.UniqueConstraint(fields=["level", "effective_date", "successor_code"], name="division_change_unique")
        ]
        indexes = [models.Index(fields=["level", "effective_date"])]

    def __str__(self) -> str:
        return f"{self.successor_name} ({self.effective_date:%d/%m/%Y})"


class DivisionPredecessor(models.Model):
    change = models.ForeignKey(
        DivisionChange, models.CASCADE, related_name="predecessors", verbose_name=_("change of administrative units")
    )
    code = models.CharField(_("former code"), max_length=5, db_index=True)
    name = models.CharField(_("former name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("predecessor")
        verbose_name_plural = _("predecessors")
        constraints = [models.UniqueConstraint(fields=["change", "code"], name="division_predecessor_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
