from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

citizen_id_validator = RegexValidator(r"^[0-9]{12}$", _("A citizen ID number has exactly 12 digits."))
phone_validator = RegexValidator(r"^\+?[0-9]{9,12}$", _("Enter a phone number of 9 to 12 digits."))


class AccountKind(models.TextChoices):
    STAFF = "staff", _("Civil servant")
    CITIZEN = "citizen", _("Citizen or business")
    AGENT = "agent", _("Online public-service agent")


class IdentitySource(models.TextChoices):
    """How a citizen ID came to be trusted. A citizen ID is never typed in by its holder."""

    NATIONAL_IDENTITY = "national_identity", _("National identity login (VNeID)")
    OFFICER = "officer", _("Checked by an officer against the ID card")


# What an account without a verified citizen ID is told wherever one is needed (filing, the data store).
IDENTITY_NOT_VERIFIED = _(
    "Your citizen ID is not verified yet. Log in with the national identity (VNeID), or have an officer check "
    "your ID card at a counter of the service centre."
)


class AgentOrganisation(models.Model):
    """A registered online public-service agent (đại lý dịch vụ công trực tuyến)."""

    name = models.CharField(_("name"), max_length=200)
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agent organisation")
        verbose_name_plural = _("agent organisations")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Everyone who logs in. Vietnamese names are kept whole in full_name, not split in two."""

    kind = models.CharField(_("account kind"), max_length=16, choices=AccountKind.choices, default=AccountKind.STAFF)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, validators=[phone_validator])
    citizen_id = models.CharField(_("citizen ID number"), max_length=12, blank=True, validators=[citizen_id_validator])
    identity_verified_via = models.CharField(
        _("identity verified through"), max_length=20, choices=IdentitySource.choices, blank=True
    )
    identity_verified_at = models.DateTimeField(_("identity verified at"), null=True, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"), default=False, help_text=_("Asked for a new password at the next login.")
    )
    agent_organisation = models.ForeignKey(
        AgentOrganisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("agent organisation"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=~models.Q(citizen_id=""), name="user_citizen_id_unique"
            )
        ]

    @property
    def verified_citizen_id(self) -> str:
        """The citizen ID this account may act as: only one that was verified, never a self-declared one."""
        if self.kind == AccountKind.CITIZEN and self.identity_verified_via and self.citizen_id:
            return self.citizen_id
        return ""

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def __str__(self) -> str:
        return self.get_full_name()
