"""Logs without secrets: the links that are credentials never reach a log line.

An invitation link, a calendar feed's address and a password-reset link each carry
a secret in their path. Gunicorn's access log (`mentorkit serve`) and Django's
request log (which names the path of every 4xx) write them through `redact`.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

SECRET_IN_PATH = re.compile(
    r"(/invitations/[^/\s]+/|/calendar/|/accounts/password/reset/key/)[^/\s?\"']+"
)


def redact(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1[redacted]", text)


class RedactSecrets(logging.Filter):
    """For Django's loggers: the message and its arguments, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in args)
        return True


class AccessLogger(Logger):
    """Gunicorn's logger, with the request line, path and query redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
