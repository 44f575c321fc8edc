"""Small helpers for the course, lesson and block templates."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.blocks import video_embed_src as embed_src

register = template.Library()


@register.filter
def video_embed_src(url) -> str:
    """The player address for a YouTube or Vimeo link; empty for anything else."""
    return embed_src(url) or ""


@register.filter
def minutes(value) -> str:
    """An estimated time in words: 45 min, 2 h, 1 h 30 min."""
    try:
        total = int(value)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(total, 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    if not rest:
        return ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours}
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}


@register.filter
def lookup(mapping, key):
    """``mapping[key]`` for a dict of records by block id; None when absent."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def was_chosen(response, index) -> bool:
    """Whether a knowledge-check response chose the option at ``index`` (from 0)."""
    if response is None:
        return False
    return str(index) in response.selected


@register.filter
def has(collection, item) -> bool:
    """``item in collection``, for ``{% with %}`` and ``{% if %}`` chains."""
    return bool(collection) and item in collection
