from .actions import Action


def action_label(action: str) -> str:
    """The label of an action, also for a stored event whose action is no longer known (shown as it is)."""
    try:
        return str(Action(action).label)
    except ValueError:
        return str(action)
