import json

import pytest
from django.test import Client

from staffroom.accounts.roles import SchoolRole
from staffroom.api.models import TokenKind, TokenScope
from staffroom.api.services import create_token
from staffroom.testing.factories import SchoolFactory, make_member


def make_token(membership, *, kind=TokenKind.PERSONAL, scope=TokenScope.WRITE, name="Test token") -> str:
    return create_token(actor=membership.user, membership=membership, kind=kind, name=name, scope=scope).secret


class ApiClient:
    """A test client that sends a bearer token and JSON, and never raises on a server error (so a 500 fails as a
    status, like any other wrong answer)."""

    def __init__(self, secret: str | None):
        self.client = Client(raise_request_exception=False)
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path, data=None):
        return self.client.get(path, data, headers=self.headers)

    def _send(self, method, path, body, content_type="application/json"):
        if not isinstance(body, (str, bytes)):
            body = json.dumps(body)
        return getattr(self.client, method)(path, body, content_type=content_type, headers=self.headers)

    def post(self, path, body, **kwargs):
        return self._send("post", path, body, **kwargs)

    def put(self, path, body, **kwargs):
        return self._send("put", path, body, **kwargs)


@pytest.fixture
def api_client():
    return ApiClient


@pytest.fixture
def school_a(db):
    return SchoolFactory(name="Ashdown Primary")


@pytest.fixture
def school_b(db):
    return SchoolFactory(name="Beckford Academy")


@pytest.fixture
def head_a(school_a):
    return make_member(school_a, SchoolRole.HEADTEACHER, SchoolRole.SCHOOL_ADMIN, email="head@a.example")


@pytest.fixture
def head_b(school_b):
    return make_member(school_b, SchoolRole.HEADTEACHER, SchoolRole.SCHOOL_ADMIN, email="head@b.example")


@pytest.fixture
def teacher_a(school_a, head_a):
    return make_member(school_a, SchoolRole.TEACHER, email="teacher@a.example", line_manager=head_a)


@pytest.fixture
def school_token_a(head_a):
    return make_token(head_a, kind=TokenKind.SCHOOL)


@pytest.fixture
def school_token_b(head_b):
    return make_token(head_b, kind=TokenKind.SCHOOL)
