from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentorkit.audit.models import SecurityEvent
from mentorkit.meetings.calendar import feed_url

from .forms import ApiTokenForm, DeleteAccountForm, ProfileForm
from .models import ApiToken
from .retention import delete_account, deletion_preview

RECENT_EVENTS = 20


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "token_form": ApiTokenForm(),
            "tokens": ApiToken.objects.filter(user=request.user, revoked_at__isnull=True),
            "new_token": request.session.pop("new_api_token", None),
            "calendar_feed_url": feed_url(request.user),
            "events": SecurityEvent.objects.concerning(request.user)[:RECENT_EVENTS],
            "institution_sign_in": bool(settings.SSO_PROVIDERS),
        },
    )


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the token a name so you can recognise it later.")
        return redirect("accounts:profile")
    _, plain = ApiToken.issue(request.user, form.cleaned_data["name"])
    # Shown once on the next page, then gone: only its hash is kept.
    request.session["new_api_token"] = plain
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.active().filter(user=request.user), pk=pk)
    token.revoke()
    messages.success(request, f"Revoked the token “{token.name}”.")
    return redirect("accounts:profile")


@login_required
@require_POST
def calendar_regenerate(request):
    """A new secret address for the calendar feed; the old one stops working at once."""
    request.user.regenerate_calendar_token()
    messages.success(
        request,
        "Your calendar has a new address. Calendars subscribed to the old one stop updating: "
        "subscribe again with the address below.",
    )
    return redirect("accounts:profile")


@login_required
@reauthentication_required(allow_get=True)
def delete(request):
    """GET: what deleting removes and what stays. POST (after the password again): delete."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(request.user)
        logout(request)
        messages.success(request, "Your account and its records were deleted.")
        return redirect("account_login")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "preview": deletion_preview(request.user)},
        status=400 if form.is_bound else 200,
    )
