"""An ordered list of functions a lower app calls, which higher apps fill in `AppConfig.ready()`.

This is how an effect reaches an app the caller must not import (a dossier event moving the reports' counters,
queueing the portal's message): the caller publishes, the subscribers run, in the caller's transaction, one
after the other in the order they subscribed (INSTALLED_APPS order, since they subscribe in `ready()`). A
subscriber that raises rolls the caller's write back with it, like any other part of the transaction. An
effect that may be lost, or must not run for a write that is rolled back, subscribes a function that defers
itself with `transaction.on_commit`.
"""

from collections.abc import Callable


class Subscribers:
    def __init__(self, name: str):
        self.name = name
        self._functions: list[Callable] = []

    def subscribe(self, function: Callable) -> Callable:
        """Add `function` (once: subscribing it again changes nothing). Returns it, so it can decorate."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    def unsubscribe(self, function: Callable) -> None:
        if function in self._functions:
            self._functions.remove(function)

    @property
    def functions(self) -> tuple[Callable, ...]:
        return tuple(self._functions)

    def publish(self, subject) -> None:
        for function in tuple(self._functions):
            function(subject)

    def __repr__(self) -> str:
        return f"<Subscribers {self.name}: {[f.__qualname__ for f in self._functions]}>"
