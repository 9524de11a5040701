"""Who acts: a person (a user, perhaps anonymous) or the system itself.

Every service takes a required `actor`. A person is checked against the rules of the service; `SYSTEM` is the
project acting on its own behalf — the worker's sweeps, the bank's confirmed payment, data loading, the demo and
the benchmark generator — and is trusted where a service says the system may act (and refused where only a person
may, e.g. claiming a step). `SYSTEM` is not a user: it holds no role, has no row in the database, is not
authenticated, and every permission helper refuses it; the events it writes keep `actor` empty and name it
"System". No actor at all (`actor=None`) is a programming error, never "skip the check".
"""

from django.utils.translation import gettext


class SystemActor:
    """The one system actor (`SYSTEM`); compare with `is_system`, never by attributes."""

    is_system = True
    is_authenticated = False  # not a logged-in person: nothing stores it as a user
    is_anonymous = False
    is_active = False
    is_staff = False
    is_superuser = False
    pk = None
    id = None
    kind = ""  # no account kind: neither staff nor citizen nor agent

    def get_full_name(self) -> str:
        return gettext("System")

    def get_username(self) -> str:
        return "system"

    def has_perm(self, perm, obj=None) -> bool:
        return False  # the system is trusted by the services that allow it, not through a person's permissions

    def has_perms(self, perms, obj=None) -> bool:
        return False

    def __str__(self) -> str:
        return self.get_full_name()

    def __repr__(self) -> str:
        return "SYSTEM"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return "SYSTEM"  # pickles as the module-level singleton


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return actor is SYSTEM


def actor_required(actor):
    """Refuse a missing actor: a service is called by someone, a person or `SYSTEM`."""
    if actor is None:
        raise TypeError("actor is required: pass the user who acts, or motcua.core.actors.SYSTEM")
    return actor


def system_required(actor, what: str) -> None:
    """Refuse anyone but `SYSTEM` for work only the system does (the worker's sweeps)."""
    actor_required(actor)
    if not is_system(actor):
        raise ValueError(f"{what} is done by the system (actor=SYSTEM), not by a person.")


def person_required(actor, what: str) -> None:
    """Refuse `SYSTEM` for what only a person does (claiming a step)."""
    actor_required(actor)
    if is_system(actor):
        raise ValueError(f"{what} is done by a person, not by the system.")
