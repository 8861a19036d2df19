"""The dashboard tests' street (tests/dashboard/scenario.py), built on the empty database of each test."""
import pytest

from tests.dashboard import scenario


@pytest.fixture
def street(ctx):
    return scenario.build()
