"""Every edge case the API document draws, once per operation, as the records' owner."""

from __future__ import annotations

import pytest

from .api import RELAXED, call, edges

pytestmark = pytest.mark.django_db


# As the owner; a parameter of its own also gives each item its own id under pytest-xdist.
@pytest.mark.parametrize("role", ["mentee_a"])
@edges.parametrize()
@RELAXED
def test_edges(case, role, world, one_connection, offline, quiet):
    call(case, world["tokens"][role])
