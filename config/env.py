"""Reading the environment for config/settings.py: every variable of the project is named `MOTCUA_…`.

Variables that had no prefix before are still read under their old name for one release: `env(new, …, old=…)`
reads `new`; when `new` is unset and `old` is set, it uses `old` and says so with a DeprecationWarning and a log
line (Python shows a DeprecationWarning raised outside `__main__` only under a test runner, so the log line is
what an operator sees). When both are set, the new name wins, silently.

A `convention` is an unprefixed name that other tools set and read too (`DATABASE_URL`): it is accepted after
the prefixed name for good, without a warning.

Every call records the variable in `READ` (new name → old name or None) and its convention in `CONVENTIONS`, so
that tests can check the prefix and the documentation of every variable.
"""

import logging
import os
import warnings

from django.core.exceptions import ImproperlyConfigured

PREFIX = "MOTCUA_"
READ: dict[str, str | None] = {}
CONVENTIONS: dict[str, str] = {}
# Settings are read before logging is configured: Python's last-resort handler prints this to standard error.
logger = logging.getLogger("motcua.settings")


def _raw(name: str, *, old: str | None = None, convention: str | None = None) -> str | None:
    """The variable's text, or None when neither name is set. An empty value counts as set."""
    if not name.startswith(PREFIX):
        raise ValueError(f"{name}: the project's variables start with {PREFIX}.")
    READ[name] = old
    if convention:
        CONVENTIONS[name] = convention
    if (value := os.environ.get(name)) is not None:
        return value
    if convention and (value := os.environ.get(convention)) is not None:
        return value
    if old and (value := os.environ.get(old)) is not None:
        message = f"The environment variable {old} is deprecated and will be ignored in the next release: set {name}."
        warnings.warn(message, DeprecationWarning, stacklevel=3)
        logger.warning("%s", message)
        return value
    return None


def env(name: str, default: str = "", *, old: str | None = None, convention: str | None = None) -> str:
    value = _raw(name, old=old, convention=convention)
    return default if value is None else value


def env_bool(name: str, default: bool = False, *, old: str | None = None) -> bool:
    value = _raw(name, old=old)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "", *, old: str | None = None) -> list[str]:
    return [item.strip() for item in env(name, default, old=old).split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int = 0, old: str | None = None) -> int:
    """A whole number of at least `minimum`; unset or empty is the default; anything else stops the start."""
    value = (_raw(name, old=old) or "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {minimum}, not {value!r}.")
    return number


def env_float(name: str, default: float, *, old: str | None = None) -> float:
    """A positive number (seconds); unset or empty is the default; anything else stops the start."""
    value = (_raw(name, old=old) or "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise ImproperlyConfigured(f"{name} must be a positive number, not {value!r}.")
    return number
