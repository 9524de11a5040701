from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key)


@register.simple_tag
def drill(query, metric, key):
    """The drill-down's query string for one figure."""
    return urlencode({**query, "metric": metric, "key": key})


@register.filter
def percent(rate):
    """0.875 → 87.5 (shown with the reader's decimal mark); None stays empty."""
    return "" if rate is None else round(100 * rate, 1)
