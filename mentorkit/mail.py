"""Sending e-mail from templates, after the transaction that caused it commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    return settings.BASE_URL + path


def send_templated(template: str, to: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt`; send once the transaction commits."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_body.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [to]))
