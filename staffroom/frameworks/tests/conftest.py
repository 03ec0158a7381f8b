import io
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def yaml_stream(text: str, name: str = "test.yaml") -> io.StringIO:
    stream = io.StringIO(textwrap.dedent(text))
    stream.name = name
    return stream


@pytest.fixture
def shipped(db) -> str:
    """Loads every shipped framework and returns the command's output."""
    out = io.StringIO()
    call_command("load_frameworks", stdout=out)
    return out.getvalue()
