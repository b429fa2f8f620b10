"""`knotty chat` in a real terminal (a pseudo-terminal): line editing, history, a way out, no log lines.

Issue 16: the terminal chat had no line editing (arrow keys printed `^[[D`), no history, JSON log
lines landing between Knotty's messages, and no word on how to leave.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

CTRL_A = "\x01"  # readline: to the start of the line
LEFT = "\x1b[D"


def _read_until(fd: int, needle: str, seen: list[str], timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while needle not in "".join(seen):
        left = deadline - time.monotonic()
        assert left > 0, f"no {needle!r} in {''.join(seen)!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                seen.append(os.read(fd, 4096).decode("utf-8", "replace"))
            except OSError:
                break
    return "".join(seen)


def test_chat_in_a_terminal_edits_lines_keeps_history_and_logs_aside(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TWILIO_", "DATABASE_URL"))}
    env |= {"KNOTTY_DATA_DIR": str(tmp_path / "data"), "KNOTTY_LOG_LEVEL": "DEBUG", "TERM": "xterm"}
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "chat"],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=tmp_path,
        env=env,
    )
    os.close(child)
    seen: list[str] = []
    try:
        out = _read_until(main, "You: ", seen)
        assert "Ctrl-D" in out, "says how to leave"
        # Typed "Doe", jumped to the start of the line, typed "Jane ": readline makes it "Jane Doe".
        os.write(main, f"Doe{CTRL_A}Jane \r".encode())
        seen.clear()
        out = _read_until(main, "You: ", seen)
        assert "Jane" in out.split("Knotty:", 1)[-1], out
        # The left arrow moves the cursor instead of typing an escape sequence.
        os.write(main, f"415 555 010{LEFT}0\r".encode())  # "415 555 0100" once edited
        seen.clear()
        out = _read_until(main, "You: ", seen)
        assert "email" in out.split("Knotty:", 1)[-1].lower(), f"the phone was taken, the email asked: {out}"
        os.write(main, b"\x04")  # Ctrl-D leaves
        proc.wait(timeout=30)
        transcript = "".join(seen)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)
    assert proc.returncode == 0
    assert '{"level"' not in transcript, "log lines stay out of the conversation"
    logged = [json.loads(line) for line in (tmp_path / "data" / "chat.log").read_text().splitlines()]
    assert any(line.get("event") == "turn" for line in logged), "they go to the chat log"
    history = (tmp_path / "data" / "chat_history").read_text()
    assert "Jane Doe" in history and "415 555 0100" in history
