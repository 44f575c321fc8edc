"""The load ``make bench`` puts on the site: each simulated user is one signed-in
learner who requests the main pages in turn, one after another without pause,
starting at a different page from its neighbours, so every page gets the same share.
The roster (Wagtail admin) goes with the facilitator's session; the verification page
takes a certificate code from the data set. Each request is named after its page, so
locust keeps statistics per page. Anything but a 200 (a redirect included) counts as
a failure.

The pages come from the JSON file ``bench_dataset --out`` writes, named by the
environment variable ``BENCH_TARGETS``; the project's root must be on PYTHONPATH
(``bench/run.py`` sets both)."""

import itertools
import json
import os
import random

from locust import FastHttpUser, constant, task

from bench.pages import requests_for


def load_targets() -> dict:
    path = os.environ.get("BENCH_TARGETS")
    if not path:
        raise RuntimeError("Set BENCH_TARGETS to the JSON file bench_dataset wrote.")
    with open(path) as handle:
        return json.load(handle)["targets"]


class Learner(FastHttpUser):
    wait_time = constant(0)
    _numbers = itertools.count()
    _targets: dict | None = None

    def on_start(self):
        if Learner._targets is None:
            Learner._targets = load_targets()
        # The cookie is sent by hand with each request (a learner's or the
        # facilitator's), so the client keeps none of its own.
        self.client.client.cookiejar = None
        number = next(Learner._numbers)
        self.pages = itertools.cycle(requests_for(Learner._targets, number))
        self.random = random.Random(number)  # noqa: S311 -- not for security

    @task
    def next_page(self):
        page, path, cookie = next(self.pages)
        if page == "verification":
            path = self.random.choice(Learner._targets["verification"])
        headers = {"Accept": "text/html"}
        if cookie:
            headers["Cookie"] = cookie
        with self.client.get(
            path,
            name=page,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{page}: {response.status_code}")
