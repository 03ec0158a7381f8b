"""Production settings come from the environment and pass Django's deployment checks; CSP forbids inline script."""

import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from staffroom.core.env import email_settings_from_env, env_list

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path, **extra) -> dict:
    return {
        "PATH": "/usr/bin:/bin",
        "STAFFROOM_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "staffroom.example.org, www.staffroom.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://staffroom.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def production_settings(env) -> dict:
    script = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({k: getattr(settings, k, None) for k in ["
        "'DEBUG', 'ALLOWED_HOSTS', 'CSRF_TRUSTED_ORIGINS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE',"
        "'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'STORAGES', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_USE_TLS',"
        "'EMAIL_USE_SSL', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'DATABASE_ROUTERS', 'MIDDLEWARE']},"
        "default=str)); print(json.dumps(sorted(settings.DATABASES)))"
    )
    result = run(["-c", script], {**env, "DJANGO_SETTINGS_MODULE": "staffroom.settings"})
    assert result.returncode == 0, result.stderr
    values, databases = result.stdout.strip().splitlines()
    return {**json.loads(values), "databases": json.loads(databases)}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_is_clean_with_object_storage_a_replica_and_email_url(tmp_path):
    env = production_env(
        tmp_path,
        STORAGE_BUCKET="staffroom-private",
        STORAGE_ENDPOINT_URL="https://objects.example.net",
        DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'replica.sqlite3'}",
        EMAIL_URL="smtp://mailer:p%40ss@smtp.example.net:587",
    )
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr

    values = production_settings(env)
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["staffroom.example.org", "www.staffroom.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://staffroom.example.org"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    storage = values["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    # Private files: no public ACL, and any URL the library might make is signed and short-lived.
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["querystring_auth"] is True
    assert values["EMAIL_HOST"] == "smtp.example.net"
    assert (values["EMAIL_PORT"], values["EMAIL_HOST_USER"]) == (587, "mailer")
    assert values["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert values["EMAIL_USE_TLS"] and not values["EMAIL_USE_SSL"]
    assert values["databases"] == ["default", "replica"]
    assert values["DATABASE_ROUTERS"] == ["staffroom.core.db.PrimaryOnlyRouter"]
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in values["MIDDLEWARE"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]

    result = run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"EMAIL_URL": "smtps://u:p@mail.example:465"}, ("mail.example", 465, "u", "p", True, False)),
        ({"EMAIL_URL": "smtp://localhost:25?tls=0"}, ("localhost", 25, "", "", False, False)),
        ({"EMAIL_URL": "smtp://relay.example"}, ("relay.example", 587, "", "", False, True)),
        (
            {"EMAIL_HOST": "smtp.example", "EMAIL_HOST_USER": "me", "EMAIL_HOST_PASSWORD": "pw"},
            ("smtp.example", 587, "me", "pw", False, True),
        ),
        ({"EMAIL_HOST": "smtp.example", "EMAIL_USE_SSL": "1"}, ("smtp.example", 465, "", "", True, False)),
    ],
)
def test_email_settings_from_the_environment(environ, expected):
    got = email_settings_from_env(environ)

    assert (got["host"], got["port"], got["user"], got["password"], got["use_ssl"], got["use_tls"]) == expected


def test_an_email_url_of_another_kind_is_refused():
    with pytest.raises(ValueError, match="smtp://"):
        email_settings_from_env({"EMAIL_URL": "http://mail.example"})


def test_lists_from_the_environment_ignore_blanks():
    assert env_list(" a.example, ,b.example,") == ["a.example", "b.example"]


@pytest.mark.django_db
def test_the_content_security_policy_allows_no_inline_script_or_style(client):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())

    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


# Rendered to PDF by WeasyPrint on the server, never sent to a browser, so the policy does not apply.
PDF_TEMPLATES = {"appraisal/record_pdf.html", "learning/portfolio.html", "records/record_pdf.html"}


def test_no_template_has_an_inline_script_style_or_event_handler():
    # The policy would block them in the browser; this finds them before anyone does.
    offences = []
    for template in (ROOT / "staffroom").rglob("templates/**/*.html"):
        if str(template).split("templates/", 1)[1] in PDF_TEMPLATES:
            continue
        text = re.sub(r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", template.read_text(), flags=re.S)
        inline_script = r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>"
        for pattern in [inline_script, r"<style[\s>]", r"\sstyle=\"", r"\son[a-z]+=\""]:
            offences += [f"{template.relative_to(ROOT)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert offences == []
