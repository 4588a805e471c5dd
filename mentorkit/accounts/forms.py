from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils import timezone

from mentorkit.teams.choices import TAKEN_ROLES

from .models import ApiToken, JoinedAs, User
from .validators import normalise_orcid, time_zone_names, validate_orcid
from .widgets import LongSelect


class LoginForm(AllauthLoginForm):
    """Sessions last 12 hours; two weeks only when "remember me" is ticked.

    An address at an institution that signs its people in (MENTORKIT_SSO_CONFIG's
    `domains`) goes to that institution's sign-in page instead: home-realm discovery.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if settings.SSO_PROVIDERS:
            # so that an address at an institution can be sent without one
            self.fields["password"].required = False
            self.fields["password"].widget.is_required = False

    def clean(self):
        from mentorkit.sso.actions import discovered_redirect

        discovered_redirect(self.request, self.data.get("login", ""))
        if not self.fields["password"].required and not self.cleaned_data.get("password"):
            self.add_error("password", "Enter your password.")
            return self.cleaned_data
        return super().clean()

    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url)
        if self.cleaned_data.get("remember"):
            request.session.set_expiry(settings.REMEMBER_ME_AGE)
        return response


class SignupForm(AllauthSignupForm):
    name = forms.CharField(max_length=200, label="Your name")
    joined_as = forms.ChoiceField(
        label="I am joining mentorkit",
        choices=JoinedAs.choices,
        widget=forms.RadioSelect,
        help_text="This sets up your first page; one account can be both, at any time.",
        error_messages={"required": "Say whether you are here to be mentored or to mentor."},
    )

    field_order = ["name", "joined_as", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Someone who arrives with an invitation to a team is joining as its mentor; with an
        # invitation to a program, as a mentee.
        from allauth.core import context

        from .adapter import PENDING_INVITATION

        request = context.request
        pending = request.session.get(PENDING_INVITATION) if request is not None else None
        if pending:
            kind = pending.get("kind")
            field = self.fields["joined_as"]
            mentoring = kind == "mentorship" or (kind == "program" and _to_mentor(pending))
            field.initial = JoinedAs.MENTOR if mentoring else JoinedAs.MENTEE
            field.required = False  # the invitation says it

    def save(self, request):
        user = super().save(request)
        user.name = self.cleaned_data["name"]
        user.joined_as = self.cleaned_data["joined_as"] or self.fields["joined_as"].initial or ""
        user.save(update_fields=["name", "joined_as"])
        return user


def _time_zone_choices() -> list:
    """Time zones grouped by region ("America", "Europe", …), each named by its city."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(time_zone_names()):
        region, _, place = name.partition("/")
        if not place:
            region, place = "Other", name
        groups.setdefault(region, []).append((name, place.replace("_", " ").replace("/", " / ")))
    return [(region, zones) for region, zones in groups.items()]


TIME_ZONE_CHOICES = _time_zone_choices()


class ProfileForm(forms.ModelForm):
    orcid = forms.CharField(
        label="ORCID iD",
        max_length=60,
        required=False,
        help_text="Like 0000-0002-1825-0097 (the https://orcid.org/ form is fine); the check digit is verified.",
    )
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        widget=LongSelect,
        error_messages={
            "invalid_choice": "“%(value)s” is not a time zone we know; "
            "pick one like Europe/London or America/New_York."
        },
        help_text="All dates and times are shown in this zone. Type a city to find it.",
    )

    mentor_roles = forms.MultipleChoiceField(
        choices=TAKEN_ROLES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Roles I take as a mentor",
        help_text="Matching rounds that ask for a methods or a clinical mentor read these.",
    )

    class Meta:
        model = User
        fields = [
            "name",
            "pronouns",
            "career_stage",
            "institution",
            "department",
            "discipline",
            "expertise",
            "orcid",
            "time_zone",
            "reminder_lead_hours",
            "mentee_capacity",
            "accepting_mentees",
            "away_until",
            "mentor_roles",
            "mentoring_style",
            "in_institution_directory",
        ]
        widgets = {
            "away_until": forms.DateInput(attrs={"type": "date"}),
            "mentoring_style": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "reminder_lead_hours": "An e-mail with the agenda this many hours before each meeting; 0 for none.",
            "expertise": "Keywords separated by commas, e.g. biostatistics, trial design.",
            "mentee_capacity": "Programs see your load against this; leave empty if you have no limit.",
        }

    GROUPS = (
        (
            "About you",
            "about-you",
            (
                "name",
                "pronouns",
                "career_stage",
                "institution",
                "department",
                "discipline",
                "expertise",
                "orcid",
            ),
        ),
        ("Time and reminders", "time-and-reminders", ("time_zone", "reminder_lead_hours")),
        (
            "As a mentor",
            "as-mentor",
            (
                "mentee_capacity",
                "accepting_mentees",
                "away_until",
                "mentor_roles",
                "mentoring_style",
                "in_institution_directory",
            ),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.profile_saved_at is None:
            # Never saved: the page preselects the browser's time zone, to be confirmed.
            self.fields["time_zone"].widget.attrs["data-detect-time-zone"] = "on"

    def grouped(self):
        """(legend, id, bound fields) for each fieldset of the profile form."""
        return [(legend, key, [self[name] for name in names]) for legend, key, names in self.GROUPS]

    def save(self, commit=True):
        self.instance.profile_saved_at = timezone.now()
        return super().save(commit)

    def clean_mentee_capacity(self):
        capacity = self.cleaned_data["mentee_capacity"]
        if problem := self.instance.capacity_problem(capacity):
            raise forms.ValidationError(problem)
        return capacity

    def clean_orcid(self):
        value = self.cleaned_data["orcid"]
        if not value:
            return ""
        validate_orcid(value)
        return normalise_orcid(value)


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": "What is this token for?"}

    def __init__(self, *args, **kwargs):
        # Its own ids: the profile page also has the profile's name field.
        kwargs.setdefault("auto_id", "id_token_%s")
        super().__init__(*args, **kwargs)


class DeleteAccountForm(forms.Form):
    """Deleting is confirmed by typing the account's own e-mail address."""

    email = forms.CharField(
        label="Type your e-mail address to confirm",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email != self.user.email.lower():
            raise forms.ValidationError(f"Type {self.user.email} exactly to delete this account.")
        return email


def _to_mentor(pending: dict) -> bool:
    """Whether a pending program invitation asks its reader to mentor in the program."""
    from mentorkit.programs.models import ProgramInvitation

    token = pending.get("token") or ""
    found = ProgramInvitation.objects.by_token(token).first() if token else None
    return bool(found and found.as_mentor)
