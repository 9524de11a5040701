from django.conf import settings
from django.utils.functional import SimpleLazyObject

from motcua.dossiers.permissions import is_processing_staff


def site(request):
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.MOTCUA["DEMO"],
        # The workspace link is for staff with a processing role (administrators read no dossier).
        "can_work": SimpleLazyObject(lambda: bool(user and is_processing_staff(user))),
    }
