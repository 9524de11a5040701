"""The shared cache: Django's database cache (the default) or Redis, one store for every process and node.

Rate limits count in it, so a count must not be lost when two processes add to it at the same moment: Django's
database cache adds by reading and writing the value back, unlocked, and resets the expiry while it does.
Here `incr` locks the row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the transaction itself takes the
database's write lock, see the IMMEDIATE transaction mode in config/settings.py) and keeps the expiry.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now

# Created by the migration core.0003_cache_table, whatever CACHES says, so switching to it later needs no step.
TABLE = "motcua_cache"


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        """Add `delta` to the value under `key`, atomically, keeping its expiry; ValueError if it is absent."""
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote_name('value')}, {quote_name('expires')} FROM {table} "  # noqa: S608 - quoted names
                f"WHERE {quote_name('cache_key')} = %s{lock}",
                [cache_key],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            if self._expires(connection, row[1]) >= tz_now():
                value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta  # noqa: S301 - our own rows
                encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
                cursor.execute(
                    f"UPDATE {table} SET {quote_name('value')} = %s WHERE {quote_name('cache_key')} = %s",  # noqa: S608
                    [encoded, cache_key],
                )
                return value
            # Removed under the lock, so that two processes seeing it expire cannot both restart the count.
            cursor.execute(f"DELETE FROM {table} WHERE {quote_name('cache_key')} = %s", [cache_key])  # noqa: S608
        raise ValueError(f"Key '{key}' not found.")

    @staticmethod
    def _expires(connection, value):
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value
