"""The OpenID Connect provider of the tests: the npm package oidc-provider, run with node.

`make test` installs it (`npm ci` in tests/sso/oidc); it listens on a free loopback port
for one test module. Its login form is the package's own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import requests

HERE = Path(__file__).resolve().parent / "oidc"
CLIENT_ID = "mentorkit"
CLIENT_SECRET = "tests-only-client-secret-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningProvider:
    issuer: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(
    accounts: dict[str, dict], redirect_uris: list[str], *, id_token_ttl: int = 300
) -> RunningProvider:
    """oidc-provider on 127.0.0.1, with mentorkit as its one client."""
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError(
            f"oidc-provider is not installed: run `make test`, or `npm ci` in {HERE}"
        )
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    config = {
        "port": port,
        "issuer": issuer,
        "idTokenTTL": id_token_ttl,
        "accounts": accounts,
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": redirect_uris,
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
                "token_endpoint_auth_method": "client_secret_post",
            }
        ],
    }
    log = Path(tempfile.mkdtemp(prefix="oidc-provider-")) / "stderr.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [node, str(HERE / "provider.mjs")],
            cwd=HERE,
            env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config), "NODE_ENV": "test"},
            stdout=subprocess.PIPE,
            stderr=stderr,  # its warnings (e.g. about the Node.js version) and errors
            text=True,
        )
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        process.kill()
        raise RuntimeError(f"oidc-provider did not start: {log.read_text()}")
    return RunningProvider(issuer, process)


FORM = re.compile(r'<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>', re.S)
INPUT = re.compile(r"<input[^>]*>")
ATTRIBUTE = re.compile(r'(name|value)="([^"]*)"')


def sign_in_at_provider(authorize_url: str, login: str, password: str = "any") -> str:
    """What a person does on the provider's pages, without a browser: sign in, consent.

    Returns the URL the provider redirects back to (mentorkit's callback, with code and
    state), without following it.
    """
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=True, timeout=10)
    for _ in range(4):
        match = FORM.search(response.text)
        assert match, response.text[:500]
        action, body = match.groups()
        fields = {}
        for tag in INPUT.findall(body):
            attributes = dict(ATTRIBUTE.findall(tag))
            if "name" in attributes:
                fields[attributes["name"]] = unescape(attributes.get("value", ""))
        if "login" in fields:
            fields.update(login=login, password=password)
        response = session.post(
            urljoin(response.url, unescape(action)), data=fields, allow_redirects=False, timeout=10
        )
        while response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(authorize_url.split("/auth")[0]):
                return location
            response = session.get(location, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the browser back")
