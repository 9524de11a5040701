"""Who hears that the national portal confirmed a dossier event: the subscribers the delivery calls with the
event of each message the portal accepted, inside the transaction that marks the message sent (the reports'
roll-up subscribes in its `AppConfig.ready()`)."""

from motcua.core.subscribers import Subscribers

portal_confirmed = Subscribers("portal confirmed an event")
subscribe = portal_confirmed.subscribe
