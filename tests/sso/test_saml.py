"""SAML sign-in against pysaml2's identity provider: what is created, linked and refused.

Driven with Django's test client (the browser's version is in browser/test_saml_browser.py):
mentorkit asks, the IdP (pysaml2, a separate implementation) answers with a signed
assertion, mentorkit's allauth (python3-saml) checks it.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import pytest
import time_machine
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.audit.models import EventKind, SecurityEvent
from mentorkit.programs.models import Enrollment, Program
from tests.conftest import PASSWORD, make_user, once_per_module

from .conftest import (
    HOST,
    saml_answer,
    saml_ask,
    saml_entry,
    saml_sign_in,
    signed_in_as,
    sso_configured,
)
from .saml_idp import Person, TestIdP, redirect_query

pytestmark = pytest.mark.django_db

ADA = Person(
    password="ada-at-riverside",
    mail="ada@riverside.edu",
    displayName="Ada Quinn",
    eduPersonPrincipalName="ada@riverside.edu",
)
BEA = Person(
    password="bea-at-riverside",
    mail="bea@riverside.edu",
    displayName="Bea Ortiz",
    eduPersonPrincipalName="bea7@riverside.edu",
)
NOMAIL = Person(password="x", displayName="No Mail", eduPersonPrincipalName="nomail@riverside.edu")
ELSEWHERE_MAIL = Person(
    password="x", mail="boss@example.org", displayName="Not Ours", eduPersonPrincipalName="boss"
)
LOGIN = "/accounts/saml/riverside/login/"
ACS = "/accounts/saml/riverside/acs/"
METADATA = "/accounts/saml/riverside/metadata/"
ELSEWHERE = "https://elsewhere.example/sp"


@pytest.fixture(scope="module")
def idp(django_db_setup, django_db_blocker):
    """The IdP, and mentorkit configured for it (as one file), registered with each other."""
    idp = TestIdP(
        "https://idp.riverside.test",
        {"ada": ADA, "bea": BEA, "nomail": NOMAIL, "elsewhere": ELSEWHERE_MAIL},
    )
    entry = saml_entry(idp, program="Riverside Scholars")

    def build():
        # The identity team registers mentorkit from its published metadata.
        metadata = Client(HTTP_HOST=HOST).get(METADATA).content.decode()
        idp.trust(metadata)
        # and another service the IdP also answers for
        idp.trust(metadata.replace(f"http://{HOST}{METADATA}", ELSEWHERE))
        return idp, Program.objects.create(name="Riverside Scholars")

    with sso_configured(Path(tempfile.mkdtemp()), {"saml": [entry]}):
        yield from once_per_module(django_db_blocker, build)


def ask(client, path: str = LOGIN) -> dict[str, str]:
    asked = saml_ask(client, query=path.removeprefix(LOGIN))
    return asked


def answer(client, asked: dict[str, str], saml_response: str):
    return saml_answer(client, asked, saml_response)


def sign_in(client, idp, login: str = "ada", **respond):
    return saml_sign_in(client, idp[0], login, **respond)


def test_the_metadata_tells_an_identity_team_our_entity_id_and_where_to_answer(client, idp):
    response = client.get(METADATA)
    assert response.status_code == 200 and response["Content-Type"] == "text/xml"
    xml = response.content.decode()
    assert 'entityID="http://localhost/accounts/saml/riverside/metadata/"' in xml
    assert 'Location="http://localhost/accounts/saml/riverside/acs/"' in xml


def test_the_sign_in_page_offers_the_institution(client, idp):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Riverside University" in page
    assert f'action="{LOGIN}' in page


def test_typing_an_address_at_the_institution_goes_to_its_sign_in(client, idp):
    response = client.post("/accounts/login/", {"login": "Someone@Riverside.edu", "password": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(idp[0].sso_url + "?SAMLRequest=")


def test_another_address_still_signs_in_with_its_password(client, idp):
    make_user("noor@example.org")
    response = client.post("/accounts/login/", {"login": "noor@example.org", "password": PASSWORD})
    assert response.status_code == 302 and signed_in_as(client).email == "noor@example.org"


def test_a_first_sign_in_creates_the_account_from_the_assertion_and_enrols_it(client, idp):
    response = sign_in(client, idp)
    assert response.status_code == 302 and response["Location"] == "/"
    ada = signed_in_as(client)
    assert (ada.email, ada.name) == ("ada@riverside.edu", "Ada Quinn")
    assert not ada.has_usable_password()
    link = SocialAccount.objects.get(user=ada)
    assert (link.provider, link.uid) == ("riverside", "ada@riverside.edu")
    assert Enrollment.objects.get(mentee=ada).program == idp[1]
    kinds = set(SecurityEvent.objects.filter(user=ada).values_list("kind", flat=True))
    assert kinds == {EventKind.ACCOUNT_LINKED, EventKind.SIGNED_IN, EventKind.SSO_SIGNED_IN}


def test_the_next_sign_in_is_the_same_account(client, idp):
    sign_in(client, idp)
    first = signed_in_as(client)
    client.post("/accounts/logout/")
    assert signed_in_as(client) is None  # local sign-out always works
    sign_in(client, idp)
    assert signed_in_as(client) == first
    assert User.objects.filter(email="ada@riverside.edu").count() == 1


def test_an_account_with_the_same_address_is_not_entered_by_the_assertion_alone(client, idp):
    bea = make_user("bea@riverside.edu")
    response = sign_in(client, idp, "bea")
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.exists()
    # No form to sign up with another address either: sign in to it first, then link.
    assert response.status_code == 409
    page = response.content.decode()
    assert "bea@riverside.edu already has a mentorkit account" in page
    assert "sign in to it with its password" in page
    assert User.objects.filter(email="bea@riverside.edu").get() == bea


def test_the_owner_links_the_account_after_signing_in_with_the_password(client, idp):
    bea = make_user("bea@riverside.edu")
    client.force_login(bea)
    asked = ask(client, LOGIN + "?process=connect")
    answer(client, asked, idp[0].respond(asked["SAMLRequest"], "bea"))
    link = SocialAccount.objects.get(user=bea)
    assert link.uid == "bea7@riverside.edu"
    assert SecurityEvent.objects.filter(user=bea, kind=EventKind.ACCOUNT_LINKED).exists()
    client.post("/accounts/logout/")
    sign_in(client, idp, "bea")
    assert signed_in_as(client) == bea


# --- refused answers: a clear page, nobody signed in, nothing created -----------------------


def assert_refused(response, client, words: str) -> None:
    assert response.status_code == 401
    page = response.content.decode()
    assert "Sign-in with Riverside University was refused" in page
    assert words in page
    assert signed_in_as(client) is None
    assert not User.objects.exists() or not User.objects.filter(email__endswith="riverside.edu")
    assert not SocialAccount.objects.exists()
    assert SecurityEvent.objects.filter(kind=EventKind.SSO_REFUSED).exists()


def test_an_assertion_changed_on_the_way_is_refused(client, idp):
    # Someone swaps Ada's address for Bea's inside the signed assertion.
    response = sign_in(client, idp, tamper=("ada@riverside.edu", "bea@riverside.edu"))
    assert_refused(response, client, "its signature does not match")


def test_an_expired_assertion_is_refused(client, idp):
    asked = ask(client)
    with time_machine.travel(timezone.now() - timezone.timedelta(hours=1), tick=False):
        late = idp[0].respond(asked["SAMLRequest"], "ada")  # issued an hour ago, for 5 minutes
    assert_refused(answer(client, asked, late), client, "it has expired")


def test_an_assertion_for_another_service_is_refused(client, idp):
    response = sign_in(client, idp, audience=ELSEWHERE)
    assert_refused(response, client, "addressed to another service")


def test_a_replayed_assertion_is_refused(client, idp, django_user_model):
    asked = ask(client)
    saml_response = idp[0].respond(asked["SAMLRequest"], "ada")
    # Captured on the way and posted again from another browser: it answers nothing there.
    thief = Client(HTTP_HOST=HOST)
    thief.post(LOGIN)  # even one that has started a sign-in of its own
    response = answer(thief, asked, saml_response)
    assert_refused(response, thief, "does not answer a sign-in this browser started")


def test_an_assertion_is_used_once_even_by_the_browser_it_answered(client, idp):
    asked = ask(client)
    saml_response = idp[0].respond(asked["SAMLRequest"], "ada")
    answer(client, asked, saml_response)
    ada = signed_in_as(client)
    client.post("/accounts/logout/")
    response = answer(client, asked, saml_response)
    assert response.status_code == 401 and signed_in_as(client) is None
    assert SocialAccount.objects.filter(user=ada).count() == 1


def test_an_answer_that_is_not_saml_is_refused(client, idp):
    ask(client)
    response = answer(client, {}, base64.b64encode(b"<samlp:Response/>").decode())
    assert_refused(response, client, "could not be verified")


def test_an_answer_nobody_asked_for_is_refused(client, idp):
    # IdP-initiated: a well-signed assertion that answers no request of ours.
    asked = ask(client)
    unasked = base64.b64decode(idp[0].respond(asked["SAMLRequest"], "ada")).decode()
    request_id = idp[0].parse_request(asked["SAMLRequest"]).id
    unasked = unasked.replace(f' InResponseTo="{request_id}"', "")
    response = answer(Client(HTTP_HOST=HOST), {}, base64.b64encode(unasked.encode()).decode())
    assert response.status_code == 401
    assert not SocialAccount.objects.exists()


def test_an_address_elsewhere_without_a_password_is_asked_for_one(client, idp):
    response = client.post("/accounts/login/", {"login": "noor@example.org", "password": ""})
    assert response.status_code == 200 and "Enter your password." in response.content.decode()


# --- invitations through institution sign-in --------------------------------------------------


def test_an_invitation_accepted_through_sso_binds_to_the_invited_address(client, idp):
    from mentorkit.teams import actions as team_actions
    from mentorkit.teams.models import Mentorship

    mentee = make_user("mentee@example.org")
    _, url = team_actions.invite_mentor(mentee, invited_email="ada@riverside.edu")
    link = url.removeprefix("http://testserver")
    assert client.get(link).status_code == 200  # the invitation, before signing in
    response = sign_in(client, idp, "ada")
    assert response["Location"] == link  # back to the invitation, signed in as Ada
    assert client.post(link, {"answer": "accept"}).status_code == 302
    assert Mentorship.objects.get(mentee=mentee).mentor == signed_in_as(client)


def test_an_invitation_for_another_address_is_refused_after_sso(client, idp):
    from mentorkit.teams import actions as team_actions
    from mentorkit.teams.models import Mentorship

    mentee = make_user("mentee@example.org")
    _, url = team_actions.invite_mentor(mentee, invited_email="noor@example.org")
    link = url.removeprefix("http://testserver")
    client.get(link)
    sign_in(client, idp, "ada")
    assert signed_in_as(client).email == "ada@riverside.edu"  # not the invitation's address
    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 400
    assert "This invitation was sent to noor@example.org" in response.content.decode()
    assert Mentorship.objects.get(mentee=mentee).mentor is None


def test_an_assertion_without_an_address_makes_no_account(client, idp):
    # (allauth would ask for one in a form: an address nobody vouched for)
    response = sign_in(client, idp, "nomail")
    assert_refused(response, client, "did not release your e-mail address")


def test_an_address_outside_the_institution_s_domains_makes_no_account(client, idp):
    response = sign_in(client, idp, "elsewhere")
    assert_refused(response, client, "boss@example.org, is not at riverside.edu")
    assert not User.objects.filter(email="boss@example.org").exists()


def test_the_institution_s_single_logout_ends_the_mentorkit_session(client, idp):
    sign_in(client, idp, "ada")
    assert signed_in_as(client) is not None
    url = idp[0].logout_request_url(
        f"http://{HOST}{METADATA}", f"http://{HOST}/accounts/saml/riverside/sls/", "ada"
    )
    response = client.get(url.removeprefix(f"http://{HOST}"))
    assert response.status_code == 302
    assert response["Location"].startswith(idp[0].slo_url + "?SAMLResponse=")
    assert signed_in_as(client) is None


def test_an_unsigned_logout_message_signs_nobody_out(client, idp):
    from saml2 import BINDING_HTTP_REDIRECT
    from saml2.saml import NameID

    sign_in(client, idp, "ada")
    server, sls = idp[0].server, f"http://{HOST}/accounts/saml/riverside/sls/"
    _id, request = server.create_logout_request(
        sls, f"http://{HOST}{METADATA}", name_id=NameID(text="ada@riverside.edu")
    )
    info = server.apply_binding(BINDING_HTTP_REDIRECT, str(request), sls, sign=False)
    response = client.get(dict(info["headers"])["Location"].removeprefix(f"http://{HOST}"))
    assert response.status_code == 400 and signed_in_as(client) is not None


def test_signing_out_asks_the_institution_to_end_its_session_too(client, idp):
    from saml2 import BINDING_HTTP_REDIRECT

    sign_in(client, idp, "ada")
    response = client.post("/accounts/logout/")
    assert signed_in_as(client) is None  # signed out here at once, whatever the IdP does
    assert response["Location"].startswith(idp[0].slo_url + "?SAMLRequest=")
    query = redirect_query(response["Location"])
    server = idp[0].server
    request = server.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
    assert request.message.issuer.text == f"http://{HOST}{METADATA}"
    assert request.message.session_index  # the IdP's session that sign-in began

    back_url = idp[0].logout_answer({k: [v] for k, v in query.items()})
    assert back_url.startswith(f"http://{HOST}/accounts/saml/riverside/sls/?SAMLResponse=")
    back = client.get(back_url.removeprefix(f"http://{HOST}"))
    assert back.status_code == 302 and signed_in_as(client) is None
