"""The load benchmark's report says who used the machine, so a p99 measured on a saturated machine reads as such."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.run import BenchResult, _postmaster_pid, _split_cpus


def _result(backend: str, *, server: float, driver: float, database: float, machine: float) -> BenchResult:
    return BenchResult(
        backend=backend, server_workers=2, seconds=10.0, webhooks=2000, turns=1800, turn_latencies=[0.01],
        all_latencies=[0.01], server_cpu_s=server * 10, conversations=10, finished=10, entries=10, told=10,
        lost=[], texts=10, driver_cpu_s=driver * 10, database_cpu_s=database * 10, machine_busy_s=machine * 10,
        server_kernel_s=server * 10 * 0.25,
    )  # fmt: skip


def test_the_report_names_the_cores_used_by_the_server_the_driver_and_postgresql() -> None:
    line = _result("postgres", server=1.2, driver=0.3, database=0.4, machine=2.0).cpu_line()

    assert "server 1.20 (25% in the kernel)" in line
    assert "driver (simulated Twilio) 0.30" in line
    assert "PostgreSQL 0.40" in line
    assert "anything else 0.10" in line


def test_a_saturated_machine_is_called_so_and_a_quiet_one_is_not() -> None:
    cores = os.cpu_count() or 1
    busy = _result("sqlite", server=0.5, driver=0.2, database=0.0, machine=cores * 0.95).cpu_line()
    quiet = _result("sqlite", server=0.5, driver=0.2, database=0.0, machine=0.8).cpu_line()

    assert "saturated" in busy
    assert "saturated" not in quiet
    assert "PostgreSQL" not in quiet  # SQLite runs inside the server: no database process to count


def test_pinning_puts_the_driver_alone_on_one_core_and_is_off_by_default() -> None:
    assert _split_cpus(False) == (None, None)
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        pytest.skip("one core: nothing to pin apart")
    driver, servers = _split_cpus(True)
    assert driver == {cores[0]}
    assert servers == set(cores[1:])


def test_the_postgresql_process_is_read_from_its_pid_file(tmp_path: Path) -> None:
    (tmp_path / "postmaster.pid").write_text("4242\n/var/lib/data\n1700000000\n")

    assert _postmaster_pid(tmp_path) == 4242
    assert _postmaster_pid(tmp_path / "missing") is None
