"""Requests every row of the matrix as each of the six roles and compares the answer.

Each request runs in a savepoint that is rolled back afterwards, so an allowed POST
(a withdrawal, a revocation) leaves the world as it was for the next role; a row's
``state`` is read before and after the request, inside the savepoint."""

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .authz_matrix import Entry, targets
from .authz_world import ROLES, SECRETS, World

# What each role must never be shown: every private word of the owner, except that
# series A's hub reads the case brought to series A.
HIDDEN = {
    "anon": set(SECRETS),
    "other": set(SECRETS),
    "fac_a": set(SECRETS) - {"case"},
    "fac_b": set(SECRETS),
}


@dataclass
class Outcome:
    requests: int = 0
    failures: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    # The private words the owner was shown somewhere: proof that the pages do
    # print them, so that their absence from others' answers means something.
    seen_by_owner: set[str] = field(default_factory=set)

    def table(self) -> str:
        rows = [("address", "role", "expected", "got", "url"), *self.failures]
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        return "\n".join(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
            for row in rows
        )


def clients_for(w: World) -> dict[str, Client]:
    clients = {}
    for role in ROLES:
        client = Client()
        user = w.users[role]
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


def describe(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return f"→{response['Location']}"
    return str(response.status_code)


def answer_matches(token: str, response, w: World) -> bool:
    status = response.status_code
    if token == "login":
        return status == 302 and (
            urlsplit(response["Location"]).path == reverse("account_login")
        )
    if token.startswith("→"):
        if status != 302:
            return False
        target = token[1:].format(**targets(w))
        path = urlsplit(response["Location"]).path
        if target.endswith("*"):
            return path.startswith(target[:-1])
        return path == target
    return status == int(token)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode(errors="replace")


def request_once(client: Client, entry: Entry, url: str, w: World):
    """(response or error text, state before, state after), rolled back."""
    with transaction.atomic():
        before = entry.state(w) if entry.state else None
        try:
            response = getattr(client, entry.method)(url, entry.data or {})
        except Exception as error:  # noqa: BLE001 - reported as the answer
            transaction.set_rollback(True)
            return f"raised {type(error).__name__}: {error}"[:120], before, before
        after = entry.state(w) if entry.state else None
        transaction.set_rollback(True)
    return response, before, after


def run(entries: list[Entry], w: World, clients: dict[str, Client]) -> Outcome:
    outcome = Outcome()
    started, cpu_started = time.monotonic(), time.process_time()
    sessions = {
        role: client.cookies.get(settings.SESSION_COOKIE_NAME)
        for role, client in clients.items()
    }
    for entry in entries:
        url = entry.url(w)
        label = f"{entry.method.upper()} {entry.key}"
        entry_started = time.monotonic()
        for role, expected in zip(ROLES, entry.answers(), strict=True):
            client = clients[role]
            cache.clear()  # rate limits count per test, not per request
            response, before, after = request_once(client, entry, url, w)
            outcome.requests += 1
            # A signed-in request that changed the session key (or signed out)
            # had its session rolled back: go on with the one the role had.
            client.cookies.pop("messages", None)
            if sessions[role] is None:
                client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
            else:
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role].value
            if isinstance(response, str):
                outcome.failures.append((label, role, expected, response, url))
                continue
            if not answer_matches(expected, response, w):
                got = describe(response)
                outcome.failures.append((label, role, expected, got, url))
            if entry.state is not None:
                changed = before != after
                should = role in entry.changes
                if changed != should:
                    what = "changed" if changed else "left unchanged"
                    outcome.failures.append(
                        (label, role, "state", f"{what}: {before!r} → {after!r}", url)
                    )
            if role == "learner":
                body = _body(response)
                outcome.seen_by_owner |= {k for k, v in SECRETS.items() if v in body}
            if role in HIDDEN and not entry.public:
                body = _body(response)
                leaked = [k for k in sorted(HIDDEN[role]) if SECRETS[k] in body]
                if leaked:
                    outcome.failures.append(
                        (label, role, "no private data", f"shows {leaked}", url)
                    )
        outcome.timings[label] = time.monotonic() - entry_started
    outcome.seconds = time.monotonic() - started
    outcome.cpu_seconds = time.process_time() - cpu_started
    return outcome
