"""Who may open what: every URL of the project, requested as every role.

`TABLE` states, for each route and method, the answer each role gets, in the
order of `ROLES`. The objects in the URLs all belong to mentee_a (see
`objects`), so a row reads as "who may touch mentee_a's <thing>". What a user
may not see answers 404, never 403 (design.md, "Who sees what").

A route of the URL configuration with no row fails `test_every_route_has_a_row`,
and so does a row whose route is gone. The Django admin and allauth are classified
by prefix in `GROUPED`, with a few of their pages requested as samples in `TABLE`.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from mentorkit.accounts.models import ApiToken
from mentorkit.feedback import actions as feedback_actions
from mentorkit.feedback.models import EvaluationWindow, FeedbackRequest
from mentorkit.grants.models import (
    Appointment,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    Degree,
    Position,
    ProgressDraft,
    TraineeRecord,
    TrainingGrant,
)
from mentorkit.growth.models import Activity, Contribution, IndependenceMarker
from mentorkit.matching.models import MatchRound
from mentorkit.meetings.models import ActionItem, AgendaItem, Disagreement, Series
from mentorkit.outcomes.models import Outcome, Reflection
from mentorkit.plans.models import Goal, Milestone, Plan
from mentorkit.teams import actions as team_actions
from mentorkit.teams.models import Agreement, Insight, MentorNote, Mentorship, Need
from mentorkit.training.models import TrainingRecord
from mentorkit.visibility import Visibility
from tests.conftest import make_everyone, make_user, once_per_module

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "mentee_a",
    "mentee_b",
    "mentor_a",
    "former_mentor",
    "unrelated_mentor",
    "director",
    "staff",
    "coordinator",
)

# Each row: one answer per role, in the order of ROLES:
#   anonymous mentee_a mentee_b mentor_a former_mentor unrelated_mentor director staff
# "login" is a redirect to a sign-in page; anything else is the HTTP status. The program's
# administrator (coordinator) gets what mentee_b, someone unrelated to mentee_a, gets,
# except on the routes of `COORDINATOR` below.
ANY_USER = "login 200 200 200 200 200 200 200"
OWNER_ONLY = "login 200 404 404 404 404 404 404"
OWNER_ONLY_POST = "login 302 404 404 404 404 404 404"
GET_ON_POST_ONLY = "login 405 405 405 405 405 405 405"
STAFF_ONLY = "login login login login login login login 200"
# The mentee and their active mentor (mentor_a).
TEAM = "login 200 404 200 404 404 404 404"
TEAM_POST = "login 302 404 302 404 404 404 404"
# The JSON API authenticates with a personal access token, never the session: a
# request without one is a 401.
API_ANY_TOKEN = "401 200 200 200 200 200 200 200"
SCIM_REFUSED = "401 401 401 401 401 401 401 401"
API_OWNER_ONLY = "401 200 404 404 404 404 404 404"
API_TEAM = "401 200 404 200 404 404 404 404"

TABLE: dict[str, dict] = {
    # --- pages that belong to no app ---
    "": {"GET": ANY_USER},
    "first-steps/dismiss/": {"GET": GET_ON_POST_ONLY, "POST": "login 302 302 302 302 302 302 302"},
    "healthz": {"GET": "200 200 200 200 200 200 200 200"},
    # A fresh, unanswered invitation link opens for anyone: the invitee may not
    # have an account yet.
    "invitations/<str:kind>/<str:token>/": {
        "args": {"kind": "invitation_kind", "token": "invitation_token"},
        "GET": "200 200 200 200 200 200 200 200",
    },
    # --- accounts ---
    "profile/": {"GET": ANY_USER},
    # A new secret address for one's own calendar feed.
    "profile/calendar/": {"GET": GET_ON_POST_ONLY, "POST": "login 302 302 302 302 302 302 302"},
    "profile/tokens/": {
        "GET": GET_ON_POST_ONLY,
        "POST": "login 302 302 302 302 302 302 302",
        "data": {"name": "laptop"},
    },
    # Deleting one's own account: the preview for anyone signed in; deleting asks for the
    # password again first (a redirect), and a wrong address would delete nothing anyway.
    "profile/delete/": {
        "GET": ANY_USER,
        "POST": "login 302 302 302 302 302 302 302",
        "data": {"email": "nobody@example.org"},
    },
    # One's own portable workspace, whoever asks: the view takes no argument.
    "profile/workspace/": {"GET": GET_ON_POST_ONLY, "POST": "login 200 200 200 200 200 200 200"},
    "profile/tokens/<int:pk>/revoke/": {
        "args": {"pk": "api_token"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,
    },
    # --- programs: a program's dashboard is for its directors only ---
    "programs/": {"GET": ANY_USER},
    "programs/<int:pk>/": {"args": {"pk": "program"}, "GET": "login 404 404 404 404 404 200 404"},
    "programs/<int:pk>/import/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/nudges/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/export/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    # The mentor directory: the program's active mentees (who ask a mentor from it; an empty
    # request is refused back to the directory) and those who run it.
    "programs/<int:pk>/directory/": {
        "args": {"pk": "program"},
        "GET": "login 200 404 404 404 404 200 404",
    },
    "programs/<int:pk>/directory/<int:mentor_id>/request/": {
        "args": {"pk": "program", "mentor_id": "mentor_a_id"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 302 404 404 404 404 404 404",
    },
    "programs/<int:pk>/directory/<int:mentor_id>/prefer/": {
        "args": {"pk": "program", "mentor_id": "mentor_a_id"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 302 404 404 404 404 404 404",
    },
    # Matching rounds: the program's directors only (they read needs marked for the program).
    "programs/<int:pk>/rounds/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/rounds/<int:round_pk>/": {
        "args": {"pk": "program", "round_pk": "match_round"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    "programs/<int:pk>/rounds/<int:round_pk>/pair/": {
        "args": {"pk": "program", "round_pk": "match_round"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 404 404 404 302 404",
    },
    "programs/<int:pk>/rounds/<int:round_pk>/publish/": {
        "args": {"pk": "program", "round_pk": "match_round"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 404 404 404 302 404",
    },
    "programs/<int:pk>/rounds/<int:round_pk>/prefer/": {
        "args": {"pk": "program", "round_pk": "match_round"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 404 404 404 302 404",
    },
    # The institution's directory: anyone signed in reads it; only a mentor who listed
    # themselves can be asked (mentor_a did not: 404 for everyone).
    "directory/": {"GET": ANY_USER},
    "directory/<int:mentor_id>/request/": {
        "args": {"mentor_id": "mentor_a_id"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 404 404 404 404 404",
    },
    # How many of the program's mentees a mentor takes: its mentors only (mentor_a mentors
    # mentee_a; an empty form means "no limit here" and is saved).
    "programs/<int:pk>/my-capacity/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 200 404 404 404 404",
        "POST": "login 404 404 302 404 404 404 404",
    },
    # The check-in rules: the program's directors set them, its administrators do not.
    "programs/<int:pk>/rules/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    # Confidential exits: each person sees only those sent to them as a neutral contact
    # (none in this world); leaving one's own mentorship needs a program with such a contact.
    "programs/exits/": {"GET": ANY_USER},
    "programs/exits/<int:pk>/handled/": {
        "args": {"pk": "mentorship"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 404 404 404 404 404",
    },
    "programs/leave/<int:mentorship_pk>/": {
        "args": {"mentorship_pk": "mentorship"},
        "GET": "login 404 404 404 404 404 404 404",
    },
    "programs/<int:pk>/mentors/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    # Mentor training: one's own page (and records); a program's list, its directors only.
    "training/": {"GET": ANY_USER, "POST": "login 400 400 400 400 400 400 400"},
    "training/<int:pk>/delete/": {
        "args": {"pk": "training_record"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 302 404 404 404 404",
    },
    "programs/<int:pk>/training/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    "programs/<int:pk>/training.csv": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    "programs/<int:pk>/training/<int:record_id>/verify/": {
        "args": {"pk": "program", "record_id": "training_record"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 404 404 404 302 404",
    },
    # Training grants: the program's grants, appointments and trainee records, for those who
    # run it; mentee_a's own record on her own page; never her mentors or another mentee.
    "programs/<int:pk>/grants/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/grants/<int:grant_id>/": {
        "args": {"pk": "program", "grant_id": "training_grant"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/grants/<int:grant_id>/appoint/": {
        "args": {"pk": "program", "grant_id": "training_grant"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/appointments/<int:appointment_id>/": {
        "args": {"pk": "program", "appointment_id": "appointment"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/trainees/new/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/trainees/<int:record_id>/": {
        "args": {"pk": "program", "record_id": "trainee_record"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/trainees/<int:record_id>/<str:kind>/<int:item_id>/remove/": {
        "args": {
            "pk": "program",
            "record_id": "trainee_record",
            "kind": "degree_kind",
            "item_id": "degree",
        },
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 404 404 404 302 404",
    },
    "programs/<int:pk>/positions/<int:position_id>/": {
        "args": {"pk": "program", "position_id": "position"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/reports/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    "programs/<int:pk>/reports/table5.<str:fmt>": {
        "args": {"pk": "program", "fmt": "table_format"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    "programs/<int:pk>/reports/table8.<str:fmt>": {
        "args": {"pk": "program", "fmt": "table_format"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    # The progress report's section on trainees and the CTSA common metric read what
    # trainees marked for the program: its directors only.
    "programs/<int:pk>/reports/progress.<str:fmt>": {
        "args": {"pk": "program", "fmt": "report_format"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    "programs/<int:pk>/reports/common-metric.csv": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    "me/training-record/": {"GET": ANY_USER, "POST": ANY_USER},
    # Reporting demographics: one's own (an empty form is a valid answer: every question may
    # stay unanswered), withdrawn by a POST; the program's counts for those who run it.
    "me/training-record/demographics/": {
        "GET": ANY_USER,
        "POST": "login 302 302 302 302 302 302 302",
    },
    "me/training-record/demographics/withdraw/": {
        "GET": GET_ON_POST_ONLY,
        "POST": "login 302 302 302 302 302 302 302",
    },
    "programs/<int:pk>/reports/demographics.csv": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    # The progress report's paragraphs: its directors edit them (an empty one is refused);
    # mentee_a's primary mentor (mentor_a) alone confirms hers.
    "programs/<int:pk>/reports/progress/": {
        "args": {"pk": "program"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    "programs/<int:pk>/reports/progress/<int:record_id>/": {
        "args": {"pk": "program", "record_id": "trainee_record"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "mentoring/progress-paragraphs/": {"GET": ANY_USER},
    "mentoring/progress-paragraphs/<int:draft_id>/": {
        "args": {"draft_id": "progress_draft"},
        "GET": "login 404 404 200 404 404 404 404",
        "POST": "login 404 404 302 404 404 404 404",
    },
    # Awards from NIH RePORTER: on mentee_a's record (its directors), on her own; a POST
    # without a file is refused.
    "programs/<int:pk>/trainees/<int:record_id>/reporter/": {
        "args": {"pk": "program", "record_id": "trainee_record"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "me/training-record/reporter/": {
        "GET": OWNER_ONLY,
        "POST": "login 400 404 404 404 404 404 404",
    },
    "me/training-record/positions/<int:position_id>/": {
        "args": {"position_id": "position"},
        "GET": OWNER_ONLY,
        "POST": "login 400 404 404 404 404 404 404",
    },
    "me/training-record/<str:kind>/<int:item_id>/remove/": {
        "args": {"kind": "degree_kind", "item_id": "degree"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,
    },
    # Committee meetings: the program's directors and administrators arrange mentee_a's
    # committee; its meetings (their packets hold what she marked for the program) open for
    # her, its members (mentor_a) and the directors; a member alone writes an assessment, the
    # chair or a director the summary (an empty one is saved).
    "programs/<int:pk>/trainees/<int:record_id>/committee/": {
        "args": {"pk": "program", "record_id": "trainee_record"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    "programs/<int:pk>/trainees/<int:record_id>/committee/members/<int:member_id>/remove/": {
        "args": {"pk": "program", "record_id": "trainee_record", "member_id": "committee_member"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 404 404 404 302 404",
    },
    "committee-meetings/<int:meeting_id>/": {
        "args": {"meeting_id": "committee_meeting"},
        "GET": "login 200 404 200 404 404 200 404",
        "POST": "login 404 404 404 404 404 302 404",
    },
    "committee-meetings/<int:meeting_id>/assessment/": {
        "args": {"meeting_id": "committee_meeting"},
        "GET": "login 404 404 200 404 404 404 404",
        "POST": "login 404 404 400 404 404 404 404",
    },
    "committee-meetings/<int:meeting_id>/summary.<str:fmt>": {
        "args": {"meeting_id": "committee_meeting", "fmt": "summary_format"},
        "GET": "login 200 404 200 404 404 200 404",
    },
    "me/committees/": {"GET": ANY_USER},
    # One's own check-in (mentee_a has a current position to confirm: an empty answer is
    # refused).
    "me/training-record/check-in/<int:record_id>/": {
        "args": {"record_id": "trainee_record"},
        "GET": OWNER_ONLY,
        "POST": "login 400 404 404 404 404 404 404",
    },
    # mentee_a as her program sees her: its directors only (not her, not her mentors).
    "programs/<int:pk>/mentees/<int:mentee_id>/": {
        "args": {"pk": "program", "mentee_id": "mentee_a_id"},
        "GET": "login 404 404 404 404 404 200 404",
        "POST": "login 404 404 404 404 404 400 404",
    },
    # --- the mentee's team ---
    "team/": {"GET": ANY_USER},
    "team/invite/": {"GET": ANY_USER},
    # mentor_a's mentorship with mentee_a: both of them see it, nobody else.
    "team/mentorships/<int:pk>/": {
        "args": {"pk": "mentorship"},
        "GET": "login 200 404 200 404 404 404 404",
    },
    "team/mentorships/<int:pk>/edit/": {"args": {"pk": "mentorship"}, "GET": OWNER_ONLY},
    # Sending an invitation again: the mentee's (an active mentorship is refused, back to its page).
    "team/mentorships/<int:pk>/resend/": {
        "args": {"pk": "mentorship"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,
    },
    # Ending a mentorship: either of its two members.
    "team/mentorships/<int:pk>/end/": {
        "args": {"pk": "mentorship"},
        "GET": TEAM,
        "POST": "login 400 404 400 404 404 404 404",
    },
    # A new mentor in the place of an ended mentorship: its mentee only (an empty form is
    # refused with its messages); for the former mentor it is over.
    "team/mentorships/<int:pk>/replace/": {
        "args": {"pk": "ended_mentorship"},
        "GET": OWNER_ONLY,
        "POST": "login 400 404 404 404 404 404 404",
    },
    "team/needs/new/": {"GET": ANY_USER},
    # A need shared with the team: mentors read it (on their view), only the mentee edits.
    "team/needs/<int:pk>/edit/": {"args": {"pk": "need"}, "GET": OWNER_ONLY},
    "team/needs/<int:pk>/delete/": {
        "args": {"pk": "need"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,
    },
    "team/needs/<int:pk>/cover/<int:mentorship_pk>/": {
        "args": {"pk": "need", "mentorship_pk": "mentorship"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,
    },
    "team/insights/": {"GET": ANY_USER},
    "team/insights/<int:pk>/share/": {
        "args": {"pk": "insight"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,
    },
    # --- the agreement with the whole team: the mentee and active mentors are parties ---
    "agreements/": {"GET": ANY_USER},
    "agreements/new/": {"GET": ANY_USER},
    "agreements/<int:pk>/": {
        "args": {"pk": "agreement"},
        "GET": "login 200 404 200 404 404 404 404",
    },
    # Any party may propose a change; everyone acknowledges the new version.
    "agreements/<int:pk>/edit/": {
        "args": {"pk": "agreement"},
        "GET": "login 200 404 200 404 404 404 404",
    },
    "agreements/<int:pk>/acknowledge/": {
        "args": {"pk": "agreement"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 302 404 302 404 404 404 404",
    },
    # --- the mentor's view of mentee_a, with mentor_a's private notes: mentor_a only ---
    # Anyone's own list of the people they mentor (empty for most).
    "mentoring/": {"GET": ANY_USER},
    "mentoring/<int:pk>/": {
        "args": {"pk": "mentorship"},
        "GET": "login 404 404 200 404 404 404 404",
    },
    # --- meetings of mentee_a with mentor_a: the two of them, nobody else ---
    "meetings/": {"GET": ANY_USER},
    "meetings/series/new/": {"GET": ANY_USER},
    "meetings/series/<int:pk>/": {"args": {"pk": "series"}, "GET": TEAM},
    "meetings/series/<int:pk>/edit/": {"args": {"pk": "series"}, "GET": TEAM},
    "meetings/<int:pk>/": {"args": {"pk": "meeting"}, "GET": TEAM},
    # An empty form comes back with its messages (200) to those who may write.
    "meetings/<int:pk>/notes/": {"args": {"pk": "meeting"}, "GET": GET_ON_POST_ONLY, "POST": TEAM},
    "meetings/<int:pk>/disagreements/": {
        "args": {"pk": "meeting"},
        "GET": GET_ON_POST_ONLY,
        "POST": TEAM,
    },
    "meetings/<int:pk>/skip/": {
        "args": {"pk": "meeting"},
        "GET": GET_ON_POST_ONLY,
        "POST": TEAM_POST,
    },
    "meetings/<int:pk>/move/": {
        "args": {"pk": "meeting"},
        "GET": GET_ON_POST_ONLY,
        "POST": TEAM_POST,
    },
    "meetings/<int:pk>/agenda/": {
        "args": {"pk": "meeting"},
        "GET": GET_ON_POST_ONLY,
        "POST": TEAM_POST,
        "data": {"title": "Conference travel"},
    },
    "meetings/agenda/<int:pk>/<str:operation>/": {
        "args": {"pk": "agenda_item", "operation": "agenda_operation"},
        "GET": GET_ON_POST_ONLY,
        "POST": TEAM_POST,
    },
    "meetings/<int:pk>/actions/": {
        "args": {"pk": "meeting"},
        "GET": GET_ON_POST_ONLY,
        "POST": TEAM_POST,
    },
    "meetings/series/<int:pk>.ics": {"args": {"pk": "series"}, "GET": TEAM},
    "meetings/<int:pk>.ics": {"args": {"pk": "meeting"}, "GET": TEAM},
    # The secret address is the credential: calendar software signs in to nothing.
    "calendar/<str:token>.ics": {
        "args": {"token": "calendar_token"},
        "GET": "200 200 200 200 200 200 200 200",
    },
    "actions/": {"GET": ANY_USER},
    "actions/<int:pk>/status/": {
        "args": {"pk": "action_item"},
        "GET": GET_ON_POST_ONLY,
        "POST": TEAM_POST,
        "data": {"status": "done"},
    },
    # --- the career development plan, shared with the team: the mentee owns the plan,
    # active mentors read it and may review and change goals with the mentee ---
    "plan/": {"GET": "login 302 200 200 200 200 200 200"},  # mentee_a: to her active plan
    "plan/new/": {"GET": ANY_USER},
    "plan/review/": {"GET": ANY_USER},
    "plan/<int:pk>/": {"args": {"pk": "plan"}, "GET": TEAM},
    "plan/<int:pk>/edit/": {"args": {"pk": "plan"}, "GET": OWNER_ONLY},
    "plan/<int:pk>/idp.<str:fmt>": {"args": {"pk": "plan", "fmt": "idp_format"}, "GET": TEAM},
    "plan/<int:pk>/goals/new/": {"args": {"pk": "plan"}, "GET": OWNER_ONLY},
    "plan/goals/<int:pk>/": {"args": {"pk": "goal"}, "GET": TEAM},
    "plan/goals/<int:pk>/edit/": {"args": {"pk": "goal"}, "GET": TEAM},
    # An empty form comes back with its messages (400) to those who may write.
    "plan/goals/<int:pk>/review/": {
        "args": {"pk": "goal"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 400 404 400 404 404 404 404",
    },
    "plan/goals/<int:pk>/milestones/": {
        "args": {"pk": "goal"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 400 404 400 404 404 404 404",
    },
    "plan/milestones/<int:pk>/<str:operation>/": {
        "args": {"pk": "milestone", "operation": "milestone_operation"},
        "GET": GET_ON_POST_ONLY,
        "POST": TEAM_POST,
    },
    # --- feedback: between the mentee and that mentor; evaluations by program ---
    "feedback/": {"GET": ANY_USER},
    "feedback/ask/": {"GET": ANY_USER},
    "feedback/requests/<int:pk>/": {"args": {"pk": "feedback_request"}, "GET": TEAM},
    "feedback/requests/<int:pk>/withdraw/": {
        "args": {"pk": "feedback_request"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,  # mentee_a asked
    },
    "feedback/give/<int:mentorship_pk>/": {"args": {"mentorship_pk": "mentorship"}, "GET": TEAM},
    "feedback/<int:pk>/": {"args": {"pk": "feedback"}, "GET": TEAM},
    # mentor_a gave it; only mentee_a, who received it, says what was done (an empty form: 400).
    "feedback/<int:pk>/act/": {
        "args": {"pk": "feedback"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 400 404 404 404 404 404 404",
    },
    "feedback/style/<int:mentorship_pk>/": {"args": {"mentorship_pk": "mentorship"}, "GET": TEAM},
    "feedback/style/<int:mentorship_pk>/self/": {
        "args": {"mentorship_pk": "mentorship"},
        "GET": "login 404 404 200 404 404 404 404",
    },
    "feedback/evaluations/": {"GET": ANY_USER},
    "feedback/evaluations/new/": {"GET": "login 404 404 404 404 404 200 404"},
    # The program's window: its director, its mentees, and mentors of its mentees (a former
    # one included: their own results stay theirs).
    "feedback/evaluations/<int:pk>/": {
        "args": {"pk": "window"},
        "GET": "login 200 404 200 200 404 200 404",
    },
    "feedback/evaluations/<int:pk>/close/": {
        "args": {"pk": "window"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 404 404 404 302 404",
    },
    "feedback/evaluations/<int:pk>/results.csv": {
        "args": {"pk": "closed_window"},
        "GET": "login 404 404 404 404 404 200 404",
    },
    "feedback/evaluations/<int:pk>/evaluate/<int:mentorship_pk>/": {
        "args": {"pk": "window", "mentorship_pk": "mentorship"},
        "GET": OWNER_ONLY,
    },
    # --- what the mentee offers: their ledger; each mentor sees and acknowledges their own ---
    "growth/": {"GET": ANY_USER},
    "growth/contributions/new/": {
        "GET": "login 302 302 302 302 302 302 302",  # the form lives on the ledger page
        "POST": "login 400 400 400 400 400 400 400",
    },
    "growth/contributions/<int:pk>/acknowledge/": {
        "args": {"pk": "contribution"},
        "GET": GET_ON_POST_ONLY,
        "POST": "login 404 404 302 404 404 404 404",
    },
    # --- autonomy: mentee_a's activity and marker, shared with the team. Only the mentee
    # edits; an active mentor reads the mentee's page (the mentee is sent to their own). An
    # empty form is refused (400) before anything is saved. ---
    "growth/autonomy/": {"GET": ANY_USER},
    "growth/autonomy/<int:mentee_id>/": {
        "args": {"mentee_id": "mentee_a_id"},
        "GET": "login 302 404 200 404 404 404 404",
    },
    "growth/activities/new/": {"GET": ANY_USER, "POST": "login 400 400 400 400 400 400 400"},
    "growth/activities/<int:pk>/": {"args": {"pk": "activity"}, "GET": OWNER_ONLY},
    "growth/activities/<int:pk>/delete/": {
        "args": {"pk": "activity"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,
    },
    "growth/markers/new/": {"GET": ANY_USER, "POST": "login 400 400 400 400 400 400 400"},
    "growth/markers/<int:pk>/": {"args": {"pk": "marker"}, "GET": OWNER_ONLY},
    "growth/markers/<int:pk>/delete/": {
        "args": {"pk": "marker"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,
    },
    # --- outcomes: mentee_a's success, shared with the team; its reflection is shared with
    # mentor_a. Only the mentee writes; each user's CV and outputs list are their own. ---
    "outcomes/": {"GET": ANY_USER},
    "outcomes/new/": {"GET": ANY_USER},
    "outcomes/<int:pk>/": {"args": {"pk": "outcome"}, "GET": TEAM},
    "outcomes/<int:pk>/edit/": {"args": {"pk": "outcome"}, "GET": OWNER_ONLY},
    "outcomes/<int:pk>/delete/": {
        "args": {"pk": "outcome"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,
    },
    "outcomes/<int:pk>/reflection/": {"args": {"pk": "outcome"}, "GET": OWNER_ONLY},
    "outcomes/<int:pk>/celebrate/": {
        "args": {"pk": "outcome"},
        "GET": GET_ON_POST_ONLY,
        "POST": OWNER_ONLY_POST,
    },
    "outcomes/cv.<str:fmt>": {"args": {"fmt": "report_format"}, "GET": ANY_USER},
    "outcomes/biosketch.<str:fmt>": {"args": {"fmt": "report_format"}, "GET": ANY_USER},
    # --- importing publications: always into one's own outcomes, so open to every user;
    # an empty form is refused (400) before anything is read ---
    "outcomes/import/": {"GET": ANY_USER, "POST": "login 400 400 400 400 400 400 400"},
    "outcomes/import/fetch/": {
        "GET": GET_ON_POST_ONLY,
        "POST": "login 400 400 400 400 400 400 400",
    },
    "outcomes/import/confirm/": {
        "GET": GET_ON_POST_ONLY,
        "POST": "login 400 400 400 400 400 400 400",
    },
    # --- SCIM: a provider's bearer token or nothing; neither a session nor an API token ---
    "scim/v2/Users": {"GET": SCIM_REFUSED, "POST": SCIM_REFUSED, "json": {}},
    "scim/v2/Groups": {"GET": SCIM_REFUSED},
    # --- the JSON API (tokens, see `fetch`) ---
    "api/v1/": {"GET": "404 404 404 404 404 404 404 404"},
    "api/v1/docs": {"GET": "200 200 200 200 200 200 200 200"},
    "api/v1/openapi.json": {"GET": "200 200 200 200 200 200 200 200"},
    "api/v1/me": {"GET": API_ANY_TOKEN},
    "api/v1/mentorships": {
        "GET": API_ANY_TOKEN,
        "POST": "401 201 201 201 201 201 201 201",
        "json": {"email": "new.colleague@example.org"},
    },
    "api/v1/mentorships/<mentorship_id>": {
        "args": {"mentorship_id": "mentorship"},
        "GET": "401 200 404 200 404 404 404 404",
        "PATCH": API_OWNER_ONLY,
        "json": {},
    },
    # An empty body is refused (422) before any lookup, so the answer tells nobody anything;
    # test_team_records_api ends one as each member.
    "api/v1/mentorships/<mentorship_id>/end": {
        "args": {"mentorship_id": "mentorship"},
        "GET": "405 405 405 405 405 405 405 405",
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/me/capacity": {"GET": API_ANY_TOKEN, "PATCH": API_ANY_TOKEN, "json": {}},
    "api/v1/mentor-training": {
        "GET": API_ANY_TOKEN,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/programs/<program_id>/mentors": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
    },
    "api/v1/needs": {
        "GET": API_ANY_TOKEN,
        "POST": "401 201 201 201 201 201 201 201",
        "json": {"name": "Leadership"},
    },
    "api/v1/needs/<need_id>": {
        "args": {"need_id": "need"},
        "GET": "401 200 404 200 404 404 404 404",
        "PATCH": API_OWNER_ONLY,
        "DELETE": "401 204 404 404 404 404 404 404",
        "json": {},
    },
    # The agreement: its parties read it, change it (a change without its reason is a 422
    # before any lookup)
    # and acknowledge it.
    "api/v1/agreements": {"GET": API_ANY_TOKEN},
    "api/v1/agreements/<agreement_id>": {
        "args": {"agreement_id": "agreement"},
        "GET": API_TEAM,
        "PATCH": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/agreements/<agreement_id>/acknowledge": {
        "args": {"agreement_id": "agreement"},
        "POST": API_TEAM,
        "json": {},
    },
    # mentee_a's insight is private: hers alone, to read and to share with her primaries.
    "api/v1/insights": {
        "GET": API_ANY_TOKEN,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/insights/<insight_id>": {"args": {"insight_id": "insight"}, "GET": API_OWNER_ONLY},
    "api/v1/insights/<insight_id>/share": {
        "args": {"insight_id": "insight"},
        "POST": API_OWNER_ONLY,
        "DELETE": API_OWNER_ONLY,
        "json": {},
    },
    # A mentor's private notes: mentor_a's own, for mentor_a only (not even the mentee).
    "api/v1/mentorships/<mentorship_id>/notes": {
        "args": {"mentorship_id": "mentorship"},
        "GET": "401 404 404 200 404 404 404 404",
        "POST": "401 404 404 201 404 404 404 404",
        "json": {"body": "Ask about the K award"},
    },
    # A program's training grants (those who run it) and its NIH tables (its directors).
    "api/v1/programs/<program_id>/grants": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
    },
    "api/v1/programs/<program_id>/reports/progress": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
    },
    # Awards from NIH RePORTER on mentee_a's record (its directors): a body that is not a
    # search answer, a token that is not a preview's, are refused after the lookup.
    "api/v1/programs/<program_id>/trainees/<record_id>/reporter/preview": {
        "args": {"program_id": "program", "record_id": "trainee_record"},
        "POST": "401 404 404 404 404 404 422 404",
        "json": {"content": "{not json"},
    },
    "api/v1/programs/<program_id>/trainees/<record_id>/reporter/confirm": {
        "args": {"program_id": "program", "record_id": "trainee_record"},
        "POST": "401 404 404 404 404 404 422 404",
        "json": {"token": "forged"},
    },
    "api/v1/programs/<program_id>/reports/common-metric": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
    },
    "api/v1/programs/<program_id>/reports/table5": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
    },
    "api/v1/programs/<program_id>/reports/table8": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
    },
    # A director's programs and their roster.
    "api/v1/programs": {"GET": API_ANY_TOKEN},
    "api/v1/programs/<program_id>": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
    },
    "api/v1/programs/<program_id>/enrollments": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
    },
    # The program console's writes: a nudge or a confirmation without its fields is refused
    # before any lookup (422); a preview (every field optional) looks the program up first.
    "api/v1/programs/<program_id>/nudges": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/programs/<program_id>/import/preview": {
        "args": {"program_id": "program"},
        "POST": "401 404 404 404 404 404 422 404",
        "json": {},
    },
    "api/v1/programs/<program_id>/import/confirm": {
        "args": {"program_id": "program"},
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    # Matching through the API: the directory for the program's active mentees and those who
    # run it; a request for its mentees (an empty body is a request for a research mentor,
    # refused here as mentor_a is on mentee_a's team already); rounds for its directors.
    "api/v1/programs/<program_id>/directory": {
        "args": {"program_id": "program"},
        "GET": "401 200 404 404 404 404 200 404",
    },
    "api/v1/programs/<program_id>/directory/<mentor_id>/request": {
        "args": {"program_id": "program", "mentor_id": "mentor_a_id"},
        "POST": "401 400 404 404 404 404 404 404",
        "json": {},
    },
    "api/v1/programs/<program_id>/rounds": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/programs/<program_id>/rounds/<round_id>": {
        "args": {"program_id": "program", "round_id": "match_round"},
        "GET": "401 404 404 404 404 404 200 404",
    },
    "api/v1/programs/<program_id>/rounds/<round_id>/pairs": {
        "args": {"program_id": "program", "round_id": "match_round"},
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/programs/<program_id>/rounds/<round_id>/preferences": {
        "args": {"program_id": "program", "round_id": "match_round"},
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/directory": {"GET": API_ANY_TOKEN},
    "api/v1/directory/<mentor_id>/request": {
        "args": {"mentor_id": "mentor_a_id"},
        "POST": "401 404 404 404 404 404 404 404",
        "json": {},
    },
    "api/v1/programs/<program_id>/rounds/<round_id>/publish": {
        "args": {"program_id": "program", "round_id": "match_round"},
        "POST": "401 404 404 404 404 404 200 404",
        "json": {},
    },
    "api/v1/programs/<program_id>/export": {
        "args": {"program_id": "program"},
        "GET": "401 404 404 404 404 404 200 404",
    },
    # Meetings through the API: the same rule as the pages. An empty body is
    # refused with the form's messages (422) where one may write.
    "api/v1/series": {"GET": API_ANY_TOKEN, "POST": "401 422 422 422 422 422 422 422", "json": {}},
    "api/v1/series/<series_id>": {
        "args": {"series_id": "series"},
        "GET": API_TEAM,
        "PATCH": API_TEAM,
        "json": {},
    },
    "api/v1/meetings": {"GET": API_ANY_TOKEN},
    "api/v1/meetings/<meeting_id>": {
        "args": {"meeting_id": "meeting"},
        "GET": API_TEAM,
        "PATCH": API_TEAM,
        "json": {"version": 1},
    },
    "api/v1/meetings/<meeting_id>/skip": {
        "args": {"meeting_id": "meeting"},
        "POST": API_TEAM,
        "json": {},
    },
    "api/v1/meetings/<meeting_id>/restore": {
        "args": {"meeting_id": "meeting"},
        "POST": API_TEAM,
        "json": {},
    },
    "api/v1/meetings/<meeting_id>/move": {
        "args": {"meeting_id": "meeting"},
        "POST": API_TEAM,
        "json": {"starts_at": "2030-01-03T10:00"},
    },
    "api/v1/action-items": {
        "GET": API_ANY_TOKEN,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/disagreements": {
        "GET": API_ANY_TOKEN,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/disagreements/<disagreement_id>": {
        "args": {"disagreement_id": "disagreement"},
        "GET": API_TEAM,
    },
    "api/v1/action-items/<item_id>": {
        "args": {"item_id": "action_item"},
        "GET": API_TEAM,
        "PATCH": API_TEAM,
        "json": {},
    },
    # --- the plan through the API: reads as the pages, goals written by the team,
    # plans by their mentee. An empty body is refused by its schema (422) for anyone. ---
    "api/v1/plans": {"GET": API_ANY_TOKEN, "POST": "401 422 422 422 422 422 422 422", "json": {}},
    "api/v1/plans/<plan_id>": {
        "args": {"plan_id": "plan"},
        "GET": API_TEAM,
        "PATCH": API_OWNER_ONLY,
        "json": {},
    },
    "api/v1/plans/<plan_id>/goals": {
        "args": {"plan_id": "plan"},
        "GET": API_TEAM,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/goals/due-for-review": {"GET": API_ANY_TOKEN},
    "api/v1/goals/<goal_id>": {
        "args": {"goal_id": "goal"},
        "GET": API_TEAM,
        "PATCH": API_TEAM,
        "json": {"version": 1},
    },
    "api/v1/goals/<goal_id>/history": {"args": {"goal_id": "goal"}, "GET": API_TEAM},
    "api/v1/goals/<goal_id>/milestones": {
        "args": {"goal_id": "goal"},
        "GET": API_TEAM,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/milestones/<milestone_id>": {
        "args": {"milestone_id": "milestone"},
        "PATCH": API_TEAM,
        "DELETE": "401 204 404 204 404 404 404 404",
        "json": {},
    },
    "api/v1/goals/<goal_id>/reviews": {
        "args": {"goal_id": "goal"},
        "GET": API_TEAM,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    # --- feedback through the API: the two people of the mentorship; results by program ---
    "api/v1/feedback-requests": {
        "GET": API_ANY_TOKEN,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/feedback-requests/<request_id>": {
        "args": {"request_id": "feedback_request"},
        "GET": API_TEAM,
    },
    # An empty body says for no one: refused for anyone (422).
    "api/v1/feedback": {
        "GET": API_ANY_TOKEN,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/feedback/<feedback_id>": {"args": {"feedback_id": "feedback"}, "GET": API_TEAM},
    "api/v1/instruments": {"GET": API_ANY_TOKEN},
    "api/v1/instruments/<key>": {"args": {"key": "instrument_key"}, "GET": API_ANY_TOKEN},
    "api/v1/evaluations": {"GET": API_ANY_TOKEN},
    "api/v1/evaluations/<window_id>/results": {
        "args": {"window_id": "closed_window"},
        "GET": "401 200 404 200 200 404 200 404",
    },
    "api/v1/contributions": {
        "GET": API_ANY_TOKEN,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/contributions/<contribution_id>": {
        "args": {"contribution_id": "contribution"},
        "GET": API_TEAM,
    },
    "api/v1/contributions/<contribution_id>/acknowledge": {
        "args": {"contribution_id": "contribution"},
        "POST": "401 404 404 200 404 404 404 404",
        "json": {},
    },
    # An empty body says nothing: refused for anyone (422).
    "api/v1/activities": {
        "GET": API_ANY_TOKEN,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/activities/<activity_id>": {
        "args": {"activity_id": "activity"},
        "GET": API_TEAM,
        "PATCH": API_OWNER_ONLY,
        "DELETE": "401 204 404 404 404 404 404 404",
        "json": {},
    },
    "api/v1/independence-markers": {
        "GET": API_ANY_TOKEN,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/independence-markers/<marker_id>": {
        "args": {"marker_id": "marker"},
        "GET": API_TEAM,
        "DELETE": "401 204 404 404 404 404 404 404",
    },
    "api/v1/outcomes": {
        "GET": API_ANY_TOKEN,
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/outcomes/<outcome_id>": {
        "args": {"outcome_id": "outcome"},
        "GET": API_TEAM,
        "PATCH": API_OWNER_ONLY,
        "DELETE": "401 204 404 404 404 404 404 404",
        "json": {},
    },
    "api/v1/outcomes/<outcome_id>/chain": {"args": {"outcome_id": "outcome"}, "GET": API_TEAM},
    "api/v1/outcomes/<outcome_id>/celebrate": {
        "args": {"outcome_id": "outcome"},
        "POST": API_OWNER_ONLY,
        "DELETE": API_OWNER_ONLY,
        "json": {},
    },
    # The reflection is shared with mentor_a only; only the mentee writes it.
    "api/v1/outcomes/<outcome_id>/reflection": {
        "args": {"outcome_id": "outcome"},
        "GET": API_TEAM,
        "PUT": API_OWNER_ONLY,
        "json": {"what_happened": "Accepted after one revision."},
    },
    "api/v1/reflections": {"GET": API_ANY_TOKEN},
    # Imports act on the caller's own outcomes; an empty body is refused (422).
    "api/v1/outcomes/import/preview": {
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    "api/v1/outcomes/import/confirm": {
        "POST": "401 422 422 422 422 422 422 422",
        "json": {},
    },
    # --- samples of the Django admin: staff only ---
    "admin/": {"GET": STAFF_ONLY},
    "admin/accounts/user/": {"GET": STAFF_ONLY},
    "admin/teams/need/": {"GET": STAFF_ONLY},
    "admin/teams/agreement/add/": {"GET": STAFF_ONLY},
    "admin/login/": {"GET": "200 200 200 200 200 200 200 302"},
    # --- samples of allauth: signing in, out, up, and managing the account ---
    "accounts/login/": {"GET": "200 302 302 302 302 302 302 302"},
    "accounts/logout/": {"GET": "302 200 200 200 200 200 200 200"},
    # Sign-up is by invitation only: the page says so.
    "accounts/signup/": {"GET": "200 302 302 302 302 302 302 302"},
    "accounts/password/reset/": {"GET": "200 200 200 200 200 200 200 200"},
    "accounts/password/change/": {"GET": ANY_USER},
    "accounts/email/": {"GET": ANY_USER},
    "accounts/2fa/": {"GET": ANY_USER},
}

# Routes under these prefixes need no row of their own: third-party pages whose
# rule is stated here and sampled in TABLE.
GROUPED = {
    "admin/": "Django admin: staff only; everyone else is sent to the admin sign-in.",
    "accounts/": "allauth: sign-in, sign-up, password and 2FA pages, about one's own account.",
    "scim/v2/": "SCIM: an identity provider's bearer token only (tests/sso/test_scim.py).",
}

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
API_PREFIX = "api/v1/"
LOGIN_VIEWS = {"account_login", "admin:login"}

PRIVATE_INSIGHT = "PRIVATE-INSIGHT: I may leave academia next year."
PRIVATE_NEED = "PRIVATE-NEED: managing my anxiety"
MENTOR_NOTE = "MENTOR-NOTE: worried about the grant timeline."


# --- the URL configuration --------------------------------------------------------


def walk(patterns, prefix: str = ""):
    """Every route of the URL configuration as its full route string."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def site_routes() -> set[str]:
    return set(walk(get_resolver().url_patterns))


def grouped_under(route: str) -> str | None:
    return next((prefix for prefix in GROUPED if route.startswith(prefix)), None)


def test_every_route_has_a_row():
    missing = sorted(r for r in site_routes() if r not in TABLE and grouped_under(r) is None)
    assert not missing, "Routes with no row in the access table:\n" + "\n".join(missing)


# Where the program's administrator (a coordinator, who runs the roster, invitations,
# nudges, imports, exports and training records but reads no mentee's records) gets another
# answer than someone unrelated: (route, method) → the answer.
COORDINATOR = {
    ("programs/<int:pk>/", "GET"): "200",
    ("programs/<int:pk>/import/", "GET"): "200",
    ("programs/<int:pk>/import/", "POST"): "400",
    ("programs/<int:pk>/nudges/", "GET"): "200",
    ("programs/<int:pk>/nudges/", "POST"): "400",
    ("programs/<int:pk>/export/", "GET"): "200",
    ("programs/<int:pk>/mentors/", "GET"): "200",
    ("programs/<int:pk>/directory/", "GET"): "200",
    ("api/v1/programs/<program_id>/directory", "GET"): "200",
    ("programs/<int:pk>/training/", "GET"): "200",
    ("programs/<int:pk>/training.csv", "GET"): "200",
    ("programs/<int:pk>/training/<int:record_id>/verify/", "POST"): "302",
    ("api/v1/programs/<program_id>", "GET"): "200",
    ("api/v1/programs/<program_id>/enrollments", "GET"): "200",
    ("api/v1/programs/<program_id>/mentors", "GET"): "200",
    ("api/v1/programs/<program_id>/nudges", "GET"): "200",
    ("api/v1/programs/<program_id>/import/preview", "POST"): "422",
    ("api/v1/programs/<program_id>/export", "GET"): "200",
    # Training grants: the coordinator keeps the grants, appointments and trainee records, and
    # sees what the reports lack; Tables 5 and 8 read what mentees marked for the program, so
    # only directors download them.
    ("programs/<int:pk>/grants/", "GET"): "200",
    ("programs/<int:pk>/grants/", "POST"): "400",
    ("programs/<int:pk>/grants/<int:grant_id>/", "GET"): "200",
    ("programs/<int:pk>/grants/<int:grant_id>/", "POST"): "400",
    ("programs/<int:pk>/grants/<int:grant_id>/appoint/", "GET"): "200",
    ("programs/<int:pk>/grants/<int:grant_id>/appoint/", "POST"): "400",
    ("programs/<int:pk>/appointments/<int:appointment_id>/", "GET"): "200",
    ("programs/<int:pk>/appointments/<int:appointment_id>/", "POST"): "400",
    ("programs/<int:pk>/trainees/new/", "GET"): "200",
    ("programs/<int:pk>/trainees/new/", "POST"): "400",
    ("programs/<int:pk>/trainees/<int:record_id>/", "GET"): "200",
    ("programs/<int:pk>/trainees/<int:record_id>/", "POST"): "400",
    ("programs/<int:pk>/trainees/<int:record_id>/<str:kind>/<int:item_id>/remove/", "POST"): "302",
    ("programs/<int:pk>/positions/<int:position_id>/", "GET"): "200",
    ("programs/<int:pk>/positions/<int:position_id>/", "POST"): "400",
    ("programs/<int:pk>/reports/", "GET"): "200",
    ("programs/<int:pk>/reports/demographics.csv", "GET"): "200",
    ("programs/<int:pk>/trainees/<int:record_id>/committee/", "GET"): "200",
    ("programs/<int:pk>/trainees/<int:record_id>/committee/", "POST"): "400",
    (
        "programs/<int:pk>/trainees/<int:record_id>/committee/members/<int:member_id>/remove/",
        "POST",
    ): "302",
    ("api/v1/programs/<program_id>/grants", "GET"): "200",
}


def test_every_row_is_a_route():
    routes = site_routes()
    stale = sorted(set(TABLE) - routes)
    assert not stale, "Rows of the access table for routes that no longer exist:\n" + "\n".join(
        stale
    )
    unused = sorted(p for p in GROUPED if not any(r.startswith(p) for r in routes))
    assert not unused, f"Prefix rules that match no route: {unused}"


def test_every_row_names_every_role():
    for route, spec in TABLE.items():
        for method in METHODS:
            if method in spec:
                assert len(spec[method].split()) == len(ROLES) - 1, (route, method)
    assert set(COORDINATOR) <= {(r, m) for r, spec in TABLE.items() for m in spec}


# --- the people and the things they may or may not see ---------------------------
#
# The world is built once for the module (tests/conftest.py, `once_per_module`); each case
# runs in its own transaction, so what a POST or a DELETE changes is gone before the next.
# A new row whose URL names a new kind of record: create it in `make_objects()` and name
# its id there.


def session_of(user) -> str:
    """The key of a signed-in session of `user`, made once rather than at every request."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def make_objects() -> dict:
    """mentee_a's records, one of each kind a URL names, plus records that must never leak;
    for each role its API token and its session."""
    everyone, program = make_everyone()
    mentee_a, mentor_a = everyone["mentee_a"], everyone["mentor_a"]
    everyone["coordinator"] = make_user("coordinator@example.org", name="Cora Coordinator")
    program.administrators.add(everyone["coordinator"])
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    need = Need.objects.create(mentee=mentee_a, name="Trial design", visibility=Visibility.TEAM)
    need.covered_by.add(mentorship)
    Need.objects.create(mentee=mentee_a, name=PRIVATE_NEED, visibility=Visibility.PRIVATE)
    insight = Insight.objects.create(
        mentee=mentee_a, source=mentorship, text=PRIVATE_INSIGHT, visibility=Visibility.PRIVATE
    )
    agreement = Agreement.objects.create(
        mentee=mentee_a, next_review_on=timezone.localdate() + timedelta(days=180)
    )
    MentorNote.objects.create(mentorship=mentorship, author=mentor_a, body=MENTOR_NOTE)
    training_record = TrainingRecord.objects.create(
        mentor=mentor_a, course="CIMER", hours=8, completed_on=timezone.localdate()
    )
    api_token, api_token_plain = ApiToken.issue(mentee_a, "laptop")
    series = Series.objects.create(
        mentee=mentee_a,
        title="Weekly",
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_start=timezone.now() + timedelta(days=1),
        time_zone="UTC",
    )
    series.mentorships.add(mentorship)
    series.materialize()
    meeting = series.meetings.first()
    agenda_item = AgendaItem.objects.create(meeting=meeting, title="Aims", added_by=mentee_a)
    action_item = ActionItem.objects.create(
        mentee=mentee_a, meeting=meeting, title="Aims page", owner=mentee_a
    )
    plan = Plan.objects.create(
        mentee=mentee_a,
        title="K23 plan",
        starts_on=timezone.localdate() - timedelta(days=400),
        ends_on=timezone.localdate() + timedelta(days=1000),
    )
    goal = Goal.objects.create(
        plan=plan,
        mentee=mentee_a,
        category="funding",
        statement="Submit the K23",
        measure="Submitted",
        due_on=timezone.localdate() + timedelta(days=300),
    )
    milestone = Milestone.objects.create(
        goal=goal, title="Aims page", due_on=timezone.localdate() + timedelta(days=100)
    )
    feedback_request = FeedbackRequest.objects.create(
        mentorship=mentorship,
        mentee=mentee_a,
        requested_by=mentee_a,
        asked_of=mentor_a,
        title="Aims page",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    feedback = feedback_actions.give_feedback(mentorship, mentor_a, text="Good", topic="aims")
    today = timezone.localdate()
    window = EvaluationWindow.objects.create(
        program=program,
        title="Now",
        instrument="mentoring-style",
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=10),
        threshold=5,
    )
    closed_window = EvaluationWindow.objects.create(
        program=program,
        title="Last spring",
        instrument="mentoring-style",
        opens_on=today - timedelta(days=200),
        closes_on=today - timedelta(days=170),
        threshold=5,
    )
    contribution = Contribution.objects.create(
        mentorship=mentorship, mentee=mentee_a, description="Shared a paper"
    )
    success = Outcome.objects.create(
        mentee=mentee_a, title="Trial paper", result="success", decided_on=timezone.localdate()
    )
    Reflection.objects.create(outcome=success, what_happened="Accepted").shared_with.add(mentor_a)
    grant = TrainingGrant.objects.create(
        program=program,
        activity_code="K12",
        award_number="K12HL000001",
        project_start=today - timedelta(days=400),
        project_end=today + timedelta(days=1000),
    )
    appointment = Appointment.objects.create(
        grant=grant,
        trainee=mentee_a,
        level="scholar",
        starts_on=grant.project_start,
        ends_on=grant.project_start + timedelta(days=364),
        status="appointed",
    )
    trainee_record = TraineeRecord.objects.create(
        program=program, trainee=mentee_a, entered_on=grant.project_start.replace(day=1)
    )
    position = Position.objects.create(
        trainee=mentee_a,
        title="Instructor",
        institution="Example University",
        sector="academia",
        kind_of_work="research_intensive",
        starts_on=today - timedelta(days=700),
        source="trainee",
    )
    committee = Committee.objects.create(record=trainee_record)
    committee_member = CommitteeMember.objects.create(
        committee=committee, person=mentor_a, role="mentor"
    )
    committee_meeting = CommitteeMeeting.objects.create(
        committee=committee, held_on=today - timedelta(days=10)
    )
    progress_draft = ProgressDraft.objects.create(
        record=trainee_record,
        period_ends_on=today,
        text="Her paragraph.",
        edited_by=everyone["director"],
    )
    _, link = team_actions.invite_mentor(mentee_a, invited_email="new.mentor@example.org")
    return {
        "mentorship": mentorship.pk,
        "ended_mentorship": Mentorship.objects.get(
            mentee=mentee_a, mentor=everyone["former_mentor"]
        ).pk,
        "need": need.pk,
        "insight": insight.pk,
        "agreement": agreement.pk,
        "disagreement": Disagreement.objects.create(
            meeting=meeting,
            mentorship=mentorship,
            topic="Primary outcome",
            mentee_view="Readmissions",
            mentor_view="Days alive out of hospital",
        ).pk,
        "program": program.pk,
        "series": series.pk,
        "meeting": meeting.pk,
        "agenda_item": agenda_item.pk,
        "agenda_operation": "discussed",
        "calendar_token": mentee_a.regenerate_calendar_token(),
        "action_item": action_item.pk,
        "plan": plan.pk,
        "idp_format": "md",
        "goal": goal.pk,
        "milestone": milestone.pk,
        "milestone_operation": "done",
        "feedback_request": feedback_request.pk,
        "feedback": feedback.pk,
        "window": window.pk,
        "closed_window": closed_window.pk,
        "instrument_key": "mentoring-style",
        "contribution": contribution.pk,
        "outcome": success.pk,
        "activity": Activity.objects.create(mentee=mentee_a, title="R course", topics="R").pk,
        "marker": IndependenceMarker.objects.create(mentee=mentee_a, kind="own_protocol").pk,
        "mentee_a_id": mentee_a.pk,
        "mentor_a_id": mentor_a.pk,
        "match_round": MatchRound.objects.create(
            program=program,
            name="Spring",
            inputs={"mentees": [], "mentors": {}, "candidates": [], "pinned": [], "forbidden": []},
            result={"pairs": [], "unmatched": [], "total": 0, "optimal": True},
        ).pk,
        "training_record": training_record.pk,
        "training_grant": grant.pk,
        "appointment": appointment.pk,
        "trainee_record": trainee_record.pk,
        "degree": Degree.objects.create(record=trainee_record, degree="MD", year=2015).pk,
        "degree_kind": "degree",
        "position": position.pk,
        "table_format": "csv",
        "committee_member": committee_member.pk,
        "committee_meeting": committee_meeting.pk,
        "progress_draft": progress_draft.pk,
        "summary_format": "html",
        "report_format": "md",
        "api_token": api_token.pk,
        "api_token_plain": api_token_plain,
        "invitation_kind": "mentorship",
        "invitation_token": link.rstrip("/").rsplit("/", 1)[-1],
        "tokens": {role: ApiToken.issue(user, "tests")[1] for role, user in everyone.items()},
        "sessions": {role: session_of(user) for role, user in everyone.items()},
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, make_objects)


@pytest.fixture
def objects(world):
    return copy.deepcopy(world)


def url_for(route: str, spec: dict, objects: dict) -> str:
    names = spec.get("args", {})
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(objects[names[m[1]]]), route)


def client_for(route: str, role: str, objects: dict, **options) -> Client:
    """A session for the web pages; for the API, the role's personal access token instead."""
    if role == "anonymous":
        return Client(**options)
    if route.startswith(API_PREFIX):
        return Client(headers={"Authorization": f"Bearer {objects['tokens'][role]}"}, **options)
    client = Client(**options)
    client.cookies[settings.SESSION_COOKIE_NAME] = objects["sessions"][role]
    return client


def fetch(client: Client, route: str, method: str, spec: dict, objects: dict):
    url = url_for(route, spec, objects)
    if "json" in spec and method != "GET":
        return client.generic(
            method, url, json.dumps(spec["json"]), content_type="application/json"
        )
    if method == "POST":
        return client.post(url, spec.get("data", {}))
    return client.generic(method, url)


def outcome(response) -> str:
    """The status, or "login" for a redirect to a sign-in page."""
    if response.status_code == 302:
        try:
            view_name = resolve(urlsplit(response["Location"]).path).view_name
        except Resolver404:
            view_name = ""
        if view_name in LOGIN_VIEWS:
            return "login"
    return str(response.status_code)


def expected(route: str, method: str, role: str) -> str:
    if role == "coordinator":
        return COORDINATOR.get((route, method)) or expected(route, method, "mentee_b")
    return TABLE[route][method].split()[ROLES.index(role)]


CASES = [
    pytest.param(route, method, role, id=f"{method} /{route} as {role}")
    for route, spec in TABLE.items()
    for method in METHODS
    if method in spec
    for role in ROLES
]


def assert_refused_in_json(response) -> None:
    """The API's answer to a request without a live token (one shared auth class says it)."""
    assert response.status_code == 401
    # (SCIM's errors are JSON too, as application/scim+json)
    assert response["Content-Type"].split(";")[0] in {"application/json", "application/scim+json"}
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


SECRETS = {PRIVATE_INSIGHT: "mentee_a", PRIVATE_NEED: "mentee_a", MENTOR_NOTE: "mentor_a"}


def leaks(route: str, role: str, response) -> list[str]:
    """The private records `response` shows to someone other than their owner.

    mentee_a's private insight and private need appear only on mentee_a's pages, and
    mentor_a's note only on mentor_a's; the admin, staff's own tool, aside.
    """
    if route.startswith("admin/"):
        return []
    body = response.content.decode(errors="replace")
    return [secret for secret, owner in SECRETS.items() if secret in body and role != owner]


@pytest.mark.parametrize(("route", "method", "role"), CASES)
def test_access(route, method, role, objects):
    """The answer of the table, never a 500 (the client raises it), and no private record shown."""
    client = client_for(route, role, objects)
    response = fetch(client, route, method, TABLE[route], objects)
    answer = expected(route, method, role)
    assert outcome(response) == answer
    if answer == "401":
        # Without a token, every API route refuses in JSON.
        assert_refused_in_json(response)
    assert not leaks(route, role, response), f"{method} /{route} as {role}"


# --- the rest of the admin and allauth: no 500, no leak ---------------------------------


def test_no_page_outside_the_table_is_a_500_or_leaks_a_private_record(objects):
    """Every route without arguments and without a row, as anonymous, a plain user and staff.

    (The rows of the table are walked as every role by `test_access`.)
    """
    routes = sorted(r for r in site_routes() - set(TABLE) if not re.search(r"[<(^$]", r))
    assert routes, "The walk should reach the pages that have no row."
    errors, shown = [], []
    for route in routes:
        for role in ("anonymous", "mentee_a", "staff"):
            client = client_for(route, role, objects, raise_request_exception=False)
            response = fetch(client, route, "GET", {}, objects)
            if response.status_code >= 500:
                errors.append(f"GET /{route} as {role}: {response.status_code}")
            shown += [
                f"GET /{route} as {role} shows {secret!r}"
                for secret in leaks(route, role, response)
            ]
    assert not errors, "Server errors:\n" + "\n".join(errors)
    assert not shown, "Private records shown to others:\n" + "\n".join(shown)
