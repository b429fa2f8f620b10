"""The chat over real HTTP, as htmx and as plain form posts: sessions, CSRF, limits, escaping, headers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from knotty.agent import MAX_UTTERANCE_CHARS
from tests.conftest import make_settings
from tests.web.conftest import SIGNUP, WebVisitor, bubbles, web_app


def _cookie_header(response: httpx.Response, name: str) -> str:
    [header] = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    return header


async def test_a_signup_by_plain_form_posts_without_javascript(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        page = await visitor.open("/")
        assert page.status_code == 200
        assert bubbles(page.text), "Knotty greets first"
        assert 'action="/chat/message"' in page.text and 'method="post"' in page.text
        for text in SIGNUP:
            page = await visitor.say(text, htmx=False)
            assert page.status_code == 200
            assert "<!doctype html>" in page.text, "without htmx the whole page comes back"
            assert bubbles(page.text, "user")[-1] == text
        page = await visitor.say("no thanks", htmx=False)
        assert 'action="/chat/restart"' in page.text, "a finished conversation offers to start over"
        assert 'id="knotty-input"' not in page.text
        [entry] = await runtime.store.list_entries()
        assert (entry.full_name, entry.phone, entry.email, entry.role, entry.channel) == (
            "Jane Doe",
            "+14155550100",
            "jane.doe@example.com",
            "therapist",
            "web",
        )
        again = await visitor.open("/")
        assert 'action="/chat/restart"' in again.text, (
            "a reload shows the finished conversation, not a new one"
        )
        assert bubbles(again.text, "user") == [*SIGNUP, "no thanks"]


async def test_htmx_posts_get_fragments_and_start_over_opens_a_new_conversation(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        first_turn_token = visitor.fields["turn"]
        fragment = await visitor.say("Jane Doe")
        assert fragment.status_code == 200
        assert "<!doctype" not in fragment.text.lower()
        assert bubbles(fragment.text, "user") == ["Jane Doe"] and len(bubbles(fragment.text)) == 1
        assert visitor.fields["turn"] != first_turn_token, "each answer carries a fresh turn token"
        for text in [*SIGNUP[1:], "yes please"]:
            fragment = await visitor.say(text)
        assert 'hx-swap-oob="true"' in fragment.text and 'action="/chat/restart"' in fragment.text
        [entry] = await runtime.store.list_entries()
        assert entry.confirmation_sms_status == "requested", (
            "accepting the text offer is recorded as on the phone"
        )
        restarted = await visitor.restart()
        assert restarted.status_code == 200
        assert len(bubbles(restarted.text)) == 1 and not bubbles(restarted.text, "user")
        assert 'id="knotty-input"' in restarted.text
        assert len(await runtime.store.list_conversations()) == 2


async def test_a_double_submitted_message_advances_the_conversation_once(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        token = visitor.fields["turn"]
        first = await visitor.say("Jane Doe", turn=token)
        second = await visitor.say("Jane Doe", turn=token)
        assert bubbles(first.text) == bubbles(second.text)
        page = await visitor.open("/")
        assert bubbles(page.text, "user") == ["Jane Doe"]


async def test_the_page_field_keeps_the_conversation_when_the_cookie_is_blocked(
    database_url: str, tmp_path: Path
) -> None:
    """A cross-site iframe over http (or a browser blocking third-party cookies) never returns the cookie."""
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http, view="embed")
        await visitor.open("/chat/embed")
        for text in SIGNUP[:2]:
            http.cookies.clear()
            reply = await visitor.say(text)
            assert reply.status_code == 200
        [conversation] = await runtime.store.list_conversations()
        assert conversation.turns == 3, "greeting plus two answers in one conversation"


async def test_posts_without_the_session_csrf_token_are_refused(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        victim = WebVisitor(http)
        await victim.open("/")
        missing = await victim.say("Jane Doe", csrf="")
        assert missing.status_code == 403
        assert "reload" in missing.text.lower()
        async with httpx.AsyncClient(base_url=base) as other_http:
            attacker = WebVisitor(other_http)
            await attacker.open("/")
        # A page elsewhere posts its own valid-looking tokens with the victim's cookie.
        forged = await victim.say("Jane Doe", csrf=attacker.fields["csrf"], sid=attacker.fields["sid"])
        assert forged.status_code == 403
        plain = await victim.say("Jane Doe", htmx=False, csrf="nope")
        assert plain.status_code == 403 and "<!doctype html>" in plain.text
        page = await victim.open("/")
        assert bubbles(page.text, "user") == [], "nothing reached the conversation"
        ok = await victim.say("Jane Doe")
        assert ok.status_code == 200


async def _reopen_if_finished(visitor: WebVisitor) -> None:
    if visitor.last is not None and 'id="knotty-input"' not in visitor.last.text:
        await visitor.restart()


async def test_too_many_messages_get_a_friendly_429(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        statuses = []
        for _ in range(20):
            await _reopen_if_finished(
                visitor
            )  # Knotty ends a chat that goes in circles; the limit is per session
            statuses.append((await visitor.say("what is MasseurMatch?")).status_code)
        assert statuses == [200] * 20
        await _reopen_if_finished(visitor)
        limited = await visitor.say("one more")
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert "wait a moment" in limited.text
        assert 'class="msg msg-notice"' in limited.text
        plain = await visitor.say("and another", htmx=False)
        assert plain.status_code == 429 and 'value="and another"' in plain.text, "the typed text is kept"


async def test_messages_over_1000_characters_are_refused_clearly(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        refused = await visitor.say("a" * (MAX_UTTERANCE_CHARS + 1))
        assert refused.status_code == 422
        assert "1,000 characters" in refused.text
        accepted = await visitor.say("b" * MAX_UTTERANCE_CHARS)
        assert accepted.status_code == 200
        page = await visitor.open("/")
        assert bubbles(page.text, "user") == ["b" * MAX_UTTERANCE_CHARS]


async def test_html_in_messages_is_escaped(database_url: str, tmp_path: Path) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    async with web_app(database_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        fragment = await visitor.say(attack)
        page = await visitor.open("/")
        for body in (fragment.text, page.text):
            assert "<script>alert" not in body and "<img src=x" not in body
            assert "&lt;script&gt;" in body
        assert bubbles(page.text, "user") == [attack]


async def test_cookie_flags_over_http_and_behind_an_https_proxy(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        plain = _cookie_header(await http.get("/"), "knotty_session").lower()
        assert "httponly" in plain and "samesite=lax" in plain and "path=/" in plain
        assert "secure" not in plain
        http.cookies.clear()
        # The live server trusts X-Forwarded-Proto from loopback, as `knotty serve` does behind a proxy.
        tls = await http.get("/chat/embed", headers={"X-Forwarded-Proto": "https"})
        cookie = _cookie_header(tls, "knotty_session").lower()
        assert (
            "httponly" in cookie
            and "secure" in cookie
            and "samesite=none" in cookie
            and "partitioned" in cookie
        )


async def test_only_the_configured_sites_may_frame_the_chat(database_url: str, tmp_path: Path) -> None:
    injected = "https://partner.example, not an origin; script-src *"
    with pytest.raises(
        ValueError, match="KNOTTY_ALLOWED_ORIGINS"
    ):  # refused at start-up, before any CSP is built
        make_settings(database_url, tmp_path, KNOTTY_ALLOWED_ORIGINS=injected)
    env = {
        "KNOTTY_ALLOWED_ORIGINS": "https://partner.example, https://*.spa.example ",
        "TWILIO_PHONE_NUMBER": "+15005550006",
    }
    async with web_app(database_url, tmp_path, **env) as (base, _), httpx.AsyncClient(base_url=base) as http:
        embed = await http.get("/chat/embed")
        csp = embed.headers["content-security-policy"]
        assert "frame-ancestors 'self' https://partner.example https://*.spa.example" in csp
        assert "script-src 'self';" in csp and "script-src *" not in csp
        assert "x-frame-options" not in embed.headers
        home = await http.get("/")
        assert 'href="tel:+15005550006"' in home.text, "the page offers the phone line too"
        assert "frame-ancestors 'none'" in home.headers["content-security-policy"]
        assert home.headers["x-frame-options"] == "DENY"
        assert home.headers["cache-control"] == "no-store"
        script = await http.get("/widget.js")
        assert script.status_code == 200
        assert script.headers["content-type"].startswith("text/javascript")
        assert "/chat/embed" in script.text
    async with (
        web_app(database_url, tmp_path, KNOTTY_ALLOWED_ORIGINS="*") as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        embed = await http.get("/chat/embed")
        assert embed.headers["content-security-policy"].endswith("frame-ancestors *")


async def test_junk_posts_never_fail_the_server(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        cases = [
            http.post(
                "/chat/message",
                content=b"\xff\xfe\x00garbage",
                headers={"content-type": "application/x-www-form-urlencoded"},
            ),
            http.post("/chat/message", json={"text": "hi"}),
            http.post("/chat/message", files={"text": ("a.txt", b"hello")}),
            http.post(
                "/chat/message", data={**visitor.fields, "text": "hi", "view": "../../etc", "turn": "x" * 500}
            ),
            http.post("/chat/restart", data={"sid": "forged.sig", "csrf": "x"}),
            http.post(
                "/chat/message",
                content=b"text=" + b"a" * 200_000,
                headers={"content-type": "application/x-www-form-urlencoded"},
            ),
        ]
        for call in cases:
            response = await call
            assert response.status_code < 500, response.text[:200]
        empty = await visitor.say("   ")
        assert empty.status_code == 204


async def test_a_dead_database_gets_an_apology_not_an_error_page(tmp_path: Path) -> None:
    async with (
        web_app("postgresql://nobody@127.0.0.1:1/none", tmp_path) as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        first = await http.get("/")  # a first visit reads nothing: the page and its greeting come up
        visitor = WebVisitor(http)
        visitor._remember(first.text)
        said = await visitor.say("Jane Doe", htmx=False)
        page = await http.get("/")  # a returning visitor's page reads the conversation
    assert first.status_code == 200 and "<!doctype html>" in first.text
    assert said.status_code == 503 and "chat right now" in said.text and 'value="Jane Doe"' in said.text
    assert page.status_code == 503
    assert "chat right now" in page.text and "<!doctype html>" in page.text


async def test_a_cookieless_page_view_stores_nothing_and_the_first_message_starts_the_chat(
    database_url: str, tmp_path: Path
) -> None:
    """An uptime monitor's GET / every minute must not leave a conversation row each time (issue 16)."""
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        for _ in range(5):
            http.cookies.clear()
            monitor = await http.get("/")
            assert monitor.status_code == 200 and "What's your full name?" in bubbles(monitor.text)[0]
        assert await runtime.store.list_conversations() == [], "page views alone store no conversation"

        visitor = WebVisitor(http)
        http.cookies.clear()
        shown = bubbles((await visitor.open("/")).text)
        reply = await visitor.say("Jane Doe")
        assert reply.status_code == 200 and "phone" in " ".join(bubbles(reply.text)).lower()
        assert "Hi there" not in " ".join(bubbles(reply.text)), "no second greeting in the first answer"
        (conv,) = await runtime.store.list_conversations()
        lines = [
            (m.role, m.content)
            for m in await runtime.store.history(conv.id)
            if m.role in ("user", "assistant")
        ]
        assert lines[:2] == [("assistant", shown[0]), ("user", "Jane Doe")], (
            "the stored chat starts with the greeting shown"
        )
        again = await visitor.open("/")
        assert bubbles(again.text, "user") == ["Jane Doe"], "a returning visitor's page shows the stored chat"


async def test_a_post_over_64_kb_says_too_long_not_page_expired(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        for htmx in (True, False):
            refused = await visitor.say("a" * (70 * 1024), htmx=htmx)
            assert refused.status_code == 413
            assert "1,000 characters" in refused.text and "expired" not in refused.text
        assert (await visitor.say("Jane Doe")).status_code == 200, "the chat goes on"
