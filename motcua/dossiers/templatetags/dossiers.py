from django import template

from ..labels import action_label as label

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """The name of a dossier action or event, in the reader's language."""
    return label(action)
