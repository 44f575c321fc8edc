"""Showing clock hours the way people write them."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()

CENTS = Decimal("0.01")


@register.filter
def hours(value) -> str:
    """2.5, 30, 0.75 — never 2.50 or 3E+1. Works on the Decimal itself, so nothing
    is rounded through a float on the way to the page."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value).quantize(CENTS)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
