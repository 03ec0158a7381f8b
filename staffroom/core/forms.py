"""Form helpers shared by the apps' views."""

from django.core.exceptions import ValidationError


def add_errors_to_form(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form that led to it.

    Services name fields by their own argument names; one the form has no field for is shown at the top of the
    form rather than lost.
    """
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
