"""The project's URLs plus a bare Django JSON endpoint: the reference point on the same server stack."""

import os

from django.http import JsonResponse
from django.urls import path
from django.utils import timezone

from config.urls import urlpatterns as project


def bare(request):
    """Answers without touching the database; the worker's pid lets the harness see every worker is up."""
    return JsonResponse({"ok": True, "at": timezone.now().isoformat(), "pid": os.getpid()})


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *project]
