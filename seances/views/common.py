"""What the séance views share."""

from typing import cast

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest

from accounts.models import User


def acting(request: HttpRequest) -> User:
    return cast(User, request.user)


def add_errors(form: Form, error: ValidationError) -> None:
    """Show a service's refusal beside the field it concerns; on a form that
    was not filled in (a one-click action), above the form."""
    if not form.is_bound:
        form.errors  # noqa: B018 - makes the empty error list
        form.cleaned_data = {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def refusal(error: ValidationError) -> str:
    return " ".join(error.messages)
