"""A loopback Twilio: places calls and sends texts to the real app, as Twilio does, over real HTTP.

Every webhook is a form POST signed with `X-Twilio-Signature` over the *public* URL (the app sits
behind `public_base_url`, as behind a proxy) and carries an `I-Twilio-Idempotency-Token`. Calls follow
the returned TwiML verb by verb: `<Say>` is heard, `<Gather>` waits for the caller (speech or keypad,
as its `input` allows), a `<Gather>` that hears nothing falls through to the next verb (or posts an
empty result with `actionOnEmptyResult`), `<Redirect>` fetches the next document, `<Hangup>` or the
end of a document ends the call, and `<Connect>` hands the call to a stream (recorded, not followed).
When a call ends, the number's status callback is posted.

    async with TwilioSim(base_url, public_base_url=..., auth_token=...) as twilio:
        call = await twilio.call("+14155550100")
        await call.press("1")
        await call.say("my name is Ana Lima")
        await call.stay_silent()
        await call.hang_up()

        phone = twilio.texter("+14155550100")
        replies = await phone.send("hi")

`retry_last()` sends the previous webhook again, byte for byte (same signature, same token), as
Twilio does when it did not get an answer in time.
"""

from __future__ import annotations

import itertools
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol, Self
from urllib.parse import urljoin

import httpx
from twilio.request_validator import RequestValidator

__all__ = ["Call", "HttpPoster", "PostedReply", "SimError", "Texter", "TwilioSim", "Webhook"]

_numbers = itertools.count(1)
ATTESTED = "TN-Validation-Passed-A"
"""Twilio's `StirVerstat` for a caller ID its carrier fully attests (SHAKEN/STIR A): what a call from a
phone's own line carries, so a simulated call is its number's holder unless a test says otherwise."""
MAX_DOCUMENTS_WITHOUT_INPUT = 20
"""More documents than this without the caller doing anything is a redirect loop."""


class PostedReply(Protocol):
    """What a webhook answered: an `httpx.Response`, or a benchmark client's lighter reply."""

    @property
    def status_code(self) -> int: ...

    @property
    def text(self) -> str: ...


class HttpPoster(Protocol):
    """What the simulator sends webhooks with: `httpx.AsyncClient` (the default) or anything posting
    forms alike and answering with an object that has `status_code` and `text` (a benchmark's
    lighter client)."""

    async def post(self, url: str, *, data: dict[str, str], headers: dict[str, str]) -> PostedReply: ...


class SimError(AssertionError):
    """The app answered in a way Twilio would reject (an error status, invalid TwiML, a loop)."""


@dataclass(frozen=True)
class Webhook:
    """One request as sent, kept so it can be sent again verbatim."""

    url: str
    """The public URL Twilio called (and signed)."""
    params: dict[str, str]
    headers: dict[str, str]


def _sid(prefix: str) -> str:
    return prefix + uuid.uuid4().hex


class TwilioSim:
    """Twilio's side of the webhooks, for one account and one Knotty number."""

    def __init__(
        self,
        app_url: str,
        *,
        public_base_url: str,
        auth_token: str,
        account_sid: str = "AC" + "0" * 32,
        number: str = "+15005550006",
        voice_path: str = "/twilio/voice",
        status_path: str | None = "/twilio/voice/status",
        sms_path: str = "/twilio/sms",
        http: HttpPoster | None = None,
        timeout_s: float = 15.0,
    ) -> None:
        self.app_url = app_url.rstrip("/")
        self.public_base_url = public_base_url.rstrip("/")
        self.auth_token = auth_token
        self.account_sid = account_sid
        self.number = number
        self.voice_path = voice_path
        self.status_path = status_path
        self.sms_path = sms_path
        self.timeout_s = timeout_s
        self._client: httpx.AsyncClient | None = None
        if http is None:
            # Idle connections are dropped after 2 s, well inside uvicorn's 5 s keep-alive: with both at 5 s
            # a webhook sent after a pause (a slow recogniser) could race the server closing its socket.
            limits = httpx.Limits(keepalive_expiry=2.0)
            self._client = http = httpx.AsyncClient(timeout=timeout_s, limits=limits)
        self.http: HttpPoster = http
        self.timings: list[tuple[str, float]] = []
        """(path, seconds) of every webhook answered: what a benchmark reads."""
        self.recorded: list[Webhook] | None = None
        """What `record` keeps (None: nothing is kept)."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._client is not None:
            await self._client.aclose()

    # --- the wire ------------------------------------------------------------------------------

    def public_url(self, path: str) -> str:
        """The public URL of an app path."""
        return self.public_base_url + path

    def local_url(self, public_url: str) -> str:
        """Where a public URL actually is: the app on loopback."""
        if not public_url.startswith(self.public_base_url):
            raise SimError(f"TwiML points outside the app: {public_url}")
        return self.app_url + public_url[len(self.public_base_url) :]

    def local_ws_url(self, public_ws_url: str) -> str:
        """Where a public `wss://` URL of the app (a stream's, from `<Connect>`) actually is."""
        for secure, plain in (("https://", "wss://"), ("http://", "ws://")):
            if self.public_base_url.startswith(secure):
                public_ws = plain + self.public_base_url[len(secure) :]
                break
        else:
            raise SimError(f"no WebSocket form of {self.public_base_url}")
        if not public_ws_url.startswith(public_ws + "/"):
            raise SimError(f"the stream URL points outside the app: {public_ws_url}")
        return self.app_url.replace("http://", "ws://", 1) + public_ws_url[len(public_ws) :]

    def sign(self, url: str, params: Mapping[str, str]) -> str:
        """Twilio's signature of a request to `url` with these form parameters."""
        return str(RequestValidator(self.auth_token).compute_signature(url, dict(params)))

    def webhook(
        self, url: str, params: Mapping[str, str], *, signature: str | None = "sign", token: str | None = None
    ) -> Webhook:
        """A request as Twilio would build it (`signature=None` leaves the header out)."""
        headers = {"I-Twilio-Idempotency-Token": token or uuid.uuid4().hex, "User-Agent": "TwilioProxy/1.1"}
        if signature == "sign":
            headers["X-Twilio-Signature"] = self.sign(url, params)
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        return Webhook(url, dict(params), headers)

    def record(self) -> list[Webhook]:
        """Keep every webhook sent from now on, as an eavesdropper on the line would: the list fills."""
        self.recorded = []
        return self.recorded

    async def replay(self, hooks: Sequence[Webhook]) -> list[PostedReply]:
        """Send captured webhooks again, in order, each with a new idempotency header (Twilio does not
        sign it): what an attacker holding them can do."""
        answers = []
        for hook in list(hooks):  # a copy: the replays are recorded too
            fresh = {**hook.headers, "I-Twilio-Idempotency-Token": uuid.uuid4().hex}
            answers.append(await self.send(Webhook(hook.url, dict(hook.params), fresh)))
        return answers

    async def send(self, hook: Webhook) -> PostedReply:
        """Send one webhook and return the raw response (`status_code`, `text`)."""
        if self.recorded is not None:
            self.recorded.append(hook)
        started = time.perf_counter()
        response = await self.http.post(self.local_url(hook.url), data=hook.params, headers=hook.headers)
        self.timings.append(
            (hook.url.split("?")[0][len(self.public_base_url) :], time.perf_counter() - started)
        )
        return response

    async def post(self, path: str, params: Mapping[str, str], **kw: Any) -> PostedReply:
        """Sign and send a webhook to an app path (for tests of forged or odd requests)."""
        return await self.send(self.webhook(self.public_url(path), params, **kw))

    # --- channels ------------------------------------------------------------------------------

    async def call(self, caller: str | None = None, *, stir: str | None = ATTESTED, **params: str) -> Call:
        """Ring Knotty's number from `caller`; the call follows the TwiML until it waits or ends.

        `stir`: the `StirVerstat` every webhook of the call carries (None: none, as from abroad or a
        network without SHAKEN/STIR); by default the caller ID is fully attested."""
        call = Call(self, caller or f"+1415555{next(_numbers) % 10000:04d}", extra=params, stir=stir)
        await call.start()
        return call

    def texter(self, sender: str | None = None) -> Texter:
        """A phone that texts Knotty's number."""
        return Texter(self, sender or f"+1415556{next(_numbers) % 10000:04d}")


REPLY_PAUSE_S = 2
"""Seconds after a prompt ends before the caller starts to answer (`Call.say`): a `<Gather>` that waits
less falls through to the next verb first."""


def _waits_less_than_a_reply(gather: ET.Element) -> bool:
    return int(gather.get("timeout") or "5") < REPLY_PAUSE_S


@dataclass
class Call:
    """One inbound call, from ringing to hang-up, as the caller experiences it."""

    sim: TwilioSim
    caller: str
    sid: str = field(default_factory=lambda: _sid("CA"))
    extra: dict[str, str] = field(default_factory=dict)
    stir: str | None = ATTESTED
    """The `StirVerstat` of the call's webhooks (None: left out)."""
    heard: list[str] = field(default_factory=list)
    """Everything Knotty said, in order."""
    voices: list[tuple[str, str]] = field(default_factory=list)
    """The (language, voice) of each line of `heard`: a `<Say>`'s, or Twilio's defaults (en-US, man)."""
    transcript: list[tuple[str, str]] = field(default_factory=list)
    """("knotty" | "caller", text) in order; silence is ("caller", "")."""
    ended: bool = False
    ended_by: str | None = None
    """`hangup` (a <Hangup/>), `end` (the document ran out), `caller`, `error`."""
    connect: ET.Element | None = None
    """The <Connect> verb the call was handed to, if any."""
    errors: list[str] = field(default_factory=list)
    last: Webhook | None = None
    status_callbacks: list[PostedReply] = field(default_factory=list)
    _gather: tuple[ET.Element, str, list[ET.Element]] | None = None
    _over: tuple[ET.Element, str] | None = None
    """A `<Gather>` the caller let pass (it waits less than `REPLY_PAUSE_S` after its prompt, and another
    follows): words said over its prompt (`say_over`) go to it."""
    _gap: tuple[ET.Element, str] | None = None
    """The `<Gather>` whose `timeout` runs the moment Knotty's last words before the listening Gather's own
    prompt end (`say_in_the_gap`): the one the caller let pass, unless a plain `<Say>` followed it."""
    _joining: bool = False
    _heard_mark: int = 0

    # --- what the caller does ------------------------------------------------------------------

    @property
    def waiting(self) -> bool:
        """Whether a <Gather> is listening for the caller."""
        return self._gather is not None and not self.ended

    @property
    def gather(self) -> ET.Element | None:
        """The <Gather> listening now."""
        return self._gather[0] if self._gather and not self.ended else None

    @property
    def stream_url(self) -> str:
        """The public `wss://` URL of the `<Stream>` or `<ConversationRelay>` the call was handed to."""
        assert self.connect is not None, f"the call was not connected to a stream: {self.transcript}"
        stream = self.connect.find("Stream")
        if stream is None:
            stream = self.connect.find("ConversationRelay")
        assert stream is not None and stream.get("url"), "a <Connect> without a stream URL"
        return str(stream.get("url"))

    @property
    def last_heard(self) -> str:
        return self.heard[-1] if self.heard else ""

    async def start(self) -> None:
        params = {**self._params(), "CallStatus": "ringing"}
        await self._fetch(self.sim.public_url(self.sim.voice_path), params)

    async def say(self, text: str, confidence: float = 0.92) -> list[str]:
        """Speak into the listening <Gather>; what Knotty said in answer."""
        return await self._answer(text, speech=True, confidence=confidence)

    async def say_over(self, text: str, confidence: float = 0.92) -> list[str]:
        """Speak while the listening <Gather>'s <Say> is still playing (the read-back's, when its question
        has a Gather of its own). Twilio takes the words (and stops the <Say>) unless the Gather has
        `bargeIn="false"`: then they are lost, the <Say> plays to its end and the Gather listens (nothing
        more is said: an empty list)."""
        if self._over is not None and self.waiting:
            verb, doc_url = self._over  # the prompt they speak over is that Gather's
            self._gather = (verb, doc_url, [])
        gather = self.gather
        if gather is not None and (gather.get("bargeIn") or "true").lower() == "false":
            self.transcript.append(("caller", f"[over the prompt, not heard] {text}"))
            return []
        return await self._answer(text, speech=True, confidence=confidence)

    async def say_in_the_gap(self, text: str, confidence: float = 0.92) -> list[str]:
        """Speak the moment Knotty's words before the listening Gather's own prompt end (right after the
        read-back's details, before its question). Twilio hands the words to the `<Gather>` listening at
        that moment: one whose nested `<Say>` just ended waits its `timeout` for speech ("the timeout
        begins after the audio completes"), and only then goes on to the next verb; a plain `<Say>` listens
        to nothing, and the `<Gather>` after it listens from its first word."""
        if self._gap is not None and self.waiting:
            verb, doc_url = self._gap
            self._gather = (verb, doc_url, [])
        return await self._answer(text, speech=True, confidence=confidence)

    async def press(self, digits: str) -> list[str]:
        """Press keys on the keypad."""
        return await self._answer(digits, speech=False)

    async def stay_silent(self) -> list[str]:
        """Say nothing until the <Gather> times out."""
        return await self._answer("", speech=True)

    async def hang_up(self) -> None:
        """The caller hangs up (the status callback follows)."""
        if not self.ended:
            self._end("caller")
            await self._status_callback()

    async def retry_last(self) -> PostedReply:
        """Twilio sends the last webhook again, exactly (same signature and idempotency token)."""
        assert self.last is not None, "nothing was sent yet"
        return await self.sim.send(self.last)

    # --- following TwiML -----------------------------------------------------------------------

    def _params(self) -> dict[str, str]:
        return {
            "AccountSid": self.sim.account_sid,
            "ApiVersion": "2010-04-01",
            "CallSid": self.sid,
            "CallStatus": "in-progress",
            "Called": self.sim.number,
            "Caller": self.caller,
            "Direction": "inbound",
            "From": self.caller,
            "To": self.sim.number,
            "FromCountry": "US",
            "ToCountry": "US",
            **({"StirVerstat": self.stir} if self.stir is not None else {}),
            **self.extra,
        }

    def _new_heard(self) -> list[str]:
        new = self.heard[self._heard_mark :]
        self._heard_mark = len(self.heard)
        return new

    async def _answer(self, value: str, *, speech: bool, confidence: float = 0.0) -> list[str]:
        if self._gather is None or self.ended:
            raise SimError(f"nobody is listening (call ended by {self.ended_by})")
        gather, doc_url, rest = self._gather
        self._gather, self._over, self._gap, self._joining = None, None, None, False
        self.transcript.append(("caller", value))
        inputs = (gather.get("input") or "dtmf").split()
        heard_it = bool(value) and (("speech" in inputs) if speech else ("dtmf" in inputs))
        action = urljoin(doc_url, gather.get("action") or doc_url)
        if heard_it:
            params = self._params()
            if speech:
                params.update({"SpeechResult": value, "Confidence": f"{confidence:.8f}"})
            else:
                num = gather.get("numDigits")
                finish = gather.get("finishOnKey", "#")  # Twilio's default; the key itself is not sent
                keys = value.split(finish, 1)[0] if finish else value
                params["Digits"] = keys[: int(num)] if num else keys
            await self._fetch(action, params, method=gather.get("method", "POST"))
        elif (gather.get("actionOnEmptyResult") or "").lower() == "true":
            await self._fetch(action, self._params(), method=gather.get("method", "POST"))
        else:
            await self._run(doc_url, rest)  # Twilio goes on with the verb after the <Gather>
        return self._new_heard()

    async def _fetch(self, url: str, params: dict[str, str], method: str = "POST", depth: int = 0) -> None:
        if depth > MAX_DOCUMENTS_WITHOUT_INPUT:
            self._fail(f"more than {MAX_DOCUMENTS_WITHOUT_INPUT} documents without input: a redirect loop")
            return
        if method.upper() != "POST":
            self._fail(f"unsupported method {method}")
            return
        self.last = self.sim.webhook(url, params)
        response = await self.sim.send(self.last)
        if response.status_code != 200:
            self._fail(f"{url} answered HTTP {response.status_code}")
            return
        try:
            root = ET.fromstring(response.text)
        except ET.ParseError as exc:
            self._fail(f"{url} answered invalid XML: {exc}")
            return
        if root.tag != "Response":
            self._fail(f"{url} answered <{root.tag}>, not <Response>")
            return
        await self._run(url, list(root), depth)

    async def _run(self, doc_url: str, verbs: Sequence[ET.Element], depth: int = 0) -> None:
        for i, verb in enumerate(verbs):
            tag = verb.tag
            if tag == "Say":
                self._hear(verb.text or "", verb)
                self._gap = None  # a plain <Say> listens to nothing: the next Gather hears what follows it
            elif tag == "Play":
                self._hear(f"[play {verb.text or ''}]")
            elif tag == "Pause":
                continue
            elif tag == "Gather":
                for inner in verb:
                    if inner.tag == "Say":
                        self._hear(inner.text or "", inner)
                    elif inner.tag == "Play":
                        self._hear(f"[play {inner.text or ''}]")
                    elif inner.tag != "Pause":
                        self._fail(f"<{inner.tag}> is not allowed inside <Gather>")
                        return
                rest = list(verbs[i + 1 :])
                if _waits_less_than_a_reply(verb) and any(v.tag == "Gather" for v in rest):
                    # The caller lets the gap pass (the read-back's own Gather, then its question's):
                    # they hear the next prompt as the same one, and answer that Gather.
                    self._over, self._gap, self._joining = (verb, doc_url), (verb, doc_url), True
                    continue
                self._gather, self._joining = (verb, doc_url, rest), False
                return
            elif tag == "Redirect":
                target = urljoin(doc_url, (verb.text or "").strip())
                await self._fetch(target, self._params(), verb.get("method", "POST"), depth + 1)
                return
            elif tag in ("Hangup", "Reject"):
                self._end("hangup")
                await self._status_callback()
                return
            elif tag == "Connect":
                self.connect = verb
                return
            else:
                self._fail(f"the simulator does not know <{tag}>")
                return
        self._end("end")  # a document that runs out ends the call
        await self._status_callback()

    def _hear(self, text: str, say: ET.Element | None = None) -> None:
        if self._joining and self.heard:  # what follows the read-back's gap: one prompt to the caller
            self.heard[-1] = f"{self.heard[-1]} {text}"
            self.transcript[-1] = ("knotty", self.heard[-1])
            return
        attributes = say.attrib if say is not None else {}
        self.voices.append((attributes.get("language", "en-US"), attributes.get("voice", "man")))
        self.heard.append(text)
        self.transcript.append(("knotty", text))

    def _end(self, by: str) -> None:
        self.ended, self.ended_by, self._gather, self._over, self._gap = True, by, None, None, None

    def _fail(self, error: str) -> None:
        self.errors.append(error)
        self._end("error")

    async def _status_callback(self) -> None:
        if self.sim.status_path is None:
            return
        params = {**self._params(), "CallStatus": "completed", "CallDuration": "42"}
        hook = self.sim.webhook(self.sim.public_url(self.sim.status_path), params)
        self.status_callbacks.append(await self.sim.send(hook))


@dataclass
class Texter:
    """A phone texting Knotty's number."""

    sim: TwilioSim
    number: str
    replies: list[str] = field(default_factory=list)
    """Every text Knotty sent back, in order."""
    last: Webhook | None = None
    errors: list[str] = field(default_factory=list)

    async def send(self, body: str = "", media: Sequence[str] = (), **extra: str) -> list[str]:
        """Text `body` (with picture URLs in `media`, and any more fields Twilio adds, such as
        `OptOutType`); Knotty's replies to it."""
        sid = _sid("SM")
        params = {
            "AccountSid": self.sim.account_sid,
            "ApiVersion": "2010-04-01",
            "MessageSid": sid,
            "SmsMessageSid": sid,
            "SmsSid": sid,
            "SmsStatus": "received",
            "From": self.number,
            "To": self.sim.number,
            "Body": body,
            "NumMedia": str(len(media)),
            "NumSegments": "1",
            "FromCountry": "US",
            "ToCountry": "US",
        }
        for i, url in enumerate(media):
            params[f"MediaUrl{i}"] = url
            params[f"MediaContentType{i}"] = "image/jpeg"
        params.update(extra)
        self.last = self.sim.webhook(self.sim.public_url(self.sim.sms_path), params)
        return await self._deliver(self.last)

    async def retry_last(self) -> list[str]:
        """Twilio sends the last text's webhook again, exactly; the replies to that attempt."""
        assert self.last is not None, "nothing was sent yet"
        return await self._deliver(self.last)

    async def _deliver(self, hook: Webhook) -> list[str]:
        response = await self.sim.send(hook)
        if response.status_code != 200:
            self.errors.append(f"HTTP {response.status_code}")
            raise SimError(f"{hook.url} answered HTTP {response.status_code}: {response.text[:200]}")
        try:
            root = ET.fromstring(response.text)
        except ET.ParseError as exc:
            raise SimError(f"invalid TwiML: {exc}") from exc
        if root.tag != "Response":
            raise SimError(f"answered <{root.tag}>, not <Response>")
        texts: list[str] = []
        for verb in root:
            if verb.tag != "Message":
                raise SimError(f"the simulator does not know <{verb.tag}> in messaging TwiML")
            body = verb.find("Body")
            texts.append((body.text if body is not None else verb.text) or "")
        self.replies.extend(texts)
        return texts
