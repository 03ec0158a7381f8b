import pytest

from staffroom.accounts.roles import SchoolRole
from staffroom.testing.factories import SchoolFactory, make_member


@pytest.fixture
def school(db):
    return SchoolFactory(name="Oakfield Primary")


@pytest.fixture
def admin_client(school, login):
    return login(make_member(school, SchoolRole.SCHOOL_ADMIN))
