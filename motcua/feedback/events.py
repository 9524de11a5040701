"""Who hears of a satisfaction rating: the subscribers `rating_submit` calls with each rating it has just
recorded, inside the rating's transaction (the reports' roll-up subscribes in its `AppConfig.ready()`)."""

from motcua.core.subscribers import Subscribers

rating_recorded = Subscribers("rating recorded")
subscribe = rating_recorded.subscribe
