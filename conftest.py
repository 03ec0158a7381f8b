import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Evidence files written by a test go to its own folder, never into the developer's var/.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _mfa_not_enforced(settings):
    # Heads and admins would otherwise be sent to set up an authenticator app before every page under test.
    # staffroom/accounts/tests/test_mfa_required.py turns enforcement back on and tests it.
    settings.STAFFROOM_ENFORCE_MFA = False


@pytest.fixture
def login(client):
    """Log a membership's user in on the test client and return the client."""

    def _login(membership):
        client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
