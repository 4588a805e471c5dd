"""The fuzz tests' world (built once per module) and what every request runs with."""

from __future__ import annotations

import copy
import logging
import urllib.request
from urllib.error import URLError

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.conftest import once_per_module

from .api import WORLD, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    for built in once_per_module(django_db_blocker, build_world):
        WORLD.update(copy.deepcopy(built))
        yield built
        WORLD.clear()


@pytest.fixture(scope="module")
def one_connection():
    """As with Django's test client: a request does not close the database connection, which
    holds the test's transaction (PostgreSQL would lose the world with it)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def offline(monkeypatch):
    """Fetching publications by identifier meets no network: the API answers its 502."""

    def unreachable(*args, **kwargs):
        raise URLError("the tests are offline")

    monkeypatch.setattr(urllib.request, "urlopen", unreachable)


@pytest.fixture
def quiet(caplog):
    """A fuzzer's 4xx are expected: Django's warning for each is not kept."""
    caplog.set_level(logging.ERROR, logger="django.request")
