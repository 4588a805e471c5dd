"""How form fields and widgets are rendered: settings.FORM_RENDERER; what the admin's forms share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template.exceptions import TemplateDoesNotExist


class FormRenderer(Jinja2):
    """Django's own Jinja2 form templates (and `<app>/jinja2/` for ours): the same markup as
    its Django templates write, in about a third of the time, which is most of a form-heavy
    page. Widgets that exist only as Django templates (the admin's) render through those."""

    fallback = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)


# The admin's forms for models with a link: a link typed without a scheme is https (the
# product's own forms say so field by field; Django 6 makes it the default).
HTTPS_LINKS: Mapping[type[models.Field], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}
