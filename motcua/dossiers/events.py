"""Who hears of a dossier event: the subscribers `event_write` calls with each event it has just written, inside
the event's transaction, in the order they subscribed.

Higher apps subscribe in their `AppConfig.ready()` (the reports' roll-ups, the portal outbox); the dossier
services never import them. See `motcua.core.subscribers`.
"""

from motcua.core.subscribers import Subscribers

written = Subscribers("dossier event written")
subscribe = written.subscribe
unsubscribe = written.unsubscribe
