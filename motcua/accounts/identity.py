"""Login through the national identity (a VNeID-style OpenID Connect provider) with django-allauth.

The provider vouches for the person: their account is a citizen account named as the provider says, with the
citizen ID it asserts. An existing citizen account with that citizen ID is linked rather than duplicated.
"""

import re

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model

from .models import AccountKind

CITIZEN_ID = re.compile(r"^[0-9]{12}$")


def _claims(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or data


def _citizen_id(sociallogin) -> str:
    value = str(_claims(sociallogin).get(settings.MOTCUA_OIDC_CITIZEN_ID_CLAIM, "")).strip()
    return value if CITIZEN_ID.match(value) else ""


class NationalIdentityAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing or not (citizen_id := _citizen_id(sociallogin)):
            return
        known = get_user_model().objects.filter(citizen_id=citizen_id, kind=AccountKind.CITIZEN, is_active=True).first()
        if known is not None:
            sociallogin.connect(request, known)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        claims = _claims(sociallogin)
        user.kind = AccountKind.CITIZEN
        user.full_name = " ".join(str(claims.get("name") or data.get("name") or "").split())[:150]
        citizen_id = _citizen_id(sociallogin)
        if citizen_id and not get_user_model().objects.filter(citizen_id=citizen_id).exists():
            user.citizen_id = citizen_id
        return user
