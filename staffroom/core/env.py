"""Reading settings from the environment; imported by settings.py, so nothing here may touch Django."""

from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit


def env_list(value: str) -> list[str]:
    """A comma-separated variable as a list, ignoring blanks and spaces."""
    return [item.strip() for item in value.split(",") if item.strip()]


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def email_settings_from_env(environ: Mapping[str, str]) -> dict:
    """SMTP settings from EMAIL_URL, or else from EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD.

    `smtp://user:password@host:587` uses STARTTLS (as most providers expect on 587); `smtps://…:465` uses
    implicit TLS; `?tls=0` turns STARTTLS off, for a relay on localhost. Escape special characters in the
    password (`%40` for `@`).
    """
    url = environ.get("EMAIL_URL", "").strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"}:
            raise ValueError(f"EMAIL_URL must start with smtp:// or smtps://, not {parts.scheme}://")
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        implicit = parts.scheme == "smtps"
        return {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if implicit else 587),
            "user": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": implicit,
            "use_tls": not implicit and _flag(query.get("tls", "1")),
        }
    use_ssl = _flag(environ.get("EMAIL_USE_SSL", "0"))
    return {
        "host": environ.get("EMAIL_HOST", "localhost"),
        "port": int(environ.get("EMAIL_PORT", "465" if use_ssl else "587")),
        "user": environ.get("EMAIL_HOST_USER", ""),
        "password": environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_ssl": use_ssl,
        "use_tls": not use_ssl and _flag(environ.get("EMAIL_USE_TLS", "1")),
    }
