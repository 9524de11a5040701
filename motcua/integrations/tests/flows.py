"""Dossiers moved through the real services (`tests.builders`), for the sync's tests."""

from tests.builders import a_dossier


def full_life(world):
    """Online birth registration through every state it can pass on its way to the returned result:
    1 → 2 → 4 → 5 → 4 → 6 → 4 (paid at the desk) → approved (4), result attached → 9 → 10."""
    return (
        a_dossier(world)
        .supplement_received()
        .payment_requested(50000, note="Phí xác minh")
        .paid()
        .result_ready()
        .returned(method="online")
        .build()
    )


def late_and_apologised(world):
    """In process, apologised once (new appointment), then flagged overdue after the new appointment."""
    return a_dossier(world).in_process().apologised().overdue().build()


def ended(world, how: str):
    """A dossier ended early: withdrawn (7), stopped (8), refused (9), not accepted (3), desk supplement (5)."""
    builder = a_dossier(world)
    trait = {
        "refuse_intake": builder.not_accepted,
        "desk_supplement": builder.desk_supplement,
        "withdraw": builder.withdrawn,
        "stop": builder.stopped,
        "refuse": builder.refused,
    }[how]
    return trait().build()
