"""Outcomes of every kind, successes and failures (practice 7).

An outcome is a paper, grant, abstract, talk, award or promotion and how it
ended. Failures are kept as carefully as successes: a resubmission points to
the attempt it follows (`previous`), a reflection records what was learned and
is shared with the mentors the mentee chooses, and a success can be marked
celebrated with the team.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentorkit.visibility import Visibility, VisibleQuerySet, mentees_mentored_by, signed_in


class OutcomeKind(models.TextChoices):
    PAPER = "paper", "Paper"
    GRANT = "grant", "Grant"
    ABSTRACT = "abstract", "Abstract"
    PRESENTATION = "presentation", "Presentation"
    AWARD = "award", "Award"
    PROMOTION = "promotion", "Promotion"
    OTHER = "other", "Other"


class OutcomeResult(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCESS = "success", "Success"
    FAILURE = "failure", "Failure"
    WITHDRAWN = "withdrawn", "Withdrawn"


class GrantRole(models.TextChoices):
    PI = "pi", "PI"
    MPI = "mpi", "MPI"
    CO_I = "co_i", "Co-I"
    OTHER = "other", "Other"


class PublicAccess(models.TextChoices):
    """A paper's standing under the NIH public access policy (a non-compliant paper arising
    from an award holds up the award's progress report)."""

    COMPLIANT = "compliant", "Compliant (has a PMCID)"
    IN_PROCESS = "in_process", "In process (NIHMS ID, no PMCID yet)"
    NON_COMPLIANT = "non_compliant", "Non-compliant"
    EXEMPT = "exempt", "Not applicable (no NIH funds)"


validate_pmcid = RegexValidator(
    r"^PMC\d{1,10}$", "A PMCID reads PMC followed by digits, e.g. PMC1234567."
)


class OutcomeSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    BIBTEX = "bibtex", "BibTeX"
    RIS = "ris", "RIS"
    PUBMED = "pubmed", "PubMed XML"
    ORCID = "orcid", "ORCID"
    DOI = "doi", "DOI (Crossref)"
    PMID = "pmid", "PMID (PubMed)"
    REPORTER = "reporter", "NIH RePORTER"


_NOT_WORD = re.compile(r"[\W_]+")


def normalise_title(text: str) -> str:
    """The key duplicates are found by: lower-case, accents stripped, punctuation and
    whitespace collapsed. "Café — a Study!" and "cafe a study" share one key."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", bare.casefold()).strip()


KIND_LABELS: dict[str, str] = dict(OutcomeKind.choices)
RESULT_LABELS: dict[str, str] = dict(OutcomeResult.choices)
DECIDED = (OutcomeResult.SUCCESS, OutcomeResult.FAILURE)
# Pending first (no decision yet), then the latest decided, on SQLite and PostgreSQL alike.
NEWEST_FIRST = (
    models.F("decided_on").desc(nulls_first=True),
    models.F("submitted_on").desc(nulls_last=True),
    "-id",
)


class OutcomeQuerySet(VisibleQuerySet):
    def decided(self):
        """Successes and failures: what has an answer (withdrawn and pending have none)."""
        return self.filter(result__in=DECIDED)

    def successes(self):
        return self.filter(result=OutcomeResult.SUCCESS)

    def failures(self):
        return self.filter(result=OutcomeResult.FAILURE)

    def to_celebrate(self, since, until=None):
        """Successes decided from `since` (to `until`) not yet celebrated."""
        return self.successes().filter(
            decided_on__gte=since, decided_on__lte=until or date.max, celebrated_on__isnull=True
        )

    def to_reflect_on(self, since, until=None):
        """Failures decided from `since` (to `until`) with no reflection yet."""
        return self.failures().filter(
            decided_on__gte=since, decided_on__lte=until or date.max, reflection__isnull=True
        )

    def for_list(self):
        """With what a list shows of each row: the attempt it follows, and whether it was
        reflected on (asked once in the query, not per row of the template)."""
        return self.select_related("previous").annotate(
            has_reflection=models.Exists(Reflection.objects.filter(outcome=models.OuterRef("pk")))
        )

    def feed_for(self, viewer):
        """What the team sees: successes, and failures whose reflection is shared with them.

        The mentee's own feed holds their successes and every failure they reflected on.
        """
        shared = Reflection.objects.filter(shared_with=viewer).values("outcome_id")
        return (
            self.visible_to(viewer)
            .filter(
                Q(result=OutcomeResult.SUCCESS)
                | Q(result=OutcomeResult.FAILURE, pk__in=shared)
                | Q(result=OutcomeResult.FAILURE, mentee=viewer, reflection__isnull=False)
            )
            .exclude(decided_on__isnull=True)
        )


class Outcome(models.Model):
    """A paper, grant, abstract, talk, award or promotion, and how it ended."""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices, default=OutcomeKind.PAPER)
    title = models.CharField(max_length=500)
    venue = models.CharField("venue or funder", max_length=300, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    result = models.CharField(
        max_length=20, choices=OutcomeResult.choices, default=OutcomeResult.PENDING
    )
    details = models.TextField(blank=True, help_text="Impact score or percentile, a decision…")
    authors = models.TextField(blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    pmid = models.CharField("PMID", max_length=20, blank=True)
    url = models.URLField(max_length=500, blank=True)
    # A paper's PubMed Central id and public-access standing (the NIH tables and progress report).
    pmcid = models.CharField("PMCID", max_length=20, blank=True, validators=[validate_pmcid])
    public_access = models.CharField(
        "public access", max_length=14, choices=PublicAccess.choices, blank=True
    )
    # A grant's award: what Table 8's "Subsequent Grant(s)/Role/Year Awarded" reads.
    activity_code = models.CharField(
        max_length=5, blank=True, help_text="For a grant: R01, K23, F32…"
    )
    award_number = models.CharField(max_length=40, blank=True)
    agency = models.CharField(max_length=120, blank=True, help_text="NIH, AHA, NSF…")
    role = models.CharField("your role", max_length=5, choices=GrantRole.choices, blank=True)
    project_start = models.DateField("project period starts", null=True, blank=True)
    project_end = models.DateField("project period ends", null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_attempts",
        help_text="The earlier attempt this one follows (a resubmission).",
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    source = models.CharField(
        max_length=10, choices=OutcomeSource.choices, default=OutcomeSource.MANUAL
    )
    title_key = models.CharField(max_length=500, blank=True, editable=False)
    celebrated_on = models.DateField(null=True, blank=True)
    celebration_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["mentee", "title_key"]),
            models.Index(fields=["mentee", "doi"]),
            models.Index(fields=["mentee", "pmid"]),
            models.Index(fields=["mentee", "decided_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(submitted_on__isnull=True)
                | Q(decided_on__gte=models.F("submitted_on")),
                name="outcome_decided_after_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(result__in=DECIDED) | Q(decided_on__isnull=False),
                name="outcome_decided_has_date",
            ),
            models.CheckConstraint(
                condition=Q(celebrated_on__isnull=True) | Q(result=OutcomeResult.SUCCESS),
                name="outcome_celebrates_success",
            ),
            models.CheckConstraint(
                condition=Q(project_end__isnull=True)
                | Q(project_start__isnull=True)
                | Q(project_end__gte=models.F("project_start")),
                name="outcome_project_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = normalise_title(self.title)[: self._meta.get_field("title_key").max_length]
        if kwargs.get("update_fields") is not None and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "title_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("outcomes:detail", args=[self.pk])

    @property
    def kind_label(self) -> str:
        """`get_kind_display()` without rebuilding the choices on every call (lists of rows)."""
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def result_label(self) -> str:
        return RESULT_LABELS.get(self.result, self.result)

    @property
    def is_decided(self) -> bool:
        return self.result in DECIDED

    @property
    def day(self):
        """Where it sits on a timeline: the decision, else the submission."""
        return self.decided_on or self.submitted_on

    def next_attempt(self) -> dict:
        """What the form for this outcome's resubmission starts from: the same work, by the
        same people, pending, following this attempt."""
        return {
            "kind": self.kind,
            "title": self.title,
            "venue": self.venue,
            "authors": self.authors,
            "previous": self.pk,
            "visibility": self.visibility,
            "result": OutcomeResult.PENDING,
        }

    def chain(self) -> list[Outcome]:
        """Every attempt from the first to the last, this one included, in order.

        Follows `previous` back and `next_attempts` forward with one query for the
        mentee's linked outcomes, so a long resubmission history costs the same.
        """
        linked = {
            o.pk: o
            for o in Outcome.objects.filter(mentee_id=self.mentee_id)
            .filter(Q(previous__isnull=False) | Q(next_attempts__isnull=False) | Q(pk=self.pk))
            .distinct()
        }
        linked[self.pk] = self
        first, seen = self, {self.pk}
        while first.previous_id and first.previous_id in linked and first.previous_id not in seen:
            first = linked[first.previous_id]
            seen.add(first.pk)
        following: dict[int, list[Outcome]] = {}
        for o in linked.values():
            if o.previous_id:
                following.setdefault(o.previous_id, []).append(o)
        ordered, queue, visited = [], [first], set()
        while queue:
            node = queue.pop(0)
            if node.pk in visited:
                continue
            visited.add(node.pk)
            ordered.append(node)
            queue.extend(
                sorted(
                    following.get(node.pk, []), key=lambda o: (o.day or o.created_at.date(), o.pk)
                )
            )
        return ordered

    def loops_with(self, previous: Outcome | None) -> bool:
        """Would following `previous` lead back to this outcome?"""
        if previous is None or self.pk is None:
            return False
        links = dict(
            Outcome.objects.filter(mentee_id=self.mentee_id, previous__isnull=False).values_list(
                "pk", "previous_id"
            )
        )
        node: int | None = previous.pk
        seen: set[int] = set()
        while node is not None and node not in seen:
            if node == self.pk:
                return True
            seen.add(node)
            node = links.get(node)
        return False


class ReflectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The mentee, and the mentors they shared it with while the mentorship is active."""
        if not signed_in(user):
            return self.none()
        return self.filter(
            Q(outcome__mentee=user)
            | Q(shared_with=user, outcome__mentee_id__in=mentees_mentored_by(user))
        ).distinct()


class Reflection(models.Model):
    """What happened, what was learned, what comes next: one per outcome, failures above all."""

    outcome = models.OneToOneField(Outcome, on_delete=models.CASCADE, related_name="reflection")
    what_happened = models.TextField()
    learned = models.TextField("what I learned", blank=True)
    next_steps = models.TextField(blank=True)
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="reflections_shared_with_me",
        help_text="The mentors who can read it.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ReflectionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Reflection on {self.outcome}"
