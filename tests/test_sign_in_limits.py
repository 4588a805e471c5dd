"""Failed sign-ins are counted per account, and more leniently per address.

Before: django-axes never saw the e-mail (allauth authenticates with `email=`), so five
wrong passwords for any e-mail, even one with no account, locked everyone signing in
from that address, and behind a proxy the whole institution.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
LOCKED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password=PASSWORD, ip="192.0.2.10"):
    client.logout()
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def fail(client, email, times, ip="203.0.113.9"):
    for _ in range(times):
        response = sign_in(client, email, "not the password at all", ip=ip)
        assert response.status_code == 200


def test_five_failures_lock_that_account_whoever_tries_until_the_cool_off(client, mentee_a):
    fail(client, mentee_a.email, 5)
    from_elsewhere = sign_in(client, mentee_a.email, ip="198.51.100.7")
    assert from_elsewhere.status_code == 200 and LOCKED in from_elsewhere.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sign_in(client, mentee_a.email, ip="198.51.100.7").status_code == 302


def test_failures_for_an_e_mail_with_no_account_lock_nobody(client, mentee_a, mentee_b):
    fail(client, "nobody@example.org", 10)
    assert sign_in(client, mentee_a.email, ip="203.0.113.9").status_code == 302
    assert sign_in(client, mentee_b.email, ip="203.0.113.9").status_code == 302


def test_one_account_locked_leaves_everyone_behind_the_same_address_signing_in(
    client, mentee_a, mentee_b, mentor_a
):
    fail(client, mentee_a.email, 5, ip="203.0.113.9")
    for colleague in (mentee_b, mentor_a):
        assert sign_in(client, colleague.email, ip="203.0.113.9").status_code == 302


def test_one_address_cannot_try_password_after_password_on_many_accounts(client):
    people = [make_user(f"scholar{i}@example.org") for i in range(8)]
    answers = [
        sign_in(client, person.email, "not the password at all", ip="203.0.113.66")
        for person in people
        for _ in range(4)  # under each account's own limit
    ]
    refused = [r for r in answers if r.status_code == 429 or LOCKED in r.content.decode()]
    assert len(refused) >= len(answers) - 30  # the address's 30 attempts, then no more
    # The same people, from their own addresses, still sign in.
    assert sign_in(client, people[1].email, ip="198.51.100.1").status_code == 302


def test_a_success_does_not_count_as_a_failure(client, mentee_a):
    for _ in range(8):
        assert sign_in(client, mentee_a.email).status_code == 302
    fail(client, mentee_a.email, 4)
    assert sign_in(client, mentee_a.email).status_code == 302
