from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """12500 → '12.500 đ' (VND has no minor unit; Vietnamese groups thousands with dots)."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,} đ".replace(",", ".")


@register.filter
def plain_number(value) -> str:
    """Decimal('3.00') → '3', Decimal('0.50') → '0,5'."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value).normalize():f}".replace(".", ",")
