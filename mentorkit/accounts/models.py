"""People: one account per person, whatever roles they hold."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind

from .validators import normalise_orcid, validate_orcid, validate_time_zone


class CareerStage(models.TextChoices):
    STUDENT = "student", "Student"
    RESIDENT = "resident", "Resident"
    FELLOW = "fellow", "Clinical or research fellow"
    POSTDOC = "postdoc", "Postdoctoral researcher"
    JUNIOR_FACULTY = "junior_faculty", "Junior faculty"
    MID_CAREER = "mid_career", "Mid-career faculty"
    SENIOR_FACULTY = "senior_faculty", "Senior faculty"
    STAFF = "staff", "Research or program staff"
    OTHER = "other", "Other"


class JoinedAs(models.TextChoices):
    """What a person said they came for when they signed up; the records decide after that."""

    MENTEE = "mentee", "To be mentored"
    MENTOR = "mentor", "To mentor others"


def initials_of(name: str) -> str:
    """ "Dr. Amara Okafor" -> "AO": titles such as Dr. or Prof. are left out."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha() and not w.endswith(".")]
    if len(words) > 2:
        words = [words[0], words[-1]]
    return "".join(w[0] for w in words).upper() or "?"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: a mentee, a mentor, a program director, or several of these."""

    email = models.EmailField("e-mail", unique=True)
    name = models.CharField(max_length=200, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    career_stage = models.CharField(max_length=20, choices=CareerStage.choices, blank=True)
    institution = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    discipline = models.CharField(max_length=120, blank=True)
    expertise = models.CharField(
        max_length=500, blank=True, help_text="Keywords separated by commas."
    )
    orcid = models.CharField("ORCID iD", max_length=19, blank=True, validators=[validate_orcid])
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    reminder_lead_hours = models.PositiveSmallIntegerField(
        "remind me before meetings (hours)", default=24, validators=[MaxValueValidator(24 * 14)]
    )
    calendar_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    joined_as = models.CharField(max_length=10, choices=JoinedAs.choices, blank=True)
    # As a mentor: how many mentees they can take, and whether they take new ones now.
    mentee_capacity = models.PositiveSmallIntegerField(
        "mentees you can take", null=True, blank=True, validators=[MaxValueValidator(50)]
    )
    accepting_mentees = models.BooleanField("I am taking new mentees", default=True)
    away_until = models.DateField(
        "away until",
        null=True,
        blank=True,
        help_text="Leave, sabbatical, a grant deadline: no new mentees until this day.",
    )
    # The roles taken as a mentor (`teams.choices.TAKEN_ROLES`): matching asks for mentors by
    # role ("one methods mentor and one clinical mentor").
    mentor_roles = models.JSONField("roles I take as a mentor", default=list, blank=True)
    mentoring_style = models.CharField(
        "how I like to work",
        max_length=500,
        blank=True,
        help_text="For mentees choosing a mentor: how often you meet, how you give feedback, "
        "what you expect of a mentee.",
    )
    in_institution_directory = models.BooleanField(
        "list me in the institution's mentor directory",
        default=False,
        help_text="Mentees of every program here can then find you and ask you to mentor them.",
    )
    profile_saved_at = models.DateTimeField(null=True, blank=True, editable=False)
    getting_started_dismissed_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Raised to end every session of the account at once (see end_every_session).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    @property
    def initials(self) -> str:
        return initials_of(self.display_name)

    @property
    def expertise_keywords(self) -> list[str]:
        return [k.strip().lower() for k in self.expertise.split(",") if k.strip()]

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()
        if self.orcid:
            self.orcid = normalise_orcid(self.orcid)

    @property
    def is_away(self) -> bool:
        return self.away_until is not None and self.away_until >= timezone.localdate()

    @property
    def taking_new_mentees(self) -> bool:
        return self.accepting_mentees and not self.is_away

    def capacity_problem(self, capacity: int | None) -> str:
        """Why `capacity` cannot be this mentor's, or "": below the mentees they have now."""
        if capacity is None or not self.pk:
            return ""
        from mentorkit.teams.models import Mentorship

        load = Mentorship.objects.of_mentor(self).count()
        if capacity < load:
            return (
                f"You mentor {load} now; a capacity below that would be exceeded at once. "
                f"End or pause a mentorship first, or leave it at {load}."
            )
        return ""

    def beyond_capacity(self, load: int) -> str:
        """Why taking one more mentee goes beyond what this mentor said they can take, or ""."""
        if self.is_away:
            return f"You said on your profile that you are away until {self.away_until:%-d %B %Y}."
        if not self.accepting_mentees:
            return "You said on your profile that you are not taking new mentees."
        if self.mentee_capacity is not None and load >= self.mentee_capacity:
            return (
                f"You mentor {load} {'person' if load == 1 else 'people'} now, and said on "
                f"your profile that you can take {self.mentee_capacity}."
            )
        return ""

    def regenerate_calendar_token(self) -> str:
        """A new secret for the calendar feed URL; the old URL stops working."""
        self.calendar_token = secrets.token_urlsafe(32)
        self.save(update_fields=["calendar_token"])
        record(EventKind.CALENDAR_RENEWED, "A new calendar address; the old one stopped.", [self])
        return self.calendar_token

    def _get_session_auth_hash(self, secret=None) -> str:
        # Django signs each session with an HMAC of the password field; with the
        # generation in it too, raising the generation ends every session at once, and a
        # session ended so stays ended whatever happens to the account afterwards.
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        return salted_hmac(
            "mentorkit.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def end_every_session(self) -> None:
        """Sign the account out everywhere: every session it has stops at its next request."""
        type(self).objects.filter(pk=self.pk).update(
            session_generation=models.F("session_generation") + 1
        )
        self.refresh_from_db(fields=["session_generation"])

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name.split()[0]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal access token for the JSON API, stored only as a hash."""

    PREFIX = "mk_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        """Create a token; the plain value is returned once and never stored."""
        plain = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_token(plain), hint=plain[:8])
        record(EventKind.TOKEN_CREATED, f"API token “{name}” ({token.hint}…) created.", [user])
        return token, plain

    @classmethod
    def authenticate(cls, plain: str) -> User | None:
        token = (
            cls.objects.active().select_related("user").filter(key_hash=hash_token(plain)).first()
        )
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
        record(
            EventKind.TOKEN_REVOKED, f"API token “{self.name}” ({self.hint}…) revoked.", [self.user]
        )


class InvitationQuerySet(models.QuerySet):
    def by_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class Invitation(models.Model):
    """What every invitation shares: a single-use link that expires.

    The link's token is stored only as a hash; `issue_token` returns the plain
    value, which goes into the e-mail and nowhere else.
    """

    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    invitation_expires_at = models.DateTimeField(null=True, blank=True)
    invitation_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def issue_token(self) -> str:
        from django.conf import settings

        plain = secrets.token_urlsafe(32)
        self.token_hash = hash_token(plain)
        self.invitation_expires_at = timezone.now() + timedelta(days=settings.INVITATION_DAYS)
        self.invitation_used_at = None
        return plain

    def refusal_for(self, user) -> str:
        """Why `user` may not accept this invitation, or '' if they may.

        An invitation is for the account with the address it was sent to (or one that
        has verified that address), so a link that reached someone else opens nothing.
        """
        from allauth.account.models import EmailAddress

        invited = (getattr(self, "invited_email", "") or "").strip().lower()
        if not invited or user.email.strip().lower() == invited:
            return ""
        if EmailAddress.objects.filter(user=user, email__iexact=invited, verified=True).exists():
            return ""
        return (
            f"This invitation was sent to {invited}, and you are signed in as {user.email}. "
            f"Sign out and sign in (or sign up) with {invited} to accept it, or ask for "
            "an invitation to the address of this account."
        )

    @property
    def invitation_problem(self) -> str:
        """Why this invitation can no longer be answered, or '' if it can."""
        if self.invitation_used_at is not None:
            return "This invitation has already been answered; each link works once."
        if self.invitation_expires_at is None or self.invitation_expires_at <= timezone.now():
            return "This invitation has expired. Ask for a new one."
        return ""
