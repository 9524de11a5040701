"""The shared cache's table (rate limits, see motcua.core.cache), so that fresh installs and test databases have it."""

from django.core.management import call_command
from django.db import migrations

# motcua.core.cache.TABLE when this was written; a migration keeps its own copy.
TABLE = "motcua_cache"


def create_cache_tables(apps, schema_editor):
    alias = schema_editor.connection.alias
    # The project's table even while CACHES points at Redis, then any other database cache CACHES names.
    call_command("createcachetable", TABLE, database=alias, verbosity=0)
    call_command("createcachetable", database=alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_worker_heartbeat")]

    operations = [migrations.RunPython(create_cache_tables, drop_cache_table)]
