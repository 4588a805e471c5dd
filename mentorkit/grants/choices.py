"""The vocabularies of training-grant reporting, in the words of the NIH tables where they have
words (NIH_TABLES.md says which are confirmed and which are built from other sources)."""

from __future__ import annotations

from django.db import models


class ActivityCode(models.TextChoices):
    T32 = "T32", "T32 (institutional research training)"
    TL1 = "TL1", "TL1 (CTSA training)"
    K12 = "K12", "K12 (institutional career development)"
    KL2 = "KL2", "KL2 (CTSA career development)"
    R25 = "R25", "R25 (research education)"
    OTHER = "other", "Other"


# Kirschstein-NRSA institutional training awards: their trainees' support counts towards the
# aggregate limits (NIH Grants Policy Statement 11.3). K12, KL2 and R25 are not NRSA.
NRSA_ACTIVITY_CODES = frozenset({"T32", "T34", "T35", "TL1"})


class Level(models.TextChoices):
    PREDOC = "predoc", "Pre-doctoral"
    POSTDOC = "postdoc", "Post-doctoral"
    SHORT_TERM = "short_term", "Short-term"
    SCHOLAR = "scholar", "Scholar"


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    APPOINTED = "appointed", "Appointed"
    TERMINATED = "terminated", "Terminated"


class SupportSource(models.TextChoices):
    THIS_GRANT = "this_grant", "This training grant"
    OTHER_TRAINING_GRANT = "other_training_grant", "Another training grant"
    FELLOWSHIP = "fellowship", "An individual fellowship"
    RESEARCH_GRANT = "research_grant", "A research grant"
    INSTITUTIONAL = "institutional", "Institutional funds"
    OTHER = "other", "Other"


# How Table 8's "Summary of Support During Training" writes each source when no grant number
# says more (not confirmed in the instructions: see NIH_TABLES.md).
SUPPORT_ABBREVIATIONS = {
    SupportSource.OTHER_TRAINING_GRANT: "TG",
    SupportSource.FELLOWSHIP: "F",
    SupportSource.RESEARCH_GRANT: "RG",
    SupportSource.INSTITUTIONAL: "Inst",
    SupportSource.OTHER: "Other",
}


class TrainingStatus(models.TextChoices):
    IN_TRAINING = "in_training", "In training"
    COMPLETED = "completed", "Completed"
    LEFT_EARLY = "left_early", "Left early"


class NoPublicationsReason(models.TextChoices):
    """Table 5's allowable reasons for a trainee listed with "No Publications"."""

    NEW_ENTRANT = "new_entrant", "New entrant"
    LEAVE = "leave", "Leave of absence"
    CHANGE_OF_SUPERVISOR = "change_of_supervisor", "Change of research supervisor"
    LEFT_PROGRAM = "left_program", "Left program"
    OTHER = "other", "Other"


class Sector(models.TextChoices):
    ACADEMIA = "academia", "Academia"
    GOVERNMENT = "government", "Government"
    INDUSTRY = "industry", "Industry (for-profit)"
    NONPROFIT = "nonprofit", "Non-profit"
    OTHER = "other", "Other"


class KindOfWork(models.TextChoices):
    RESEARCH_INTENSIVE = "research_intensive", "Research-intensive"
    RESEARCH_RELATED = "research_related", "Research-related"
    TEACHING_INTENSIVE = "teaching_intensive", "Teaching-intensive"
    SCIENCE_RELATED = "science_related", "Science-related"
    FURTHER_TRAINING = "further_training", "Further training"
    OTHER = "other", "Other"


class PositionSource(models.TextChoices):
    TRAINEE = "trainee", "The trainee"
    CHECK_IN = "check_in", "An alumni check-in"
    DIRECTOR = "director", "The program"


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MENTOR = "mentor", "Mentor"
    MEMBER = "member", "Member"
    PROGRAM = "program", "Program representative"


class Progress(models.TextChoices):
    """A committee member's reading of one domain of a scholar's progress."""

    CONCERN = "concern", "A concern"
    SLOWER = "slower", "Slower than planned"
    ON_TRACK = "on_track", "On track"
    AHEAD = "ahead", "Ahead of plan"


# --- reporting demographics (NIH's categories; self-reported, opt-in) ------------------------
# Every question answers "" when left unanswered, and PREFER_NOT when the trainee chose not to
# say: the counts keep the two apart.
PREFER_NOT = "prefer_not"


class SexGender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    ANOTHER = "another", "Another gender"
    PREFER_NOT = PREFER_NOT, "Prefer not to say"


class Race(models.TextChoices):
    AMERICAN_INDIAN = "american_indian", "American Indian or Alaska Native"
    ASIAN = "asian", "Asian"
    BLACK = "black", "Black or African American"
    PACIFIC_ISLANDER = "pacific_islander", "Native Hawaiian or Other Pacific Islander"
    WHITE = "white", "White"
    PREFER_NOT = PREFER_NOT, "Prefer not to say"


class Ethnicity(models.TextChoices):
    HISPANIC = "hispanic", "Hispanic or Latino"
    NOT_HISPANIC = "not_hispanic", "Not Hispanic or Latino"
    PREFER_NOT = PREFER_NOT, "Prefer not to say"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = PREFER_NOT, "Prefer not to say"
