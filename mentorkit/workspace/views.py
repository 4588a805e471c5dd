"""The download on the profile page: the signed-in person's own workspace, nobody else's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .export import export_workspace


@login_required
@require_POST
@never_cache
def download(request):
    """The archive of `request.user`'s workspace; it takes no argument, so it answers only theirs."""
    response = HttpResponse(export_workspace(request.user), content_type="application/zip")
    name = f"mentorkit-workspace-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
