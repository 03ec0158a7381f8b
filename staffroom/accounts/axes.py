def username_from_attempt(request, credentials):
    """Axes needs the account being tried; allauth sends it as "email", the login form posts it as "login"."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower()
