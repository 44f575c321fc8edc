from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .selectors import menu_pages

CRISIS_LINES = (
    {
        "name": "988 Suicide & Crisis Lifeline",
        "detail": "Call or text 988, any time, to reach a trained counselor.",
        "tel": "988",
        "display": "988",
        "sms": "988",
    },
    {
        "name": "Early Childhood Warmline",
        "detail": "Support for parents, caregivers and providers of young children.",
        "tel": "+18772717611",
        "display": "1-877-271-7611",
        "sms": "",
    },
)


def site_chrome(request):
    return {
        "site_name": settings.SITE_NAME,
        "menu_pages": SimpleLazyObject(lambda: menu_pages(request=request)),
        "crisis_lines": CRISIS_LINES,
    }
