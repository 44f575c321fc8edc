"""What each simulated user requests, in order; kept apart from the locustfile so that
it can be tested without importing locust (which patches the standard library)."""

PAGES = (
    "home",
    "catalogue",
    "course",
    "lesson",
    "dashboard",
    "hours",
    "transcript",
    "series",
    "roster",
    "verification",
)


def requests_for(targets: dict, number: int) -> list[tuple[str, str | None, str]]:
    """(page, path, cookie) for simulated user ``number``, in the order it requests
    them: it is signed in as learner ``number`` (modulo the sessions there are),
    starts at page ``number`` so that neighbours start apart, and uses the
    facilitator's session for the roster. The verification page's path is None: a
    code is drawn for each request."""
    learner = targets["learners"][number % len(targets["learners"])]
    facilitator = targets["facilitator"]
    paths = {
        "home": (targets["home"], learner["cookie"]),
        "catalogue": (targets["catalogue"], learner["cookie"]),
        "course": (learner["course"], learner["cookie"]),
        "lesson": (learner["lesson"], learner["cookie"]),
        "dashboard": (targets["dashboard"], learner["cookie"]),
        "hours": (targets["hours"], learner["cookie"]),
        "transcript": (targets["transcript"], learner["cookie"]),
        "series": (learner["series"], learner["cookie"]),
        "roster": (facilitator["roster"], facilitator["cookie"]),
        "verification": (None, ""),
    }
    start = number % len(PAGES)
    order = PAGES[start:] + PAGES[:start]
    return [(page, *paths[page]) for page in order]
