"""Awards from NIH RePORTER: a `projects/search` answer uploaded (or fetched from a local
server standing in for RePORTER) on Ana Ortiz's record by her director, or on her own, is
previewed, then confirmed all at once into her grants; never through the network.

The recorded answer (data/reporter_search.json) holds six projects: her F32 in two fiscal
years (already recorded: skipped), a K99 naming her as PI, an R01 naming her among two PIs
(MPI), another Ortiz's R01 (not hers), and an F31 whose PI is "A. Ortiz" but whose number is
the program's for her fourth training year (matched by number).
"""

from __future__ import annotations

import json
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from mentorkit.outcomes.models import Outcome
from tests.conftest import once_per_module

from .world import build

pytestmark = pytest.mark.django_db
RECORDED = (Path(__file__).parent / "data" / "reporter_search.json").read_bytes()
NEW = {"K99HL180002", "R01HL190003", "F31HL160001"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, build)


def director_url(world) -> str:
    return f"/programs/{world['program'].pk}/trainees/{world['ana_record'].pk}/reporter/"


def upload(client, url: str, content: bytes = RECORDED):
    results = SimpleUploadedFile("search.json", content, content_type="application/json")
    return client.post(url, {"action": "upload", "results": results})


def grants_of(person) -> set[str]:
    return set(
        Outcome.objects.filter(mentee=person, kind="grant").values_list("award_number", flat=True)
    )


def test_the_preview_says_what_would_be_added_and_adds_nothing(client, world):
    client.force_login(world["director"])
    response = upload(client, director_url(world))
    assert response.status_code == 200
    awards = {a.award_number: a for a in response.context["awards"]}
    assert {n for n, a in awards.items() if a.status == "add"} == NEW
    assert awards["F32HL170001"].status == "recorded"  # two fiscal years, one award
    assert awards["R01HL100004"].status == "not_theirs"
    assert (awards["K99HL180002"].role, awards["R01HL190003"].role) == ("pi", "mpi")
    assert (awards["F31HL160001"].matched_by, awards["F31HL160001"].role) == (
        "award number",
        "other",
    )
    assert "Add 3 awards" in response.content.decode()
    assert grants_of(world["ana"]) == {"F32HL170001"}


def test_confirming_adds_every_new_award_marked_for_the_program(client, world):
    client.force_login(world["director"])
    token = upload(client, director_url(world)).context["token"]
    response = client.post(director_url(world), {"action": "confirm", "token": token})
    assert response.status_code == 302
    assert grants_of(world["ana"]) == NEW | {"F32HL170001"}
    k99 = Outcome.objects.get(mentee=world["ana"], award_number="K99HL180002")
    assert (k99.result, k99.visibility, k99.source, k99.venue, k99.agency) == (
        "success", "program", "reporter", "NHLBI", "NIH")  # fmt: skip
    assert (k99.project_start, k99.project_end, k99.activity_code) == (
        date(2025, 1, 1), date(2026, 12, 31), "K99")  # fmt: skip
    # The same preview again adds nothing: each award is recorded now.
    client.post(director_url(world), {"action": "confirm", "token": token})
    assert Outcome.objects.filter(mentee=world["ana"], kind="grant").count() == 4


def test_the_trainee_imports_on_her_own_record(client, world):
    client.force_login(world["ana"])
    url = "/me/training-record/reporter/"
    token = upload(client, url).context["token"]
    assert client.post(url, {"action": "confirm", "token": token}).status_code == 302
    assert grants_of(world["ana"]) == NEW | {"F32HL170001"}


def test_a_preview_of_someone_elses_awards_is_refused(client, world):
    client.force_login(world["ana"])
    token = upload(client, "/me/training-record/reporter/").context["token"]
    client.force_login(world["ben"])
    response = client.post("/me/training-record/reporter/", {"action": "confirm", "token": token})
    assert response.status_code == 400 and "someone else" in response.content.decode()
    assert grants_of(world["ben"]) == set() and grants_of(world["ana"]) == {"F32HL170001"}


@pytest.mark.parametrize(
    "content", [b"{not json", b'{"meta": {}}', b'{"results": [{"project_num": "nonsense"}]}']
)
def test_a_file_that_is_not_a_search_answer_is_a_form_error_and_saves_nothing(
    client, world, content
):
    client.force_login(world["director"])
    response = upload(client, director_url(world), content)
    assert response.status_code == 400
    assert response.context["form"].errors["results"]
    assert grants_of(world["ana"]) == {"F32HL170001"}


def test_it_is_all_or_nothing(client, world):
    data = json.loads(RECORDED)
    broken = data["results"][2]  # the K99: a project period that ends before it starts
    broken["project_end_date"] = "2020-01-01T00:00:00"
    client.force_login(world["director"])
    token = upload(client, director_url(world), json.dumps(data).encode()).context["token"]
    response = client.post(director_url(world), {"action": "confirm", "token": token})
    assert response.status_code == 400 and "Nothing was added" in response.content.decode()
    assert grants_of(world["ana"]) == {"F32HL170001"}


@pytest.mark.parametrize("who", ["coordinator", "liu", "ben", "other_director"])
def test_only_the_programs_directors_import_on_a_record(client, world, who):
    client.force_login(world[who])
    assert client.get(director_url(world)).status_code == 404
    assert upload(client, director_url(world)).status_code == 404


def test_someone_without_a_training_record_has_no_import_page(client, world):
    client.force_login(world["liu"])
    assert client.get("/me/training-record/reporter/").status_code == 404


# --- online, against a local stand-in -------------------------------------------------------


class Recorded(BaseHTTPRequestHandler):
    asked: list[dict] = []

    def do_POST(self):  # noqa: N802 (the standard library's name)
        length = int(self.headers["Content-Length"])
        Recorded.asked.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(RECORDED)

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in():
    server = HTTPServer(("127.0.0.1", 0), Recorded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v2/projects/search"
    server.shutdown()
    server.server_close()


def test_searching_online_asks_reporter_by_the_trainees_name(client, world, stand_in):
    client.force_login(world["director"])
    with override_settings(MENTORKIT_REPORTER_URL=stand_in):
        response = client.post(director_url(world), {"action": "search"})
    assert response.status_code == 200
    assert Recorded.asked[-1]["criteria"] == {
        "pi_names": [{"first_name": "ana", "last_name": "ortiz"}]
    }
    assert {a.award_number for a in response.context["adding"]} == NEW


def test_offline_the_page_says_so_and_offers_the_upload(client, world):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client.force_login(world["director"])
    with override_settings(MENTORKIT_REPORTER_URL=f"http://127.0.0.1:{port}/v2/projects/search"):
        response = client.post(director_url(world), {"action": "search"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Could not reach NIH RePORTER — is this machine offline?" in text
    assert "Upload search results" in text


# --- through the API -------------------------------------------------------------------------


def api_url(world, step: str) -> str:
    record = world["ana_record"]
    return f"/api/v1/programs/{world['program'].pk}/trainees/{record.pk}/reporter/{step}"


def api_post(client, world, step: str, body: dict, who: str = "director"):
    from mentorkit.accounts.models import ApiToken

    token = ApiToken.issue(world[who], "tests")[1]
    return client.post(
        api_url(world, step),
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_api_previews_then_confirms(client, world):
    preview = api_post(client, world, "preview", {"content": RECORDED.decode()})
    assert preview.status_code == 200
    statuses = {a["award_number"]: a["status"] for a in preview.json()["awards"]}
    assert {n for n, s in statuses.items() if s == "add"} == NEW
    assert statuses["F32HL170001"] == "recorded"
    assert grants_of(world["ana"]) == {"F32HL170001"}
    confirmed = api_post(client, world, "confirm", {"token": preview.json()["token"]})
    assert confirmed.status_code == 201
    assert {a["award_number"] for a in confirmed.json()["created"]} == NEW
    assert grants_of(world["ana"]) == NEW | {"F32HL170001"}


def test_the_api_refuses_what_is_not_a_search_answer_in_json(client, world):
    response = api_post(client, world, "preview", {"content": "{not json"})
    assert response.status_code == 422 and "not JSON" in response.json()["detail"]
    assert api_post(client, world, "confirm", {"token": "forged"}).status_code == 422


def test_the_api_says_when_reporter_cannot_be_reached(client, world):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with override_settings(MENTORKIT_REPORTER_URL=f"http://127.0.0.1:{port}/"):
        response = api_post(client, world, "preview", {"search_online": True})
    assert response.status_code == 502 and "offline" in response.json()["detail"]


@pytest.mark.parametrize("who", ["coordinator", "liu", "ana", "other_director"])
def test_through_the_api_only_the_programs_directors_import(client, world, who):
    response = api_post(client, world, "preview", {"content": RECORDED.decode()}, who)
    assert response.status_code == 404


def test_a_private_grant_is_never_hinted_at_to_the_director(client, world):
    f32 = Outcome.objects.get(mentee=world["ana"], award_number="F32HL170001")
    f32.visibility = "private"
    f32.save(update_fields=["visibility"])
    client.force_login(world["director"])
    awards = {a.award_number: a for a in upload(client, director_url(world)).context["awards"]}
    assert awards["F32HL170001"].status == "add"  # not "recorded": that would tell
    client.force_login(world["ana"])
    own = {
        a.award_number: a for a in upload(client, "/me/training-record/reporter/").context["awards"]
    }
    assert own["F32HL170001"].status == "recorded"  # she sees her own
    f32.visibility = "program"
    f32.save(update_fields=["visibility"])
