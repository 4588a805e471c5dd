"""A real SAML identity provider for the tests: pysaml2's IdP, with a login form.

pysaml2 is an implementation of SAML separate from python3-saml (which allauth uses on
mentorkit's side), so a sign-in that works here works between two implementations. The
IdP signs its assertions with a key made for the test run; `wsgi_app()` serves its login
form over HTTP for the browser, and `respond()` answers a request in-process for tests
that drive mentorkit with Django's test client.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import tempfile
import threading
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

XMLSEC = "/usr/bin/xmlsec1"


def make_key_pair(common_name: str) -> tuple[str, str]:
    """A self-signed certificate and its private key, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return (
        cert.public_bytes(serialization.Encoding.PEM).decode(),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    )


class Person(dict):
    """Someone the IdP knows: a password and the attributes it releases."""


class TestIdP:
    """pysaml2's IdP for `base_url`, knowing the service providers whose metadata it is given."""

    __test__ = False

    def __init__(self, base_url: str, people: dict[str, Person]) -> None:
        self.base_url = base_url.rstrip("/")
        self.entity_id = f"{self.base_url}/idp"
        self.sso_url = f"{self.base_url}/sso"
        self.slo_url = f"{self.base_url}/slo"
        self.people = people
        self.cert, self.key = make_key_pair("test-idp")
        self._dir = Path(tempfile.mkdtemp(prefix="mentorkit-idp-"))
        (self._dir / "idp.crt").write_text(self.cert)
        (self._dir / "idp.key").write_text(self.key)
        self.sp_metadata: list[str] = []
        self._server: Server | None = None

    @property
    def x509cert(self) -> str:
        return "".join(self.cert.strip().splitlines()[1:-1])

    def trust(self, sp_metadata_xml: str) -> None:
        """Register a service provider from its metadata (as an identity team would)."""
        self.sp_metadata.append(sp_metadata_xml)
        self._server = None

    @property
    def server(self) -> Server:
        if self._server is None:
            config = IdPConfig()
            config.load(
                {
                    "entityid": self.entity_id,
                    "xmlsec_binary": XMLSEC,
                    "key_file": str(self._dir / "idp.key"),
                    "cert_file": str(self._dir / "idp.crt"),
                    "metadata": {"inline": self.sp_metadata},
                    "allow_unknown_attributes": True,
                    "service": {
                        "idp": {
                            "name": "Riverside test IdP",
                            "endpoints": {
                                "single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)],
                                "single_logout_service": [(self.slo_url, BINDING_HTTP_REDIRECT)],
                            },
                            "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                            "policy": {
                                "default": {
                                    "lifetime": {"minutes": 5},
                                    "attribute_restrictions": None,
                                    "name_form": NAME_FORMAT_URI,
                                }
                            },
                        }
                    },
                }
            )
            self._server = Server(config=config)
        return self._server

    def parse_request(self, saml_request: str):
        return self.server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT).message

    def respond(
        self,
        saml_request: str,
        login: str,
        *,
        audience: str | None = None,
        tamper: tuple[str, str] | None = None,
    ) -> str:
        """The base64 SAMLResponse the IdP posts back after `login` signed in.

        `audience` addresses the assertion to another service provider; `tamper` replaces
        text inside the signed XML afterwards, as someone on the way could.
        """
        request = self.parse_request(saml_request)
        person = self.people[login]
        identity = {k: [v] for k, v in person.items() if k != "password"}
        response = self.server.create_authn_response(
            identity,
            in_response_to=request.id,
            destination=request.assertion_consumer_service_url,
            sp_entity_id=audience or request.issuer.text,
            name_id_policy=request.name_id_policy,
            userid=person["eduPersonPrincipalName"],
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=True,
            sign_response=True,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        xml = str(response)
        if tamper:
            assert tamper[0] in xml, tamper
            xml = xml.replace(*tamper)
        return base64.b64encode(xml.encode()).decode()

    def logout_request_url(self, sp_entity_id: str, sls_url: str, login: str) -> str:
        """The IdP's single logout of `login`, sent to mentorkit (HTTP-Redirect, signed)."""
        from saml2.saml import NameID

        person = self.people[login]
        _id, request = self.server.create_logout_request(
            sls_url,
            sp_entity_id,
            name_id=NameID(text=person["eduPersonPrincipalName"], format=NAMEID_FORMAT_PERSISTENT),
            sign=False,
        )
        info = self.server.apply_binding(
            BINDING_HTTP_REDIRECT, str(request), sls_url, sign=True, sigalg=SIG_RSA_SHA256
        )
        return dict(info["headers"])["Location"]

    def logout_answer(self, query: dict) -> str:
        """The IdP ends its session and answers mentorkit's logout request (signed)."""
        request = self.server.parse_logout_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        answer = self.server.create_logout_response(request.message, [BINDING_HTTP_REDIRECT])
        destination = answer.destination
        info = self.server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(answer),
            destination,
            query.get("RelayState", [""])[0],
            response=True,
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        return dict(info["headers"])["Location"]

    # --- over HTTP, for the browser ----------------------------------------------------

    def wsgi_app(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if method == "GET" and environ["PATH_INFO"] == "/sso":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            return self._page(start_response, self._login_form(query, ""))
        if method == "POST" and environ["PATH_INFO"] == "/sso":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(size).decode())
            login, password = form.get("username", [""])[0], form.get("password", [""])[0]
            person = self.people.get(login)
            if person is None or person["password"] != password:
                return self._page(start_response, self._login_form(form, "Wrong password."))
            saml_request = form["SAMLRequest"][0]
            request = self.parse_request(saml_request)
            fields = {"SAMLResponse": self.respond(saml_request, login)}
            if form.get("RelayState"):
                fields["RelayState"] = form["RelayState"][0]
            hidden = "".join(
                f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
                for k, v in fields.items()
            )
            acs = html.escape(request.assertion_consumer_service_url)
            return self._page(
                start_response,
                f'<form method="post" action="{acs}">{hidden}'
                "<p>Signed in at Riverside.</p><button>Continue to mentorkit</button></form>",
            )
        if method == "GET" and environ["PATH_INFO"] == "/slo":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            start_response("302 Found", [("Location", self.logout_answer(query))])
            return [b""]
        if environ["PATH_INFO"] == "/favicon.ico":
            start_response("200 OK", [("Content-Type", "image/svg+xml")])
            return [b'<svg xmlns="http://www.w3.org/2000/svg"/>']
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def _login_form(self, values: dict, error: str) -> str:
        keep = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(values[k][0])}">'
            for k in ("SAMLRequest", "RelayState")
            if values.get(k)
        )
        return (
            f"<h1>Riverside University sign-in</h1><p>{error}</p>"
            f'<form method="post" action="/sso">{keep}'
            '<label>Username <input name="username"></label>'
            '<label>Password <input name="password" type="password"></label>'
            "<button>Sign in</button></form>"
        )

    @staticmethod
    def _page(start_response, body: str):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [f"<!doctype html><title>Riverside IdP</title>{body}".encode()]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(idp: TestIdP, server: WSGIServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def start_http(people: dict[str, Person]) -> tuple[TestIdP, WSGIServer]:
    """An IdP listening on a free loopback port, in a thread."""
    holder: dict[str, TestIdP] = {}
    server = make_server(
        "127.0.0.1", 0, lambda e, s: holder["idp"].wsgi_app(e, s), handler_class=_QuietHandler
    )
    idp = TestIdP(f"http://127.0.0.1:{server.server_port}", people)
    holder["idp"] = idp
    serve(idp, server)
    return idp, server


def redirect_query(location: str) -> dict[str, str]:
    """The SAMLRequest and RelayState of an HTTP-Redirect binding's URL."""
    query = parse_qs(location.partition("?")[2])
    return {k: v[0] for k, v in query.items() if k in ("SAMLRequest", "RelayState")}


def decode_request(saml_request: str) -> str:
    return zlib.decompress(base64.b64decode(saml_request), -15).decode()


__all__ = ["BINDING_HTTP_POST", "Person", "TestIdP", "start_http", "urlencode"]
