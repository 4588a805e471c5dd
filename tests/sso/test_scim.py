"""SCIM deprovisioning, driven by a SCIM client library (scim2-client) as an IdP would.

The client calls mentorkit's WSGI application in-process (scim2-client's WSGI engine): the
same requests as over the network, with no network, inside each test's transaction.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_models import (
    Email,
    Error,
    PatchOp,
    PatchOperation,
    ScimProvider,
    SearchRequest,
    ServiceProviderConfig,
    User,
)

from mentorkit.accounts.models import ApiToken
from mentorkit.accounts.models import User as Account
from mentorkit.audit.models import EventKind, SecurityEvent
from mentorkit.sso.models import ScimToken
from tests.conftest import make_user, once_per_module

from .conftest import HOST, saml_entry, saml_sign_in, signed_in_as, sso_configured
from .saml_idp import Person, TestIdP, make_key_pair

pytestmark = pytest.mark.django_db
BASE = f"http://{HOST}/scim/v2"


BEA = Person(
    password="x", mail="bea@riverside.edu", displayName="Bea Ortiz", eduPersonPrincipalName="bea"
)


def lakeside() -> dict:
    cert = "".join(make_key_pair("lakeside")[0].strip().splitlines()[1:-1])
    return {
        "id": "lakeside",
        "name": "Lakeside College",
        "idp": {
            "entity_id": "https://lakeside.edu/idp",
            "sso_url": "https://lakeside.edu/sso",
            "x509cert": cert,
        },
        "domains": ["lakeside.edu"],
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Riverside (its IdP, people sign in with it) and Lakeside: each with its SCIM token."""
    idp = TestIdP("https://idp.riverside.test", {"bea": BEA})
    document = {"saml": [saml_entry(idp), lakeside()]}

    def build():
        idp.trust(Client(HTTP_HOST=HOST).get("/accounts/saml/riverside/metadata/").content.decode())
        return idp, {p: ScimToken.issue(p)[1] for p in ("riverside", "lakeside")}

    with sso_configured(Path(tempfile.mkdtemp()), document):
        yield from once_per_module(django_db_blocker, build)


@pytest.fixture
def tokens(world):
    return world[1]


def application(environ, start_response):
    """mentorkit's WSGI application, as Django's test client runs it: a request does not
    close the test's database connection (on PostgreSQL that would end its transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = get_wsgi_application()(environ, start_response)
        body = b"".join(response)
        response.close()
        return [body]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def scim(token: str | None) -> WSGISCIMClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return WSGISCIMClient(
        application, base_url=BASE, headers=headers, provider=ScimProvider(models=[User])
    )


def new_user(user_name: str, email: str, name: str = "") -> User:
    return User(user_name=user_name, display_name=name, emails=[Email(value=email, primary=True)])


def deactivate(client: WSGISCIMClient, user_id: str, active: bool = False, **options):
    patch = PatchOp[User](
        operations=[
            PatchOperation[User](op=PatchOperation.Op.replace_, path="active", value=active)
        ]
    )
    return client.modify(User, user_id, patch, **options)


def test_the_directory_creates_and_finds_a_person(tokens):
    client = scim(tokens["riverside"])
    created = client.create(new_user("ada@riverside.edu", "Ada@Riverside.edu", "Ada Quinn"))
    assert created.user_name == "ada@riverside.edu" and created.active is True
    account = Account.objects.get(pk=created.id)
    assert (account.email, account.name) == ("ada@riverside.edu", "Ada Quinn")
    assert not account.has_usable_password()

    found = client.query(
        User, query_parameters=SearchRequest(filter='userName eq "ada@riverside.edu"')
    )
    assert [u.id for u in found.resources] == [created.id]
    by_email = client.query(
        User, query_parameters=SearchRequest(filter='emails.value eq "ada@riverside.edu"')
    )
    assert [u.id for u in by_email.resources] == [created.id]
    assert client.query(User, created.id).display_name == "Ada Quinn"
    assert SecurityEvent.objects.filter(user=account, kind=EventKind.SCIM_PROVISIONED).exists()


def test_deactivating_ends_every_session_and_token_and_refuses_sign_in(world, client):
    idp, tokens = world
    saml_sign_in(client, idp, "bea")  # her first sign-in made the account
    bea = signed_in_as(client)
    _token, plain = ApiToken.issue(bea, "script")
    directory = scim(tokens["riverside"])
    search = SearchRequest(filter='userName eq "bea@riverside.edu"')
    [found] = directory.query(User, query_parameters=search).resources

    assert deactivate(directory, found.id).active is False

    assert client.get("/")["Location"] == "/accounts/login/?next=/"  # signed out
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401
    response = saml_sign_in(client, idp, "bea")
    assert response["Location"] == "/accounts/inactive/"
    assert client.get("/")["Location"] == "/accounts/login/?next=/"
    bea.refresh_from_db()
    assert not bea.is_active and bea.name == "Bea Ortiz"  # the account and its records stay
    assert SecurityEvent.objects.filter(user=bea, kind=EventKind.ACCOUNT_DEACTIVATED).exists()


def test_reactivating_lets_the_person_sign_in_again_but_not_the_old_session(world, client):
    idp, tokens = world
    saml_sign_in(client, idp, "bea")
    bea = signed_in_as(client)
    old_session = client.cookies["sessionid"].value
    directory = scim(tokens["riverside"])
    deactivate(directory, str(bea.pk))
    assert deactivate(directory, str(bea.pk), active=True).active is True

    assert client.get("/")["Location"] == "/accounts/login/?next=/"  # ended, it stays ended
    fresh = Client(HTTP_HOST=HOST)
    saml_sign_in(fresh, idp, "bea")
    assert signed_in_as(fresh) == bea and fresh.cookies["sessionid"].value != old_session
    assert SecurityEvent.objects.filter(user=bea, kind=EventKind.ACCOUNT_REACTIVATED).exists()


def test_delete_deactivates_and_keeps_the_records(tokens):
    directory = scim(tokens["riverside"])
    created = directory.create(new_user("dee@riverside.edu", "dee@riverside.edu"))
    directory.delete(User, created.id)
    account = Account.objects.get(pk=created.id)
    assert account.is_active is False
    gone = directory.query(User, created.id, raise_scim_errors=False)
    assert isinstance(gone, Error) and gone.status == 404  # gone, for the directory


def test_a_provider_sees_and_changes_only_its_own_people(tokens):
    make_user("eve@riverside.edu")
    lakeside = scim(tokens["lakeside"])
    assert lakeside.query(
        User, query_parameters=SearchRequest(filter='userName eq "eve@riverside.edu"')
    ).resources in (None, [])
    eve = Account.objects.get(email="eve@riverside.edu")
    refused = deactivate(lakeside, str(eve.pk), raise_scim_errors=False)
    assert isinstance(refused, Error) and refused.status == 404
    refused = lakeside.create(new_user("mallory", "eve2@riverside.edu"), raise_scim_errors=False)
    assert isinstance(refused, Error) and refused.status == 400
    assert Account.objects.get(pk=eve.pk).is_active


@pytest.mark.parametrize("token", [None, "mkscim_not-a-token"])
def test_without_a_valid_token_nothing_is_answered(tokens, token):
    response = scim(token).query(User, raise_scim_errors=False)
    assert isinstance(response, Error) and response.status == 401


def test_the_command_line_prints_a_working_token(tokens):
    from typer.testing import CliRunner

    from mentorkit.cli import app

    done = CliRunner().invoke(
        app, ["sso", "scim-token", "--provider", "riverside", "--name", "Okta"]
    )
    assert done.exit_code == 0
    plain = done.output.strip()
    assert plain.startswith("mkscim_")
    assert scim(plain).query(User).total_results >= 0


def test_the_command_line_names_an_unknown_provider(tokens):
    from typer.testing import CliRunner

    from mentorkit.cli import app

    done = CliRunner().invoke(app, ["sso", "scim-token", "--provider", "hillside"])
    assert done.exit_code == 1 and "no identity provider 'hillside'" in done.output


def test_staff_issue_a_token_in_the_admin_and_see_it_once(tokens, client):
    from tests.conftest import make_staff

    client.force_login(make_staff())
    assert client.get("/admin/sso/scimtoken/add/").status_code == 200
    response = client.post(
        "/admin/sso/scimtoken/add/", {"provider": "lakeside", "name": "Entra"}, follow=True
    )
    [shown] = [str(m) for m in response.context["messages"] if "shown this once" in str(m)]
    plain = shown.rpartition(" ")[2]
    assert ScimToken.objects.get(name="Entra").provider == "lakeside"
    assert scim(plain).query(User).total_results == 0


def test_the_service_tells_clients_it_filters_and_takes_bearer_tokens(tokens):
    config = scim(tokens["riverside"]).query(ServiceProviderConfig)
    assert config.filter.supported is True and config.patch.supported is True
    assert config.bulk.supported is False and config.change_password.supported is False
    assert [scheme.type for scheme in config.authentication_schemes] == ["oauthbearertoken"]


def test_the_ways_okta_and_entra_deactivate_all_work(tokens):
    directory = scim(tokens["riverside"])
    for number, body in enumerate(
        [
            # Okta: a PATCH without a path; Entra ID: "Replace", and "False" as a string
            {"op": "replace", "value": {"active": False}},
            {"op": "Replace", "path": "active", "value": "False"},
        ]
    ):
        person = directory.create(new_user(f"p{number}@riverside.edu", f"p{number}@riverside.edu"))
        patch = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [body]}
        directory.modify(User, person.id, patch, check_request_payload=False)
        assert Account.objects.get(pk=person.id).is_active is False, body

    # Okta's PUT: the whole resource again, with active false; then true
    person = directory.create(new_user("q@riverside.edu", "q@riverside.edu", "Q"))
    person.active = False
    assert directory.replace(person).active is False
    assert Account.objects.get(pk=person.id).is_active is False
    person.active = True
    assert directory.replace(person).active is True
