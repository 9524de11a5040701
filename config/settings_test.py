"""Test settings: the environment-driven settings, with what only a test run needs changed."""

from .settings import *  # noqa: F403
from .settings import STORAGES

# Templates resolve {% static %} without a collectstatic run; fast password hashing.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# WhiteNoise serves from STATIC_ROOT (found through the finders here); it only needs the folder to exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
