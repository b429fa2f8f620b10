"""`knotty serve` on a port another program holds: one line saying so, exit status 2, before any banner.

Before: it printed "Knotty is serving on http://127.0.0.1:PORT" and the rest of its banner, started the
app, and only then uvicorn failed to bind, in one JSON line among its startup lines, exit status 3: the
first thing an operator read was that it served where it did not.
"""

from __future__ import annotations

import socket
from pathlib import Path

from tests.integration.knotty_cli import knotty


def test_a_taken_port_is_refused_in_one_line_before_the_banner(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        ran = knotty("serve", "--host", "127.0.0.1", "--port", str(port), cwd=tmp_path, timeout=60)
    assert ran.returncode == 2, (ran.returncode, ran.stdout, ran.stderr)
    assert "serving on" not in ran.stdout, "the banner claims an address it never listened on"
    assert ran.error_lines == [
        f"knotty: --port: 127.0.0.1:{port} is already in use (another Knotty still running, or another "
        "program); stop it or choose another --port"
    ], ran.stderr


def test_a_host_of_another_machine_is_refused_in_one_line(tmp_path: Path) -> None:
    ran = knotty("serve", "--host", "192.0.2.7", "--port", "8000", cwd=tmp_path, timeout=60)
    assert ran.returncode == 2, (ran.returncode, ran.stdout, ran.stderr)
    assert "serving on" not in ran.stdout
    [line] = ran.error_lines
    assert line.startswith("knotty: --host: 192.0.2.7 is no address of this machine"), line
