"""The load: teachers, heads and network leads signed in at once, each loading their own pages.

Run by bench/run; every request is named after the page so that locust reports p50 and p95 per page.
"""

import os
import random
import re

from gevent.event import Event
from locust import HttpUser, between, task

from bench.people import (
    BARE,
    CATALOGUE_PAGE,
    DASHBOARD,
    LEAD_STAFF_NO,
    MY_LEARNING,
    NETWORK_LEADS,
    NETWORK_REPORT,
    PASSWORD,
    TEACHER_HOME,
    email,
)

# BENCH_SCALE as for bench/run: schools, staff per school, activities per person.
SCHOOLS, STAFF = (int(v) for v in (os.environ.get("BENCH_SCALE") or "100,100").split(",")[:2])
WAIT = [float(v) for v in os.environ.get("BENCH_WAIT", "0.5,1.5").split(",")]
CATALOGUE = "/network/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


_signed_in = 0
_everyone_in = Event()


def _wait_for_everyone(environment) -> None:
    """Measure from when every user is signed in: password hashing is slow on purpose and not what we test."""
    global _signed_in
    _signed_in += 1
    if _signed_in >= environment.runner.target_user_count:
        environment.stats.reset_all()
        _everyone_in.set()
    _everyone_in.wait()


class Staff(HttpUser):
    abstract = True
    wait_time = between(*WAIT)

    def page(self, url: str, name: str) -> None:
        # A redirect (to log in, or to set up two-factor authentication) would time the wrong page: count it failed.
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url} answered {response.status_code}")

    def person(self) -> str:
        raise NotImplementedError

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login")
        token = CSRF.search(page.text).group(1)
        response = self.client.post(
            "/accounts/login/",
            {"login": self.person(), "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"Could not log in as {self.person()}: {response.status_code}")
        _wait_for_everyone(self.environment)

    @task(1)
    def bare(self):
        self.page("/bench/bare", BARE)


class Teacher(Staff):
    fixed_count = 5

    def person(self):
        if not hasattr(self, "_who"):
            self._who = email(random.randrange(SCHOOLS), random.randrange(5, min(70, STAFF)))
        return self._who

    @task(2)
    def home(self):
        self.page("/", TEACHER_HOME)

    @task(2)
    def my_learning(self):
        self.page("/learning/", MY_LEARNING)

    @task(1)
    def catalogue(self):
        self.page(CATALOGUE, CATALOGUE_PAGE)


class Head(Staff):
    fixed_count = 3

    def person(self):
        if not hasattr(self, "_who"):
            self._who = email(random.randrange(SCHOOLS), 0)
        return self._who

    @task(3)
    def dashboard(self):
        self.page("/", DASHBOARD)


class NetworkLead(Staff):
    fixed_count = 2

    def person(self):
        if not hasattr(self, "_who"):
            self._who = email(random.randrange(min(NETWORK_LEADS, SCHOOLS)), LEAD_STAFF_NO)
        return self._who

    @task(3)
    def network_report(self):
        self.page("/", NETWORK_REPORT)
