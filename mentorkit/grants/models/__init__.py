"""Training-grant reporting: a program's NIH training grants, its trainees' appointments, their
support year by year, their records (entry, topic, faculty mentors, degrees) and positions.

Every record here is program-level: the trainee sees their own, the program's directors and
administrators see their program's; nobody else — not a mentor, not another trainee. Each
lookup goes through `visible_to(user)` or `run_by(user)`, whose rule is the program's own
(`Program.objects.run_by`).
"""

from .checkins import AlumniCheckIn
from .committees import Assessment, Committee, CommitteeMeeting, CommitteeMember
from .grants import TERMINATION_DAYS, Appointment, TrainingGrant, programs_run_by
from .reporting import Demographics, ProgressDraft
from .trainees import Degree, Position, SupportYear, TraineeRecord

__all__ = [
    "TERMINATION_DAYS",
    "AlumniCheckIn",
    "Appointment",
    "Assessment",
    "Committee",
    "CommitteeMeeting",
    "CommitteeMember",
    "Degree",
    "Demographics",
    "Position",
    "ProgressDraft",
    "SupportYear",
    "TraineeRecord",
    "TrainingGrant",
    "programs_run_by",
]
