"""The web chat: the coming-soon page (`GET /`), the embeddable chat (`GET /chat/embed`) and its posts.

Visitors talk to the same agent as callers and texters, on channel `web`, keyed by their signed
session. With htmx a post is answered by an HTML fragment (the visitor's line, Knotty's reply and a
fresh turn token); without JavaScript the same form post is answered by the whole page, so the chat
works either way. Refusals (expired page, too long, too fast, database down) are rendered as a
notice in the chat with an honest status code; no input can make these routes fail. Posts from
other sites are refused before anything is read or stored (`web.origins`), and an expired page
gets a fresh session along with the notice.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.response import Redirect

from knotty import (
    MAX_UTTERANCE_CHARS,
    Agent,
    ChatLine,
    SeenTurns,
    Settings,
    TurnResult,
    Unavailable,
    conversation_tag,
    log_event,
)
from web import conversation
from web.conversation import ChatSnapshot
from web.csrf import CsrfTokens
from web.headers import NO_FRAMING, embed_ancestors, page_headers
from web.origins import post_from_allowed_origin
from web.ratelimit import AddressTexts, RateLimits, client_address
from web.sessions import Sessions, Visitor
from web.templating import html_response
from web.unavailable import RETRY_AFTER_S
from web.wording import EXPIRED, FOREIGN, MISSED, TOO_FAST, TOO_LONG, TOO_MANY_CHATS, UNAVAILABLE, WELCOME

__all__ = ["ChatView", "route_handlers"]

VIEWS = {"page": "home.html", "embed": "embed.html"}
MAX_BODY_BYTES = 64 * 1024

OPENING = "open-"
"""Turn tokens of a page shown without a conversation: its first post opens one (greeting stored) first."""

_TURN_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_INTO_THE_LOG = {"hx-retarget": "#messages", "hx-reswap": "beforeend"}
"""Where htmx puts a refusal: below the conversation, even for "Start over" (whose answer replaces the whole
chat), so the conversation and its button stay on screen to try again."""
_FIELDS = ("text", "turn", "csrf", "sid", "view", "seen")
_SEEN = re.compile(r"^(\d{1,6})\.(\d{1,6})\.([0-9a-f]{10})?$")
_ALL_LINES = {"hx-reswap": "innerHTML"}
"""A tab showing another conversation than the one its message went to gets that one's lines in place of its own."""


def _tag(conversation_id: str) -> str:
    """A short digest of a conversation's id: a tab can tell it apart without the page carrying the id."""
    return conversation_tag(conversation_id)


@dataclass(frozen=True)
class Seen:
    """What a tab shows of its conversation: which one (`tag`, "" for the one its first post opens), the
    turns stored in it then, and how many lines. The composer carries it (`seen`) and each answer renews it.

    Two tabs of one chat share the session cookie and so the conversation: when the turn's result has
    exactly one turn more in the same conversation, the tab missed nothing and gets its own exchange,
    without a read; otherwise the other tab spoke meanwhile, and the answer brings what this one missed."""

    turns: int
    lines: int
    tag: str = ""

    def token(self) -> str:
        return f"{self.turns}.{self.lines}.{self.tag}"

    @classmethod
    def parse(cls, value: str) -> Seen | None:
        match = _SEEN.match(value)
        return cls(int(match[1]), int(match[2]), match[3] or "") if match else None

    @classmethod
    def of(cls, snap: ChatSnapshot) -> Seen:
        return cls(snap.turns, len(snap.lines), _tag(snap.conversation_id) if snap.conversation_id else "")

    def turns_seen(self) -> SeenTurns:
        """What the agent checks a message against: a tab behind its conversation is not answered."""
        return SeenTurns(self.turns, self.tag)

    def missed_nothing(self, result: TurnResult) -> bool:
        """The tab's view, this turn's exchange added, is the whole conversation."""
        return result.turns == self.turns + 1 and self.tag in ("", _tag(result.conversation_id))


FIRST_SEEN = Seen(1, 1).token()
"""A page shown before its conversation exists: the greeting, which its first post stores as turn one."""


@dataclass(frozen=True)
class FormTokens:
    """The hidden fields every chat form carries."""

    csrf: str
    sid: str
    turn: str = field(default_factory=lambda: secrets.token_urlsafe(16))


@dataclass(frozen=True)
class ChatView:
    """Everything the chat templates render."""

    view: str
    lines: list[ChatLine] = field(default_factory=list)
    done: bool = False
    form: FormTokens | None = None
    notice: str | None = None
    draft: str = ""
    autofocus: bool = False
    signed_up: bool = False
    """The ended conversation saved a waitlist entry: its end says so."""
    seen: str = ""
    """What the page shows of its conversation (`Seen.token`)."""


def _headers(view: str, settings: Settings) -> dict[str, str]:
    if view == "embed":
        return page_headers(embed_ancestors(settings.allowed_origin_list))
    return page_headers(NO_FRAMING)


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


class _TooLarge(Exception):
    """The post's body is over `MAX_BODY_BYTES`: a message far too long, not an expired page."""


async def _form(request: Request[Any, Any, Any]) -> dict[str, str]:
    try:
        data = await request.form()
    except RequestEntityTooLarge as exc:
        raise _TooLarge from exc
    except (ClientException, ValueError):  # a malformed body is just an empty form
        return {}
    values: dict[str, str] = {}
    for name in _FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            values[name] = value
    return values


def _retry_when_unavailable(status_code: int) -> dict[str, str]:
    """A 503 (the database is away) says when to try again, as every other 503 of the app does."""
    return {"retry-after": str(RETRY_AFTER_S)} if status_code == 503 else {}


def _page(
    settings: Settings,
    chat: ChatView,
    *,
    status_code: int = 200,
    cookies: list[Cookie] | None = None,
    extra_headers: dict[str, str] | None = None,
) -> Response[str]:
    headers = {
        **_headers(chat.view, settings),
        **_retry_when_unavailable(status_code),
        **(extra_headers or {}),
    }
    return html_response(
        VIEWS[chat.view],
        chat=chat,
        phone=settings.twilio_phone_number,
        status_code=status_code,
        headers=headers,
        cookies=cookies,
    )


def _tokens(csrf: CsrfTokens, sessions: Sessions, visitor: Visitor, view: str) -> FormTokens:
    return FormTokens(csrf=csrf.issue(visitor.id), sid=sessions.page_token(visitor, view))


async def _show(
    request: Request[Any, Any, Any],
    view: str,
    agent: Agent,
    settings: Settings,
    sessions: Sessions,
    csrf: CsrfTokens,
    limits: RateLimits,
) -> Response[str]:
    visitor = sessions.visitor(request)
    if visitor is not None:
        try:
            snap = await conversation.page_snapshot(agent, visitor.id)
        except Unavailable:
            _unavailable("page")
            return _page(settings, ChatView(view, notice=UNAVAILABLE), status_code=503)
        if snap is not None:
            tokens = _tokens(csrf, sessions, visitor, view)
            seen = Seen.of(snap).token()
            chat = ChatView(view, snap.lines, snap.done, tokens, signed_up=snap.signed_up, seen=seen)
            return _page(settings, chat)
        # The chat last spoke over `SHOWN_FOR` ago, and this browser may be someone else's now: a new session.
    wait = await limits.take((limits.new_sessions, client_address(request)))
    if wait:
        chat = ChatView(view, notice=TOO_MANY_CHATS)
        return _page(settings, chat, status_code=429, extra_headers=_retry_after(wait))
    visitor = sessions.new_visitor()
    # No conversation row for a page view (an uptime monitor would leave thousands a day): the greeting
    # is shown unstored, and the first post opens the conversation (`OPENING`).
    tokens = _tokens(csrf, sessions, visitor, view)
    tokens = FormTokens(tokens.csrf, tokens.sid, OPENING + tokens.turn)
    chat = ChatView(view, [ChatLine("assistant", WELCOME)], False, tokens, seen=FIRST_SEEN)
    return _page(settings, chat, cookies=[sessions.visitor_cookie(request, visitor)])


def _unavailable(during: str) -> None:
    """Log the outage the visitor is about to be told of (the exception being handled comes along)."""
    log_event("web_chat_unavailable", logging.WARNING, exc_info=True, during=during)


def _retry_after(wait: float) -> dict[str, str]:
    return {"retry-after": str(max(1, round(wait + 0.5)))}


@get("/", name="chat:home")
async def home(
    request: Request[Any, Any, Any],
    agent: NamedDependency[Agent],
    settings: NamedDependency[Settings],
    sessions: NamedDependency[Sessions],
    csrf: NamedDependency[CsrfTokens],
    limits: NamedDependency[RateLimits],
) -> Response[str]:
    """The MasseurMatch coming-soon page with the chat open on it."""
    return await _show(request, "page", agent, settings, sessions, csrf, limits)


@get("/chat/embed", name="chat:embed")
async def embed(
    request: Request[Any, Any, Any],
    agent: NamedDependency[Agent],
    settings: NamedDependency[Settings],
    sessions: NamedDependency[Sessions],
    csrf: NamedDependency[CsrfTokens],
    limits: NamedDependency[RateLimits],
) -> Response[str]:
    """The chat alone, for the widget's iframe on other sites."""
    return await _show(request, "embed", agent, settings, sessions, csrf, limits)


@dataclass
class _Post:
    """A chat form post being answered, and how to refuse it in the visitor's view."""

    request: Request[Any, Any, Any]
    settings: Settings
    agent: Agent
    view: str
    visitor: Visitor | None = None
    tokens: FormTokens | None = None
    cookies: list[Cookie] = field(default_factory=list)
    """Cookies the answer sets (a fresh session handed out with an "expired" notice)."""

    async def refuse(
        self,
        text: str,
        status_code: int,
        *,
        draft: str = "",
        headers: dict[str, str] | None = None,
        seen: Seen | None = None,
    ) -> Response[str]:
        """The refusal as a chat notice (htmx) or as the page showing it (plain form post). `seen`: what the
        tab had seen when it posted, kept on a page that cannot show the conversation (the database away):
        nothing was stored meanwhile, so the message sent again from it is answered, not shown a chat that
        "went on" (it had been, with the page's empty chat taken for what the tab had seen)."""
        extra = headers or {}
        if _is_htmx(self.request):
            page = _headers(self.view, self.settings)
            fresh = ChatView(self.view, form=self.tokens) if self.cookies else None
            return html_response(
                "_refusal.html",
                text=text,
                chat=fresh,
                status_code=status_code,
                headers={**page, **_INTO_THE_LOG, **_retry_when_unavailable(status_code), **extra},
                cookies=self.cookies,
            )
        snap = ChatSnapshot([], done=False)
        if self.visitor is not None and status_code != 503:
            try:
                snap = await conversation.snapshot(self.agent, self.visitor.id)
            except Unavailable:
                _unavailable("refusal")
                text, status_code = UNAVAILABLE, 503
        shown = seen if status_code == 503 and seen is not None else Seen.of(snap)
        chat = ChatView(
            self.view, snap.lines, snap.done, self.tokens, notice=text, draft=draft, autofocus=True,
            seen=shown.token(),
        )  # fmt: skip
        return _page(self.settings, chat, status_code=status_code, extra_headers=extra, cookies=self.cookies)


async def _start_post(
    request: Request[Any, Any, Any],
    agent: Agent,
    settings: Settings,
    sessions: Sessions,
    csrf: CsrfTokens,
    limits: RateLimits,
) -> tuple[_Post, dict[str, str], Response[str] | None]:
    """Check where the post comes from, then its session and CSRF token; a refusal when they don't hold."""
    if not post_from_allowed_origin(request, settings):
        foreign = _Post(request, settings, agent, "page")
        return foreign, {}, await foreign.refuse(FOREIGN, 403)
    try:
        form = await _form(request)
    except _TooLarge:
        huge = _Post(request, settings, agent, "page")
        huge.visitor = sessions.visitor(request)
        if huge.visitor is not None:
            huge.tokens = _tokens(csrf, sessions, huge.visitor, "page")
        return huge, {}, await huge.refuse(TOO_LONG, 413)
    view = form["view"] if form.get("view") in VIEWS else "page"
    post_ = _Post(request, settings, agent, view)
    visitor = sessions.visitor(request, form.get("sid", ""), view)
    if visitor is None or not csrf.valid(visitor.id, form.get("csrf", "")):
        await _offer_fresh_session(post_, visitor, sessions, csrf, limits)
        return post_, form, await post_.refuse(EXPIRED, 403)
    post_.visitor, post_.tokens = visitor, _tokens(csrf, sessions, visitor, view)
    return post_, form, None


async def _offer_fresh_session(
    post_: _Post, cookie_visitor: Visitor | None, sessions: Sessions, csrf: CsrfTokens, limits: RateLimits
) -> None:
    """Hand an expired page working tokens: the cookie's session, else a new one (within the new-chat limit)."""
    visitor = cookie_visitor if cookie_visitor is not None and cookie_visitor.via_cookie else None
    if visitor is None:
        if await limits.take((limits.new_sessions, client_address(post_.request))):
            return
        visitor = sessions.new_visitor()
        post_.cookies = [sessions.visitor_cookie(post_.request, visitor)]
    post_.visitor, post_.tokens = visitor, _tokens(csrf, sessions, visitor, post_.view)


@post("/chat/message", name="chat:message", request_max_body_size=MAX_BODY_BYTES)
async def message(
    request: Request[Any, Any, Any],
    agent: NamedDependency[Agent],
    settings: NamedDependency[Settings],
    sessions: NamedDependency[Sessions],
    csrf: NamedDependency[CsrfTokens],
    limits: NamedDependency[RateLimits],
) -> Response[str]:
    """One message from the visitor: Knotty's answer as a fragment (htmx) or the whole page."""
    chat_post, form, refusal = await _start_post(request, agent, settings, sessions, csrf, limits)
    if refusal is not None:
        return refusal
    visitor, view = chat_post.visitor, chat_post.view
    assert visitor is not None  # noqa: S101 - `_start_post` gives a visitor whenever it refuses nothing
    text = form.get("text", "").replace("\r\n", "\n").strip()
    if len(text) > MAX_UTTERANCE_CHARS:
        return await chat_post.refuse(TOO_LONG, 422, draft=text)
    if not text:
        if _is_htmx(request):
            return Response("", status_code=204)
        return await _show(request, view, agent, settings, sessions, csrf, limits)
    wait = await limits.take((limits.per_session, visitor.id), (limits.per_address, client_address(request)))
    if wait:
        return await chat_post.refuse(TOO_FAST, 429, draft=text, headers=_retry_after(wait))
    turn = form.get("turn", "")
    shown = Seen.parse(form.get("seen", ""))
    try:
        if turn.startswith(OPENING):  # the first post from a page shown before any conversation existed
            await conversation.open_first(agent, visitor.id)
        texts = AddressTexts(limits, client_address(request))
        key = turn if _TURN_TOKEN.match(turn) else None
        seen_turns = shown.turns_seen() if shown is not None else None
        result = await conversation.answer(agent, visitor.id, text, key, texts, seen_turns)
    except Unavailable:
        _unavailable("message")
        return await chat_post.refuse(UNAVAILABLE, 503, draft=text, seen=shown)
    if result.unseen:
        return await _went_on_meanwhile(chat_post, text, shown)
    if _is_htmx(request):
        lines, seen, swap = await _lines_to_show(agent, visitor.id, text, result, shown)
        chat = ChatView(
            view, done=result.done, form=chat_post.tokens, signed_up=result.entry_id is not None, seen=seen
        )
        return html_response(
            "_turn.html", chat=chat, lines=lines, headers={**_headers(view, settings), **swap}
        )
    try:
        snap = await conversation.snapshot(agent, visitor.id)
    except Unavailable:
        _unavailable("page after message")
        return await chat_post.refuse(UNAVAILABLE, 503)
    return _page(
        settings,
        ChatView(
            view,
            snap.lines,
            snap.done,
            chat_post.tokens,
            autofocus=True,
            signed_up=snap.signed_up,
            seen=Seen.of(snap).token(),
        ),
    )


async def _went_on_meanwhile(chat_post: _Post, text: str, shown: Seen | None) -> Response[str]:
    """A message from a tab behind its conversation (another tab answered meanwhile) was not answered: the
    tab gets what it missed and the message back, to send again if it still fits the question now asked.
    409, as the conversation is not where the message was written (htmx swaps every answer: `base.html`)."""
    view, settings, agent = chat_post.view, chat_post.settings, chat_post.agent
    assert chat_post.visitor is not None  # noqa: S101 - only a message that was answered gets here
    try:
        snap = await conversation.snapshot(agent, chat_post.visitor.id)
    except Unavailable:
        _unavailable("lines missed by a tab")
        return await chat_post.refuse(UNAVAILABLE, 503, draft=text)
    if not _is_htmx(chat_post.request):
        chat = ChatView(
            view, snap.lines, snap.done, chat_post.tokens, notice=MISSED, draft=text, autofocus=True,
            signed_up=snap.signed_up, seen=Seen.of(snap).token(),
        )  # fmt: skip
        return _page(settings, chat, status_code=409)
    lines, token, swap = _missed(snap.lines, shown, Seen.of(snap))
    chat = ChatView(view, done=snap.done, form=chat_post.tokens, signed_up=snap.signed_up, seen=token)
    return html_response(
        "_missed.html", chat=chat, lines=lines, text=MISSED, status_code=409,
        headers={**_headers(view, settings), **swap},
    )  # fmt: skip


def _ends_with(lines: list[ChatLine], line: ChatLine) -> bool:
    return bool(lines) and (lines[-1].role, lines[-1].content) == (line.role, line.content)


async def _lines_to_show(
    agent: Agent, session_id: str, text: str, result: TurnResult, seen: Seen | None
) -> tuple[list[ChatLine], str, dict[str, str]]:
    """The lines an answer adds to the tab, its new `Seen`, and how they go in (after its lines, or in
    their place): the exchange alone when the tab missed nothing, else what the other tab said too."""
    exchange = [ChatLine("user", text)] + ([ChatLine("assistant", result.reply)] if result.reply else [])
    tag = _tag(result.conversation_id) if result.conversation_id else ""
    if result.ended_before:  # posted after the end (a stale tab, two posts at once): the chat as it ended
        try:
            stored = await conversation.lines(agent, session_id)
        except Unavailable:
            _unavailable("lines of an ended chat")
            return [], "", {}
        return stored, Seen(result.turns, len(stored), tag).token(), _ALL_LINES
    if seen is not None and seen.missed_nothing(result):
        return exchange, Seen(result.turns, seen.lines + len(exchange), tag).token(), {}
    if result.duplicate:  # the same message sent again (a double submit): its stored answer, as before
        return exchange, seen.token() if seen is not None else "", {}
    try:
        stored = await conversation.lines(agent, session_id)
    except Unavailable:  # the turn is stored: show it, and what was missed comes with the next answer
        _unavailable("lines missed")
        return exchange, "", {}
    if not _ends_with(stored, exchange[-1]):  # an answer that stores nothing (a "thanks" after the end)
        stored = stored + exchange
    return _missed(stored, seen, Seen(result.turns, len(stored), tag))


def _missed(
    stored: list[ChatLine], seen: Seen | None, now: Seen
) -> tuple[list[ChatLine], str, dict[str, str]]:
    """What a tab that has seen `seen` lacks of `stored`: the lines after its own (a tab only ever shows
    the start of its conversation), or all of them in place of its own when it shows another one."""
    if seen is not None and seen.tag in ("", now.tag) and seen.lines <= len(stored):
        return stored[seen.lines :], now.token(), {}
    return stored, now.token(), _ALL_LINES


@post("/chat/lines", name="chat:lines", request_max_body_size=MAX_BODY_BYTES)
async def catch_up(
    request: Request[Any, Any, Any],
    agent: NamedDependency[Agent],
    settings: NamedDependency[Settings],
    sessions: NamedDependency[Sessions],
    csrf: NamedDependency[CsrfTokens],
    limits: NamedDependency[RateLimits],
) -> Response[str]:
    """A tab shown again (switched back to) asks for what another tab of the same chat said meanwhile.

    Asked in the background, so it refuses nothing aloud: anything amiss (another site, an expired page,
    the database down, more than `CATCH_UPS` a minute) and nothing new alike are an empty 204, and the
    tab stays as it was."""
    nothing: Response[str] = Response("", status_code=204)
    if not post_from_allowed_origin(request, settings):
        return nothing
    try:
        form = await _form(request)
    except _TooLarge:
        return nothing
    view = form["view"] if form.get("view") in VIEWS else "page"
    visitor = sessions.visitor(request, form.get("sid", ""), view)
    seen = Seen.parse(form.get("seen", ""))
    if visitor is None or seen is None or not csrf.valid(visitor.id, form.get("csrf", "")):
        return nothing
    try:
        if await limits.take((limits.catch_ups, visitor.id)):
            return nothing  # asked in a loop: the tab catches up with its next message instead
        if await agent.standing(conversation.CHANNEL, visitor.id) is None:
            return nothing  # nobody has said anything yet: no conversation to open for a look
        snap = await conversation.snapshot(agent, visitor.id)
    except Unavailable:
        return nothing
    now = Seen.of(snap)
    if now == seen:
        return nothing
    lines, token, swap = _missed(snap.lines, seen, now)
    tokens = _tokens(csrf, sessions, visitor, view) if snap.done else None
    chat = ChatView(view, done=snap.done, form=tokens, signed_up=snap.signed_up, seen=token)
    return html_response(
        "_catch_up.html", chat=chat, lines=lines, headers={**_headers(view, settings), **swap}
    )


@post("/chat/restart", name="chat:restart", request_max_body_size=MAX_BODY_BYTES)
async def restart(
    request: Request[Any, Any, Any],
    agent: NamedDependency[Agent],
    settings: NamedDependency[Settings],
    sessions: NamedDependency[Sessions],
    csrf: NamedDependency[CsrfTokens],
    limits: NamedDependency[RateLimits],
) -> Response[str]:
    """Start a new conversation once the last one has ended."""
    chat_post, _form_values, refusal = await _start_post(request, agent, settings, sessions, csrf, limits)
    if refusal is not None:
        return refusal
    assert chat_post.visitor is not None  # noqa: S101 - `_start_post` gives a visitor whenever it refuses nothing
    try:
        wait = await _count_restart(request, agent, limits, chat_post.visitor.id)
        if wait:
            return await chat_post.refuse(TOO_MANY_CHATS, 429, headers=_retry_after(wait))
        snap = await conversation.restart(agent, chat_post.visitor.id)
    except Unavailable:
        _unavailable("restart")
        return await chat_post.refuse(UNAVAILABLE, 503)
    chat = ChatView(
        chat_post.view, snap.lines, snap.done, chat_post.tokens, autofocus=True, seen=Seen.of(snap).token()
    )
    if _is_htmx(request):
        return html_response("_chat.html", chat=chat, headers=_headers(chat_post.view, settings))
    return _page(settings, chat)


async def _count_restart(
    request: Request[Any, Any, Any], agent: Agent, limits: RateLimits, session_id: str
) -> float:
    """Count "Start over" against the new-chat limit once per ended conversation; else the seconds to wait.

    Only a press on an ended conversation starts a new one: a double-click's two posts both find the
    same ended conversation, and the second finds it counted (`RESTARTS`, keyed by the conversation the
    server read, never by anything the form says) and counts nothing. A script gets no free chat: each
    new one needs the last one ended, and that one's restart is counted."""
    standing = await agent.standing(conversation.CHANNEL, session_id)
    if standing is None or standing.active:
        return 0.0  # nothing has ended: the restart starts nothing new (the session's first chat was counted)
    ended = standing.conversation_id
    wait = await limits.take((limits.new_sessions, client_address(request)), (limits.restarts, ended))
    if wait and await limits.retry_after(limits.restarts, ended):
        return 0.0  # this conversation's restart is counted already: the same press, posted twice
    return wait


@get(["/chat/message", "/chat/restart"], name="chat:opened", sync_to_thread=False)
def opened(request: Request[Any, Any, Any]) -> Redirect:
    """A chat post's address opened as a page goes back to the chat, never to an error.

    Without JavaScript the form posts there, so that is the address the browser shows; opening it again
    (from the history, a restored tab, Enter in the address bar) is a GET, which got a bare JSON 405.
    The cookie brings the conversation back on the chat's own page."""
    chat = "/chat/embed" if request.headers.get("sec-fetch-dest") == "iframe" else "/"
    return Redirect(path=chat, status_code=303)


def route_handlers() -> list[Any]:
    """The chat's routes (their dependencies are provided by `web.site`)."""
    return [home, embed, message, restart, catch_up, opened]
