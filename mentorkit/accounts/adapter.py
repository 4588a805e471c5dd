from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError

PENDING_INVITATION = "mentorkit_pending_invitation"


def remember_invitation(request, kind: str, token: str, email: str) -> None:
    """Keep the invitation a visitor arrived with, so they may create an account.

    The address the invitation was sent to is proven by the link; allauth
    pre-fills sign-up with it and treats it as verified.
    """
    request.session[PENDING_INVITATION] = {"kind": kind, "token": token}
    request.session["account_verified_email"] = email


def pending_invitation(request):
    """The still-answerable invitation this visitor arrived with, or None."""
    from mentorkit.programs.models import ProgramInvitation
    from mentorkit.teams.models import Mentorship

    pending = request.session.get(PENDING_INVITATION) or {}
    model = {"mentorship": Mentorship, "program": ProgramInvitation}.get(pending.get("kind"))
    if model is None:
        return None
    invitation = model.objects.by_token(pending.get("token", "")).first()
    if invitation is None or invitation.invitation_problem:
        return None
    return invitation


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Sign-up is by invitation only, unless MENTORKIT_OPEN_SIGNUP is on."""
        return settings.OPEN_SIGNUP or pending_invitation(request) is not None

    def get_login_redirect_url(self, request):
        pending = request.session.get(PENDING_INVITATION)
        if pending and pending_invitation(request) is not None:
            from django.urls import reverse

            return reverse("invitation", args=[pending["kind"], pending["token"]])
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)

    def get_logout_redirect_url(self, request):
        """After a SAML sign-in, signing out also asks the IdP to end its session (single
        logout), where it can. (allauth asks for this before it signs the person out here,
        which it always does.)"""
        from mentorkit.sso.actions import SAML_SUBJECT, single_logout_url

        subject = request.session.get(SAML_SUBJECT) if request.user.is_authenticated else None
        slo = single_logout_url(request, subject) if subject else None
        return slo or super().get_logout_redirect_url(request)

    def pre_authenticate(self, request, **credentials) -> None:
        """allauth's sign-in limits; a refusal is a security event of the account named."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            from mentorkit.audit.actions import record
            from mentorkit.audit.models import EventKind
            from mentorkit.audit.signals import account_for

            user = account_for(credentials.get("email", ""))
            record(
                EventKind.SIGN_IN_FAILED,
                "A sign-in refused: too many failed attempts, wait 15 minutes.",
                [user],
                **({} if user else {"login": credentials.get("email", "")[:254]}),
            )
            raise
