"""Existing accounts when citizen IDs became verified: only an ID the national identity asserted is trusted."""

import importlib

import pytest
from allauth.socialaccount.models import SocialAccount
from django.apps import apps

from motcua.accounts.models import IdentitySource
from tests.builders import a_citizen

pytestmark = pytest.mark.django_db

migration = importlib.import_module("motcua.accounts.migrations.0003_identity_verification")


def linked(username, citizen_id, asserted):
    user = a_citizen(username=username, verified=False, citizen_id=citizen_id)
    SocialAccount.objects.create(user=user, provider="vneid", uid=username, extra_data={"userinfo": asserted})
    return user


def test_only_the_id_the_national_identity_asserted_is_verified():
    honest = linked("honest", "001190011223", {"citizen_id": "001190011223", "name": "Trần Thị Bích Ngọc"})
    # Linked, then the ID changed on the old profile page to someone else's: the login never asserted it.
    changed = linked("changed", "001185012345", {"citizen_id": "001190099999"})
    typed = a_citizen(username="typed", verified=False, citizen_id="001190054321")
    migration.trust_national_logins(apps, None)
    for user in (honest, changed, typed):
        user.refresh_from_db()
    assert honest.identity_verified_via == IdentitySource.NATIONAL_IDENTITY
    assert honest.verified_citizen_id == "001190011223"
    assert changed.identity_verified_via == "" and changed.verified_citizen_id == ""
    assert typed.identity_verified_via == "" and typed.verified_citizen_id == ""
