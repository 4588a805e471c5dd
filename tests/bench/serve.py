"""Throughput and worker memory under `mentorkit serve` (gunicorn, 2 workers) on the bench's
database: the product's own server command, started as an operator would."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

THROUGHPUT_TARGET = 100  # requests/s of the mentee's home
WORKER_RSS_TARGET_MB = 250
CONNECTIONS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int) -> subprocess.Popen:
    from django.db import connection

    env = dict(os.environ)
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    env.pop("DEBUG", None)
    server = subprocess.Popen(
        [sys.executable, "-c", "from mentorkit.cli import main; main()", "serve"]
        + ["--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parents[2],
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = get(port, "/healthz", {})
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    raise RuntimeError("mentorkit serve did not answer /healthz within 60 s")


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def session_cookie(user) -> dict[str, str]:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    }


def throughput(port: int, path: str, headers: dict[str, str], seconds: float) -> tuple[float, int]:
    """Requests per second over `CONNECTIONS` concurrent clients; and how many were not 2xx/404."""
    done = [0] * CONNECTIONS
    bad = [0] * CONNECTIONS
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        while time.monotonic() < stop:
            status, _ = get(port, path, headers)
            done[i] += 1
            bad[i] += status >= 500

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started), sum(bad)


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def memory_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    kb = lambda key: int(fields.get(key, "0 kB").split()[0])  # noqa: E731
    return kb("VmRSS") / 1024, kb("VmHWM") / 1024


def measure(world, plans, outcomes, *, seconds: float) -> list[tuple[str, str, str, bool | None]]:
    from django.urls import reverse

    from .timing import FLOOR

    port = free_port()
    server = start(port)
    try:
        mentee = session_cookie(world.mentee)
        home = reverse("home")
        for path in (home, FLOOR):  # warm both workers
            for _ in range(6):
                get(port, path, mentee)
        floor_rps, floor_bad = throughput(port, FLOOR, mentee, seconds)
        home_rps, home_bad = throughput(port, home, mentee, seconds)
        # Documents and an import, the requests that grow a worker; then its memory.
        cv = session_cookie(outcomes.mentee)
        for _ in range(6):
            get(port, reverse("plans:plan_export", args=[plans.plan.pk, "pdf"]), mentee)
            get(port, reverse("outcomes:cv", args=["pdf"]), cv)
        throughput(port, home, mentee, 1)
        memory = [memory_mb(pid) for pid in workers_of(server.pid)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    peak = max((hwm for _, hwm in memory), default=0.0)
    now = max((rss for rss, _ in memory), default=0.0)
    return [
        ("floor (signed-in 404), requests/s", f"{floor_rps:,.0f}", "reference", None),
        (
            "home (mentee), requests/s",
            f"{home_rps:,.0f} ({home_rps / floor_rps:.0%} of the floor's)",
            f"≥ {THROUGHPUT_TARGET}",
            home_rps >= THROUGHPUT_TARGET,
        ),
        (
            "server errors during the runs",
            str(floor_bad + home_bad),
            "0",
            floor_bad + home_bad == 0,
        ),
        (
            "worker RSS after PDFs (now / peak)",
            f"{now:.0f} / {peak:.0f} MB",
            f"≤ {WORKER_RSS_TARGET_MB} MB",
            peak <= WORKER_RSS_TARGET_MB,
        ),
    ]
