from django.utils.functional import SimpleLazyObject

from motcua.core import conf as core_conf
from motcua.dossiers.permissions import is_processing_staff


def site(request):
    user = getattr(request, "user", None)
    return {
        "demo_mode": core_conf.demo(),
        # The workspace link is for staff with a processing role (administrators read no dossier).
        "can_work": SimpleLazyObject(lambda: bool(user and is_processing_staff(user))),
    }
