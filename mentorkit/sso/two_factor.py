"""Who must sign in with two factors: the one rule, for the middleware and the pages.

MENTORKIT_REQUIRE_MFA (instance-wide) and each program's `two_factor` say it, as "off",
"directors" (program directors and site staff) or "everyone". A person who must, and has no
TOTP app or security key yet, is led to enrol after signing in (RequireTwoFactorMiddleware);
the rule is applied when a session begins, so a change reaches a person at their next
sign-in.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect

LEVELS = ("off", "directors", "everyone")
# Second factors that count: a recovery code alone is a way back in, not a factor.
FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# Where someone who must enrol may still go: enrolment itself, signing out, and what
# tokens (not sessions) reach.
OPEN_PATHS = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/static/")
OPEN_PREFIXES = ("/api/", "/scim/", "/healthz", "/calendar/")


def required_for(user) -> bool:
    """Whether `user` must sign in with a second factor."""
    from mentorkit.programs.models import Program

    if not user.is_authenticated:
        return False
    level = settings.REQUIRE_MFA
    if level == "everyone":
        return True
    directs = user.is_staff or user.directed_programs.exists()
    if level == "directors" and directs:
        return True
    in_program = Q(directors=user) | Q(enrollments__mentee=user)
    return Program.objects.filter(
        Q(two_factor="everyone", pk__in=Program.objects.filter(in_program).values("pk"))
        | Q(two_factor="directors", directors=user)
    ).exists()


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=FACTORS).exists()


def must_enrol(user) -> bool:
    return required_for(user) and not has_second_factor(user)


# The answer is worked out when a session begins and when a second factor is added or
# removed (sso.signals), and kept in the session: pages pay no query for it.
SESSION_KEY = "mentorkit_must_enrol_mfa"


def remember_for_session(request, user) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if must_enrol(user):
        session[SESSION_KEY] = True
    else:
        session.pop(SESSION_KEY, None)


class RequireTwoFactorMiddleware:
    """Leads a person who must use two factors, and has none, to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            request.session.get(SESSION_KEY)
            and not path.startswith(OPEN_PATHS + OPEN_PREFIXES)
            and request.user.is_authenticated
            and not self.enrolled_since(request)
        ):
            messages.warning(
                request,
                "Two-factor sign-in is required for your account: add an authenticator app "
                "or a security key (passkey) to continue.",
            )
            return redirect("mfa_index")
        return self.get_response(request)

    @staticmethod
    def enrolled_since(request) -> bool:
        """Whether the person has added a second factor since their session began."""
        if has_second_factor(request.user):
            request.session.pop(SESSION_KEY, None)
            return True
        return False
