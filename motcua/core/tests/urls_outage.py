"""Views for the outage tests: one whose only database work is the session middleware's, one with a bug."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path


def remember(request):
    request.session["seen"] = True  # a new session: saved by the session middleware, after this view
    return HttpResponse("ok")


def broken_sql(request):
    """A database error that is not an outage: a missing table (SQLite), a cancelled statement (PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(1)")
        else:
            cursor.execute("SELECT * FROM no_such_table")
    return HttpResponse("unreachable")


urlpatterns = [path("remember/", remember), path("broken-sql/", broken_sql)]
