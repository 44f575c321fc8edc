"""The authorization matrix: every address of the site, requested as each of six
roles (a visitor, the owning learner, another learner, the facilitator of ECHO series
A, the facilitator of series B, an administrator), gets exactly the answer the matrix
in authz_matrix.py states. No learner reaches another's records by changing an id,
no facilitator reaches another series' admin, a refused POST changes nothing, and no
refused role is shown the owner's private words. An address added to the site
without a row (or, for a third-party package, a rule) fails the coverage test."""

import pytest

from django.urls import URLResolver, get_resolver, path
from django.urls.resolvers import RegexPattern

from .authz_coverage import (
    Pattern,
    all_addresses,
    coverage_problems,
    page_routes,
    url_patterns,
)
from .authz_matrix import ENTRIES, RULES, get
from .authz_runner import clients_for, run
from .authz_world import SECRETS, build_world


def test_every_address_has_a_row_or_a_rule():
    problems = coverage_problems(all_addresses(), ENTRIES, RULES)
    assert not problems, "Addresses the matrix does not cover:\n" + "\n".join(problems)


def test_every_row_has_six_answers():
    for entry in [*ENTRIES, *(sample for rule in RULES for sample in rule.samples)]:
        assert len(entry.answers()) == 6, entry.key


def _new_view_of_ours(request):
    raise AssertionError("never called")


def _new_vendor_view(request):
    raise AssertionError("never called")


# As if defined in one of our apps, and in a package the matrix has no rule for.
_new_view_of_ours.__module__ = "lms.views.exports"
_new_vendor_view.__module__ = "somepackage.views"


def test_an_address_without_a_row_is_reported():
    """The coverage check itself: a new view of ours, a new third-party view no rule
    covers, a new page sub-route, and a row whose address was removed are each
    reported, and nothing else is."""
    resolver = URLResolver(
        RegexPattern(r"^/"),
        [
            *get_resolver().url_patterns,
            path("hours/export/", _new_view_of_ours, name="hours_export_new"),
            path("vendor/thing/", _new_vendor_view, name="vendor_thing"),
        ],
    )
    patterns = [
        *url_patterns(resolver),
        *page_routes(),
        Pattern("page:echo.EchoSeries:new_route", "new/", "", "echo.models"),
    ]
    stale = get("hours_removed", "login 200 200 200 200 200")
    problems = coverage_problems(patterns, [*ENTRIES, stale], RULES)
    assert problems == [
        "hours_export_new (hours/export/): ours, needs a row",
        "vendor_thing (vendor/thing/): no row and no rule",
        "page:echo.EchoSeries:new_route (new/): ours, needs a row",
        "hours_removed: a row for an address the site no longer has",
    ]
    # Without the additions, the real site is covered.
    assert not coverage_problems(all_addresses(), ENTRIES, RULES)


@pytest.mark.django_db
def test_authorization_matrix():
    world = build_world()
    entries = [*ENTRIES, *(sample for rule in RULES for sample in rule.samples)]
    outcome = run(entries, world, clients_for(world))
    assert outcome.requests == 6 * len(entries)
    assert outcome.seen_by_owner == set(SECRETS)
    assert not outcome.failures, (
        f"{len(outcome.failures)} answers differ from the matrix "
        f"({outcome.requests} requests):\n{outcome.table()}"
    )
