"""Login through the national identity (a VNeID-style OpenID Connect provider) with django-allauth.

The provider vouches for the person: their account is a citizen account named as the provider says, with the
citizen ID it asserts, verified through the national identity. An existing account is linked only when that same
citizen ID was verified for it (national identity or an officer's check). A citizen ID that another account merely
declared (never verified: it could be an impostor's) is taken off that account and given to the verified login.
"""

import logging
import re

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import conf
from .models import AccountKind, IdentitySource

CITIZEN_ID = re.compile(r"^[0-9]{12}$")
log = logging.getLogger(__name__)


def _claims(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or data


def _citizen_id(sociallogin) -> str:
    value = str(_claims(sociallogin).get(conf.citizen_id_claim(), "")).strip()
    return value if CITIZEN_ID.match(value) else ""


def _take_verified_id(user, citizen_id: str) -> bool:
    """Make `citizen_id` this user's, verified through the national identity; an unsaved user is only filled in.

    Another account's unverified claim of the ID is removed first; an ID verified for another account stays there
    (returns False)."""
    User = get_user_model()
    with transaction.atomic():
        holders = list(User.objects.select_for_update().filter(citizen_id=citizen_id).exclude(pk=user.pk))
        if any(holder.identity_verified_via for holder in holders):
            return False
        for holder in holders:
            log.warning("Citizen ID claimed without verification by user %s handed to its national login", holder.pk)
            holder.citizen_id = ""
            holder.save(update_fields=["citizen_id"])
        user.citizen_id = citizen_id
        user.identity_verified_via = IdentitySource.NATIONAL_IDENTITY
        user.identity_verified_at = timezone.now()
        if user.pk is not None:
            user.save(update_fields=["citizen_id", "identity_verified_via", "identity_verified_at"])
    return True


class NationalIdentityAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        citizen_id = _citizen_id(sociallogin)
        if not citizen_id:
            return
        user = sociallogin.user
        if sociallogin.is_existing:
            self._returning(user, citizen_id)
            return
        known = get_user_model().objects.filter(citizen_id=citizen_id).first()
        if known is not None and known.identity_verified_via:
            if known.kind == AccountKind.CITIZEN and known.is_active:
                sociallogin.connect(request, known)  # the same person, verified before: one account
            else:  # verified for an account this login must not take over: the new account starts without it
                user.citizen_id, user.identity_verified_via, user.identity_verified_at = "", "", None
            return
        _take_verified_id(user, citizen_id)

    @staticmethod
    def _returning(user, citizen_id: str) -> None:
        """A returning national login: its account holds the ID the national identity asserts.

        Unless an officer checked another one, a different ID on the account (unverified, or changed on the profile
        back when the profile allowed it) is replaced; if the asserted ID is verified for another account, this one
        keeps none."""
        if user.kind != AccountKind.CITIZEN or user.identity_verified_via == IdentitySource.OFFICER:
            return
        if user.citizen_id == citizen_id and user.identity_verified_via:
            return
        if not _take_verified_id(user, citizen_id) and user.citizen_id != citizen_id:
            user.citizen_id, user.identity_verified_via, user.identity_verified_at = "", "", None
            user.save(update_fields=["citizen_id", "identity_verified_via", "identity_verified_at"])

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        claims = _claims(sociallogin)
        user.kind = AccountKind.CITIZEN
        user.full_name = " ".join(str(claims.get("name") or data.get("name") or "").split())[:150]
        return user
