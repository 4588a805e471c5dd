"""Random requests, valid and invalid, to every API operation as each of three roles."""

from __future__ import annotations

import pytest

from .api import RELAXED, ROLES, call, fuzzed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
@fuzzed.parametrize()
@RELAXED
def test_fuzzed(case, role, world, one_connection, offline, quiet):
    call(case, world["tokens"][role])
