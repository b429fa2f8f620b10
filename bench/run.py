"""Benchmark of the Twilio channels: simulated calls and text conversations through the real HTTP server.

    python -m bench.run                         # both backends, 200 conversations, 200 turns/s offered
    python -m bench.run --backend postgres --rate 0        # as fast as it goes (saturation)
    python -m bench.run --conversations 400 --rate 300 --duration 30
    python -m bench.run --existing 100000       # on a database already holding 100,000 signups

The app runs as `knotty serve --workers N` (offline brain, INFO logs to a file) on a fresh
SQLite file or a throwaway PostgreSQL cluster; `--existing N` first fills it with the rows N earlier
signups leave (`bench/existing.py`), since an empty database hides any read of a whole table. This process plays Twilio with the test simulator:
N conversations at once (half phone calls, half texts), each a cooperative person signing up, with
signed webhooks. Each conversation paces its turns so that together they offer `--rate` webhooks
per second, as real callers do (a thousand calls with a turn every five seconds offer about 200 per
second); `--rate 0` removes the pacing. Conversations start spread over about one conversation's
length, and measuring begins once they are at every stage (greeting, questions, read-back,
confirmation), so the numbers are those of steady traffic, not of 200 people in lockstep.
Confirmation texts go to the fake REST API in this process.

Prints, per backend: webhooks per second sustained, p50/p99 latency of the agent turns (menu, speech
turns, SMS) and of all webhooks as the simulator saw them, the server's CPU time per webhook, and
how many signups ended in the database with their confirmation text. Then, in the same run, a bare
Litestar app (`bench/bare_app.py`: the same signed form parsed, the signature checked, a fixed TwiML
answer) is served by the same uvicorn and offered signed texts at the rate Knotty sustained; its
server CPU per webhook is printed beside Knotty's, with the ratio (absolute figures on a shared
machine swing 2-3x between runs, the ratio much less). `--no-bare` skips it.

Under each summary, who used the machine while it was measured, in cores: the server (with its share
in the kernel), this driver, PostgreSQL, and anything else; a machine more than 90% busy is called
saturated, since a p99 measured there includes waiting for a core. `--pin` keeps this driver on the
first core and the servers (and PostgreSQL) on the others. `--probe` adds to `--timeline` each
second's worst event-loop lag and garbage-collector time inside the server's processes
(`bench/server_probe`, loaded by Python at start-up, no change to the app).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvloop

from bench.loopback_http import LoopbackPoster, percentile
from tests.channels.people import Person
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import free_port, serve
from tests.support.twilio_sim import SimError, TwilioSim

__all__ = ["BenchResult", "fresh_sqlite", "main", "percentile", "read_probe", "run_backend"]

PUBLIC = "https://knotty.bench.example"
AUTH_TOKEN = "bench-auth-token"
ACCOUNT_SID = "AC" + "b" * 32
NUMBER = "+15005550006"
TURN_PATHS = ("/twilio/voice/menu", "/twilio/voice/turn", "/twilio/sms")
PROBE = Path(__file__).with_name("server_probe")
"""The folder whose `sitecustomize` notes each server process's lag and collections (`--probe`)."""


def _family(pid: int) -> list[tuple[int, list[str]]]:
    """Process `pid` and its children (uvicorn's workers, PostgreSQL's backends): (pid, /proc stat fields)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            found.append((int(stat.parent.name), fields))
    return found


def _cpu_times(pid: int) -> tuple[float, float]:
    """(user, kernel) CPU seconds of a process and its children (uvicorn's workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    family = [fields for _, fields in _family(pid)]
    return sum(int(f[11]) for f in family) / tick, sum(int(f[12]) for f in family) / tick


def _cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children (uvicorn's workers), from /proc."""
    return sum(_cpu_times(pid))


def _machine_busy_s() -> float:
    """CPU seconds all processes of the machine have used (every core), from /proc/stat."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


async def _pg_sessions(url: str) -> int:
    """Connections PostgreSQL has accepted since its statistics began (this one included)."""
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        await conn.execute("SELECT pg_stat_force_next_flush()")
        return int(await conn.fetchval("SELECT sum(sessions) FROM pg_stat_database") or 0)
    finally:
        await conn.close()


async def _sample_cpu(
    server_pid: int, database_pid: int | None, into: list[tuple[float, float, float, float]]
) -> None:
    """Every second, the cores the server, the database and the whole machine used since the last
    sample, noted as (moment, server, database, machine) for the timeline: a stall with the machine
    busy is waiting for a core; one with the server idle is waiting on something else."""
    last = (
        time.perf_counter(),
        _cpu_seconds(server_pid),
        _cpu_seconds(database_pid) if database_pid else 0.0,
        _machine_busy_s(),
    )
    while True:
        await asyncio.sleep(1.0)
        now = (
            time.perf_counter(),
            _cpu_seconds(server_pid),
            _cpu_seconds(database_pid) if database_pid else 0.0,
            _machine_busy_s(),
        )
        span = now[0] - last[0]
        # A PostgreSQL backend that exits takes its CPU time with it: never below zero.
        into.append(
            (now[0], (now[1] - last[1]) / span, max(0.0, now[2] - last[2]) / span, (now[3] - last[3]) / span)
        )
        last = now


def _pin(pid: int, cpus: set[int] | None) -> None:
    """Keep process `pid` (every thread it has now; children and later threads inherit) on `cpus`."""
    if cpus is None:
        return
    tasks = Path(f"/proc/{pid}/task")
    for tid in [int(t.name) for t in tasks.iterdir()] if tasks.exists() else [pid]:
        try:
            os.sched_setaffinity(tid, cpus)
        except OSError:  # a thread that just ended
            continue


def _split_cpus(pin: bool) -> tuple[set[int] | None, set[int] | None]:
    """(the driver's cores, the servers' cores) with `--pin`: the driver alone on the first core, the
    servers on the others; (None, None) without it, or on a machine of one core."""
    cores = sorted(os.sched_getaffinity(0))
    if not pin or len(cores) < 2:
        return None, None
    return {cores[0]}, set(cores[1:])


def _pin_tree(pid: int | None, cpus: set[int] | None) -> None:
    """`_pin` a process and its children (PostgreSQL's running backends and helpers)."""
    if pid is None or cpus is None:
        return
    for member, _ in _family(pid):
        _pin(member, cpus)


def _postmaster_pid(data_dir: Path) -> int | None:
    """The PostgreSQL cluster's main process (its backends are its children), from postmaster.pid."""
    try:
        return int((data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def _server_command(port: int, workers: int) -> list[str]:
    """`knotty serve` (what `make run` and the Dockerfile run), with its uvicorn options and, with
    several workers, its metrics shared between them (prometheus_client's multiprocess files)."""
    return [
        sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers),
    ]  # fmt: skip


def _uvicorn_command(factory: str, port: int, workers: int) -> list[str]:
    """uvicorn serving `factory` as `knotty serve` does (no access log, warnings only)."""
    return [
        sys.executable, "-m", "uvicorn", factory, "--factory", "--host", "127.0.0.1",
        "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip


@dataclass
class BenchResult:
    """What one backend's run measured."""

    backend: str
    server_workers: int
    seconds: float
    webhooks: int
    turns: int
    turn_latencies: list[float]
    all_latencies: list[float]
    server_cpu_s: float
    conversations: int
    finished: int
    entries: int
    told: int
    """Conversations that ended with Knotty saying the person is on the list."""
    lost: list[str]
    """People who heard the goodbye but whose entry is missing or differs from what they said."""
    texts: int
    failures: list[str] = field(default_factory=list)
    timeline: str = ""
    machine_busy_s: float = 0.0
    """CPU time of the whole machine during the run: the server, this driver, the database, and
    anything else running (other processes on a shared machine skew the latencies)."""
    driver_cpu_s: float = 0.0
    """CPU time of this process (the simulated Twilio): near a full core means the driver limits."""
    server_kernel_s: float = 0.0
    """The part of `server_cpu_s` spent in the kernel (sockets, epoll, futexes, file writes)."""
    database_cpu_s: float = 0.0
    """CPU time of the PostgreSQL cluster's processes (0 on SQLite: it runs inside the server)."""
    pinned: str = ""
    """How processes were placed on cores ("" when not pinned)."""
    unsigned: list[str] = field(default_factory=list)
    database_sessions: int = 0
    """PostgreSQL connections opened during the measured seconds (each costs a process, a login and
    its statements planned again: under a steady load the pools should open none)."""
    """Transcripts of the conversations that ended without the person told they are on the list."""

    def cpu_line(self) -> str:
        """Who used the machine during the measured seconds, in cores: read p99 against it (a tail
        measured on a saturated machine is queueing for a core, not the server's own latency)."""
        cores = os.cpu_count() or 1
        others = self.machine_busy_s - self.server_cpu_s - self.driver_cpu_s - self.database_cpu_s
        parts = [
            f"server {self.server_cpu_s / self.seconds:.2f} ({self.server_kernel_s / max(self.server_cpu_s, 1e-9):.0%} in the kernel)",
            f"driver (simulated Twilio) {self.driver_cpu_s / self.seconds:.2f}",
        ]
        if self.backend == "postgres":
            parts.append(
                f"PostgreSQL {self.database_cpu_s / self.seconds:.2f} ({self.database_sessions} connections opened)"
            )
        parts.append(f"anything else {max(0.0, others) / self.seconds:.2f}")
        busy = self.machine_busy_s / self.seconds
        return (
            f"  CPU in cores: {', '.join(parts)}; machine {busy:.2f} of {cores} busy"
            f"{' (saturated: p99 includes waiting for a core)' if busy > 0.9 * cores else ''}"
            f"{'; pinned: ' + self.pinned if self.pinned else ''}"
        )

    def summary(self) -> str:
        t = [x * 1000 for x in self.turn_latencies]
        a = [x * 1000 for x in self.all_latencies]
        return (
            f"{self.backend} ({self.server_workers} server process{'es' if self.server_workers > 1 else ''}): {self.webhooks / self.seconds:.0f} webhooks/s ({self.turns / self.seconds:.0f} agent turns/s) "
            f"over {self.seconds:.0f} s; turn latency p50 {percentile(t, 50):.1f} ms, p99 {percentile(t, 99):.1f} ms, "
            f"max {max(t, default=0):.0f} ms; all webhooks p50 {percentile(a, 50):.1f} ms, p99 {percentile(a, 99):.1f} ms, "
            f"max {max(a, default=0):.0f} ms; "
            f"server CPU {self.server_cpu_s / max(1, self.webhooks) * 1000:.2f} ms/webhook "
            f"({self.server_cpu_s / self.seconds:.0%} of a core); "
            f"{self.finished} conversations finished ({self.conversations} started), {self.entries} entries, "
            f"{self.finished - self.told} ended without being signed up, "
            f"{len(self.lost)} finished signups lost or wrong{': ' if self.lost else ''}{'; '.join(self.lost[:3])}, "
            f"{self.texts} confirmation texts; {len(self.failures)} failures\n{self.cpu_line()}"
            + "".join(f"\n  ended without being signed up: {t}" for t in self.unsigned[:2])
        )


class _Load:
    """N workers, each running conversations back to back, pacing turns to offer `rate` webhooks/s."""

    def __init__(
        self,
        sim: TwilioSim,
        workers: int,
        rate: float,
        ramp: float,
        texts: bool = True,
        rest: FakeTwilioRest | None = None,
    ) -> None:
        self.sim = sim
        self.rest = rest
        """Where texts kept under overload are answered later (through the REST API)."""
        self.answered_later = 0
        self.texts = texts
        self.workers = workers
        self.interval = workers / rate if rate > 0 else 0.0
        self.ramp = ramp
        self.deadline = 0.0
        self.started = 0
        self.finished = 0
        self.signed_up: dict[str, tuple[str, str, str]] = {}
        self.unsigned: list[str] = []
        """email -> (name, phone, role) of everyone who finished: each must be in the database."""
        self.failures: list[str] = []
        self._ids = 0

    async def _pace(self, due: float) -> float:
        """Sleep until `due`; the next turn's due time (no catching up on a slow server's backlog)."""
        now = time.perf_counter()
        if due > now:
            await asyncio.sleep(due - now)
        return max(due, now) + self.interval

    def _person(self) -> tuple[int, Person]:
        self._ids += 1
        i = self._ids
        tag = "".join(chr(97 + (i // 26**k) % 26) for k in range(3))
        role = random.choice(("therapist", "client"))
        return i, Person(
            f"Pat Bench{tag}",
            f"pat{i}@example.com",
            f"pat {i} at example dot com",
            role,
            wants_text=self.texts,
        )

    async def _call(self, due: float) -> float:
        i, person = self._person()
        due = await self._pace(due)
        call = await self.sim.call(f"+1{2025550000 + i}")
        due = await self._pace(due)
        await call.press("1")
        for _ in range(15):
            if call.ended or time.perf_counter() > self.deadline:
                break
            due = await self._pace(due)
            await call.say(person.answer(call.last_heard, spoken=True))
        if call.errors:
            self.failures.extend(call.errors)
        if call.ended and not call.errors:
            self.finished += 1
            if _told_signed_up(text for who, text in call.transcript if who == "knotty"):
                self.signed_up[person.email_typed] = (person.name, f"+1{2025550000 + i}", person.role)
            else:
                self.unsigned.append(" | ".join(f"{who}: {text}" for who, text in call.transcript))
        return due

    async def _texts(self, due: float) -> float:
        i, person = self._person()
        phone = self.sim.texter(f"+1{3035550000 + i}")
        due = await self._pace(due)
        reply = await self._reply(phone.number, await phone.send("Hi, I'd like to join the waitlist"))
        heard = [reply]
        for _ in range(15):
            if time.perf_counter() > self.deadline:
                return due
            if "?" not in reply:
                self.finished += 1
                if _told_signed_up(heard):
                    self.signed_up[person.email_typed] = (person.name, phone.number, person.role)
                else:
                    self.unsigned.append(" | ".join(heard))
                return due
            due = await self._pace(due)
            reply = await self._reply(phone.number, await phone.send(person.answer(reply, spoken=False)))
            heard.append(reply)
        return due

    async def _reply(self, phone: str, replies: list[str], wait_s: float = 15.0) -> str:
        """The one reply to a text: in the webhook's TwiML, or, for a text kept while Knotty was
        overloaded (an empty answer), the message the REST API gets for this number soon after."""
        if replies:
            [reply] = replies
            return reply
        if self.rest is None:
            raise SimError(f"{phone}: a text answered with nothing and no REST API to look in")
        seen = len(self.rest.messages_to(phone))
        until = time.perf_counter() + wait_s
        while time.perf_counter() < until:
            later = self.rest.messages_to(phone)
            if len(later) > seen:
                self.answered_later += 1
                return later[seen].body
            await asyncio.sleep(0.05)
        raise SimError(f"{phone}: a text kept for later was not answered within {wait_s:.0f} s")

    async def _worker(self, n: int) -> None:
        due = time.perf_counter() + random.uniform(0, self.ramp or 0.01)
        voice = n % 2 == 0
        while time.perf_counter() < self.deadline:
            self.started += 1
            try:
                due = await (self._call(due) if voice else self._texts(due))
            except (SimError, AssertionError, ValueError, OSError, TimeoutError) as exc:
                self.failures.append(f"{type(exc).__name__}: {exc}")

    async def run(self, until: float) -> None:
        """Run conversations until the `until` clock time."""
        self.deadline = until
        await asyncio.gather(*(self._worker(n) for n in range(self.workers)))


def _told_signed_up(replies: Iterable[str]) -> bool:
    """Whether Knotty told the person they are on the list ("you're now on our ... waitlist", "all set")."""
    return any(_SIGNED_UP.search(reply) for reply in replies)


_SIGNED_UP = re.compile(r"\b(?:all set|you're (?:now |already )?on (?:the|our)\b)", re.IGNORECASE)


def _lost(signed_up: dict[str, tuple[str, str, str]], stored: dict[str, tuple[str, str, str]]) -> list[str]:
    """The people told they were signed up who are not in the database exactly as they said."""
    return [
        f"{email} said {said}, stored {stored.get(email)}"
        for email, said in signed_up.items()
        if stored.get(email) != said
    ]


START_TIMEOUT_S = 120.0
"""How long a server may take to answer /healthz: on a shared, saturated machine two workers' imports
and a PostgreSQL cluster's start took more than the 30 s this was."""


async def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.perf_counter() + START_TIMEOUT_S
    async with httpx.AsyncClient() as http:
        while time.perf_counter() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited: {log.read_text()[-2000:]}")
            try:
                if (await http.get(url + "/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not become healthy")


def fresh_sqlite(workdir: Path) -> str:
    """The URL of an empty SQLite database in `workdir`: a kept `--workdir` holds the last run's
    signups, whose people (the same made-up numbers and addresses) would be "already signed up"."""
    for stale in workdir.glob("bench.db*"):  # with its -wal and -shm
        stale.unlink()
    return f"sqlite+aiosqlite:///{workdir / 'bench.db'}"


def read_probe(folder: Path) -> tuple[list[tuple[float, float]], list[tuple[float, int, float]]]:
    """What `bench/server_probe` noted in every server process: (moment, seconds late) of the event
    loops' ticks and (moment, generation, seconds) of the garbage-collector passes."""
    lags: list[tuple[float, float]] = []
    collections: list[tuple[float, int, float]] = []
    for path in sorted(folder.glob("probe-*.tsv")):
        for line in path.read_text().splitlines():
            kind, *fields = line.split("\t")
            if kind == "lag" and len(fields) == 2:
                lags.append((float(fields[0]), float(fields[1])))
            elif kind == "gc" and len(fields) == 3:
                collections.append((float(fields[0]), int(fields[1]), float(fields[2])))
    return lags, collections


def _py_spy(pid: int, profile: Path | None, backend: str, duration: float) -> subprocess.Popen[bytes] | None:
    """Sample the server with py-spy (collapsed stacks) while the load runs, if asked to."""
    if profile is None:
        return None
    profile.mkdir(parents=True, exist_ok=True)
    out = profile / f"{backend}.folded"
    # --subprocesses: with --workers the pid is uvicorn's supervisor, the work is in its children.
    beside = Path(sys.executable).with_name("py-spy")  # installed in the virtualenv, often not on PATH
    cmd = [str(beside) if beside.exists() else "py-spy", "record", "--pid", str(pid), "--subprocesses", "--nonblocking", "--format", "raw",
           "--rate", "100", "--duration", str(int(duration)), "--output", str(out)]  # fmt: skip
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def run_backend(
    backend: str,
    database_url: str,
    workdir: Path,
    *,
    workers: int,
    rate: float,
    duration: float,
    profile: Path | None = None,
    server_workers: int = 1,
    texts: bool = True,
    database_pid: int | None = None,
    server_cpus: set[int] | None = None,
    probe: bool = False,
) -> BenchResult:
    """Serve the app on `database_url` (migrated) and drive it; the measurements. With `probe`, the
    server's processes note their garbage-collector passes and event-loop lag for the timeline."""
    from knotty.store import Store, create_engine

    rest = FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN)
    rest.add_number(NUMBER)
    port = free_port()
    log = workdir / f"server-{backend}.log"
    async with serve(rest) as rest_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "KNOTTY_BRAIN": "scripted",
            "KNOTTY_DATA_DIR": str(workdir / "data"),
            "PUBLIC_BASE_URL": PUBLIC,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_PHONE_NUMBER": NUMBER,
            "TWILIO_API_BASE_URL": rest_url,
            "KNOTTY_SECRET_KEY": "bench-secret-key-" + "k" * 40,
        }
        env.pop("OPENAI_API_KEY", None)
        probed = workdir / f"probe-{backend}"
        if probe:
            shutil.rmtree(probed, ignore_errors=True)
            probed.mkdir(parents=True)
            env["KNOTTY_BENCH_PROBE_DIR"] = str(probed)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROBE), env.get("PYTHONPATH", "")]))
        with log.open("wb") as out:
            proc = subprocess.Popen(
                _server_command(port, server_workers),
                env=env,
                cwd=workdir,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            _pin(proc.pid, server_cpus)  # before uvicorn starts its workers: they inherit it
            try:
                base = f"http://127.0.0.1:{port}"
                await _wait_healthy(base, proc, log)
                http = LoopbackPoster(base, workers + 10)
                try:
                    sim = TwilioSim(
                        base,
                        public_base_url=PUBLIC,
                        auth_token=AUTH_TOKEN,
                        account_sid=ACCOUNT_SID,
                        number=NUMBER,
                        http=http,
                    )
                    # Conversations start spread over about one conversation's length, so that once
                    # measuring starts they are at every stage, as real callers are.
                    ramp = min(12 * workers / rate, 30.0) if rate > 0 else 0.0
                    load = _Load(sim, workers, rate, ramp, texts, rest)
                    begin = time.perf_counter() + ramp
                    running = asyncio.create_task(load.run(until=begin + duration))
                    lagging = asyncio.create_task(http.watch_lag())
                    unwatch_gc = http.watch_gc()
                    sampling = asyncio.create_task(_sample_cpu(proc.pid, database_pid, http.cpu))
                    await asyncio.sleep(ramp)
                    resume_collector = http.pause_collector()
                    spy = _py_spy(proc.pid, profile, backend, duration)
                    sessions_before = await _pg_sessions(database_url) if database_pid else 0
                    (user_before, kernel_before), own_before, busy_before, db_before = (
                        _cpu_times(proc.pid),
                        time.process_time(),
                        _machine_busy_s(),
                        _cpu_seconds(database_pid) if database_pid else 0.0,
                    )
                    await asyncio.sleep(duration)
                    user, kernel = _cpu_times(proc.pid)
                    cpu, kernel = user + kernel - user_before - kernel_before, kernel - kernel_before
                    own = time.process_time() - own_before
                    busy = _machine_busy_s() - busy_before
                    db = (_cpu_seconds(database_pid) if database_pid else 0.0) - db_before
                    sessions = (await _pg_sessions(database_url) - sessions_before - 1) if database_pid else 0
                    await running
                    resume_collector()
                    lagging.cancel()
                    sampling.cancel()
                    unwatch_gc()
                    if spy is not None:
                        spy.wait(timeout=30)
                finally:
                    await http.aclose()
                await asyncio.sleep(2.0)  # confirmation texts still under way
            finally:
                proc.terminate()
                proc.wait(timeout=20)
    if probe:
        http.server_lags, http.server_collections = read_probe(probed)
    clocks = time.time() - time.perf_counter()  # the fake API stamps texts by the wall clock
    http.texts = [m.created.timestamp() - clocks for m in rest.messages]
    engine = create_engine(database_url)
    try:
        rows = await Store(engine).list_entries(limit=1_000_000)
    finally:
        await engine.dispose()
    timings = http.window(begin, begin + duration)
    return BenchResult(
        backend=backend,
        server_workers=server_workers,
        seconds=duration,
        webhooks=len(timings),
        turns=sum(1 for path, _ in timings if path in TURN_PATHS),
        turn_latencies=[s for path, s in timings if path in TURN_PATHS],
        all_latencies=[s for _, s in timings],
        server_cpu_s=cpu,
        server_kernel_s=kernel,
        conversations=load.started,
        finished=load.finished,
        entries=len(rows),
        told=len(load.signed_up),
        unsigned=load.unsigned,
        lost=_lost(load.signed_up, {r.email: (r.full_name, r.phone, r.role) for r in rows}),
        texts=len(rest.messages),
        failures=load.failures,
        driver_cpu_s=own,
        database_cpu_s=db,
        machine_busy_s=busy,
        timeline=http.timeline(begin),
        database_sessions=sessions,
    )


@dataclass
class BareResult:
    """The bare Litestar app's cost per webhook, measured in the same run as Knotty's."""

    requests: int
    seconds: float
    server_cpu_s: float
    latencies: list[float]
    server_kernel_s: float = 0.0
    """The part of `server_cpu_s` spent in the kernel."""

    @property
    def cpu_ms(self) -> float:
        """Server CPU per webhook, in milliseconds."""
        return self.server_cpu_s / max(1, self.requests) * 1000

    def summary(self) -> str:
        ms = [x * 1000 for x in self.latencies]
        return (
            f"bare Litestar app (same form, signature check, TwiML): {self.requests / self.seconds:.0f} webhooks/s, "
            f"p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms, server CPU {self.cpu_ms:.3f} ms/webhook "
            f"({self.server_kernel_s / max(self.server_cpu_s, 1e-9):.0%} in the kernel)"
        )


def _signed_texts(count: int) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """(path, form, headers) of `count` SMS webhooks signed as Twilio signs them, built before timing."""
    sim = TwilioSim(
        "http://unused", public_base_url=PUBLIC, auth_token=AUTH_TOKEN, account_sid=ACCOUNT_SID, number=NUMBER
    )
    hooks = []
    for i in range(count):
        sid = f"SM{i:032x}"
        params = {
            "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "MessageSid": sid, "SmsMessageSid": sid,
            "SmsSid": sid, "SmsStatus": "received", "From": f"+1303555{i % 10000:04d}", "To": NUMBER,
            "Body": "my name is Pat Bench and my email is pat@example.com", "NumMedia": "0", "NumSegments": "1",
            "FromCountry": "US", "ToCountry": "US",
        }  # fmt: skip
        hook = sim.webhook(PUBLIC + "/twilio/sms", params)
        hooks.append(("/twilio/sms", hook.params, hook.headers))
    return hooks


async def run_bare(
    workdir: Path,
    *,
    rate: float,
    duration: float,
    connections: int,
    server_workers: int,
    server_cpus: set[int] | None = None,
) -> BareResult:
    """Serve the bare app with the same uvicorn and offer it `rate` signed SMS webhooks/s for `duration` s."""
    port = free_port()
    log = workdir / "server-bare.log"
    env = {**os.environ, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": PUBLIC}
    hooks = _signed_texts(2000)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            _uvicorn_command("bench.bare_app:create_app", port, server_workers),
            env=env, cwd=Path(__file__).resolve().parent.parent, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        _pin(proc.pid, server_cpus)
        try:
            base = f"http://127.0.0.1:{port}"
            await _wait_healthy(base, proc, log)
            http = LoopbackPoster(base, connections)
            slots = asyncio.Semaphore(connections)
            tasks: set[asyncio.Task[None]] = set()

            async def one(i: int) -> None:
                path, form, headers = hooks[i % len(hooks)]
                async with slots:
                    reply = await http.post(base + path, data=form, headers=headers)
                if reply.status_code != 200:
                    raise RuntimeError(f"the bare app answered {reply.status_code}")

            try:
                for i in range(int(rate)):  # a second of warm-up, unmeasured
                    tasks.add(asyncio.create_task(one(i)))
                    await asyncio.sleep(1 / rate)
                await asyncio.gather(*tasks)
                tasks.clear()
                resume_collector = http.pause_collector()  # as for Knotty, so the two runs compare
                begin = time.perf_counter()
                user_before, kernel_before = _cpu_times(proc.pid)
                sent, interval = 0, 1 / rate
                while (now := time.perf_counter()) < begin + duration:
                    due = begin + sent * interval
                    if due > now:
                        await asyncio.sleep(due - now)
                    tasks.add(asyncio.create_task(one(sent)))
                    sent += 1
                await asyncio.gather(*tasks)
                resume_collector()
                user, kernel = _cpu_times(proc.pid)
                cpu, kernel = user + kernel - user_before - kernel_before, kernel - kernel_before
                timings = http.window(begin, begin + duration)
            finally:
                await http.aclose()
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    return BareResult(
        requests=len(timings),
        seconds=duration,
        server_cpu_s=cpu,
        latencies=[d for _, d in timings],
        server_kernel_s=kernel,
    )


def ratio_line(result: BenchResult, bare: BareResult) -> str:
    """Knotty's server CPU per webhook and per agent turn beside the bare app's, and the ratio."""
    per_webhook = result.server_cpu_s / max(1, result.webhooks) * 1000
    per_turn = result.server_cpu_s / max(1, result.turns) * 1000
    return (
        f"{result.backend}: server CPU per webhook {per_webhook:.2f} ms (per agent turn {per_turn:.2f} ms) "
        f"vs bare app {bare.cpu_ms:.3f} ms: {per_webhook / max(bare.cpu_ms, 1e-9):.1f}x per webhook, "
        f"{per_turn / max(bare.cpu_ms, 1e-9):.1f}x per turn"
    )


async def _main(args: argparse.Namespace) -> int:
    from app.migrate import migrate_async
    from bench.existing import fill

    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results: list[BenchResult] = []
    driver_cpus, server_cpus = _split_cpus(args.pin)
    _pin(os.getpid(), driver_cpus)
    with tempfile.TemporaryDirectory(prefix="knotty-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for backend in backends:
            cluster = None
            if backend == "postgres":
                from tests.support.postgres import start_cluster

                cluster = start_cluster()
                url = cluster.url()
                _pin_tree(_postmaster_pid(cluster.data_dir), server_cpus)
            else:
                url = fresh_sqlite(workdir)
            try:
                await migrate_async(url)
                if args.existing:
                    started = time.perf_counter()
                    await fill(url, args.existing)
                    print(
                        f"{backend}: the database holds {args.existing:,} earlier signups "
                        f"(written in {time.perf_counter() - started:.0f} s)",
                        flush=True,
                    )
                result = await run_backend(
                    backend,
                    url,
                    workdir,
                    workers=args.conversations,
                    rate=args.rate,
                    duration=args.duration,
                    profile=args.profile,
                    server_workers=args.workers,
                    texts=not args.no_texts,
                    database_pid=_postmaster_pid(cluster.data_dir) if cluster else None,
                    server_cpus=server_cpus,
                    probe=args.probe,
                )
                if server_cpus is not None and driver_cpus is not None:
                    result.pinned = f"driver on core {min(driver_cpus)}, servers{' and PostgreSQL' if cluster else ''} on {sorted(server_cpus)}"
            finally:
                if cluster:
                    cluster.stop()
            results.append(result)
            print(result.summary(), flush=True)
            if not args.no_bare:
                rate = args.rate if args.rate > 0 else result.webhooks / result.seconds
                bare = await run_bare(
                    workdir, rate=rate, duration=min(args.duration, 10.0),
                    connections=args.conversations + 10, server_workers=args.workers, server_cpus=server_cpus,
                )  # fmt: skip
                print(bare.summary(), flush=True)
                print(ratio_line(result, bare), flush=True)
            if args.timeline:
                print(result.timeline)
            for failure in sorted(set(result.failures))[:5]:
                print(f"  failure: {failure}")
    return 1 if any(r.failures for r in results) else 0


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--conversations", type=int, default=200, help="conversations at once (half calls, half texts)"
    )
    parser.add_argument(
        "--rate", type=float, default=200.0, help="webhooks per second offered; 0: as fast as possible"
    )
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    parser.add_argument("--timeline", action="store_true", help="print latency per second of the run")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the database and server logs here")
    parser.add_argument("--no-texts", action="store_true", help="people decline the confirmation text")
    parser.add_argument("--workers", type=int, default=1, help="server processes (uvicorn workers)")
    parser.add_argument("--profile", type=Path, default=None, help="folder for py-spy profiles of the server")
    parser.add_argument(
        "--probe",
        action="store_true",
        help="the timeline also shows each second's worst event-loop lag and garbage-collector time in the server",
    )
    parser.add_argument(
        "--no-bare", action="store_true", help="skip the bare Litestar app measured beside Knotty"
    )
    parser.add_argument(
        "--existing",
        type=int,
        default=0,
        help="first fill the database with the rows of this many earlier signups (bench/existing.py)",
    )
    parser.add_argument(
        "--pin",
        action="store_true",
        help="the driver on the first core, the servers (and PostgreSQL) on the others: their own p99",
    )
    # The driver stands for machines outside this one: uvloop keeps its own CPU off the server's cores.
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        raise SystemExit(runner.run(_main(parser.parse_args())))


if __name__ == "__main__":
    main()
