"""llama.cpp's OpenAI-compatible server with SmolLM2-135M on loopback: a real, small, unreliable model.

Installed by `scripts/model-deps.sh` (also run by `make test`); `model_file()` is None when it is not.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from knotty.brains.base import BrainContext
from knotty.brains.openai import build_messages, tool_params
from knotty.state import ConversationState
from tests.support.live_server import free_port

__all__ = ["MODEL_FILE", "missing_reason", "model_server"]

ROOT = Path(__file__).resolve().parents[2]
MODEL_FILE = ROOT / ".knotty" / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"


def missing_reason() -> str | None:
    """Why the real-model tier cannot run here, or None when it can."""
    try:
        import llama_cpp.server  # noqa: F401
    except Exception as exc:
        return f"llama-cpp-python[server] is not installed ({type(exc).__name__}); run scripts/model-deps.sh"
    if not MODEL_FILE.is_file():
        return f"{MODEL_FILE.relative_to(ROOT)} is missing; run scripts/model-deps.sh"
    return None


def _opening() -> list[Any]:
    """The messages of a conversation's first turn: the prompt and the channel note, as the brain sends them."""
    ctx = BrainContext(history=[], user_text="", state=ConversationState(), region="US", opening=True)
    return list(build_messages(ctx))


@contextmanager
def model_server(start_timeout_s: float = 120.0) -> Iterator[str]:
    """Serve the model on a loopback port, warmed up; yields the OpenAI base URL (`.../v1`)."""
    from tests.corpus.llama_serve import CHAT_FORMAT  # imports llama_cpp: only once it is known installed

    port = free_port()
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        # llama-cpp-python's server with its tool handler able to say words (`llama_serve`)
        [sys.executable, "-m", "tests.corpus.llama_serve", "--model", str(MODEL_FILE), "--chat_format",
         CHAT_FORMAT, "--n_ctx", "4096", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=log, cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + start_timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the model server exited with {proc.returncode}")
            try:
                if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the model server did not start")
            time.sleep(0.3)
        # The first completion loads the model and reads Knotty's prompt and tools (about 1,100 tokens,
        # ~30 s on a loaded machine); the server keeps that prefix, so no conversation pays for it (a
        # conversation's first turn did, timed out, and the breaker then kept the model out of the run).
        httpx.post(
            f"{base}/chat/completions",
            json={
                "messages": _opening(),
                "tools": tool_params(),
                "tool_choice": "auto",
                "temperature": 0.3,
                "max_tokens": 4,
            },
            timeout=3 * start_timeout_s,  # the slowest step: on 2 cores shared with the suite's other worker
        )
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
