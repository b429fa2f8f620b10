"""Only Twilio gets in: forged, missing, misdirected and tampered signatures get 403 and change nothing."""

from __future__ import annotations

from pathlib import Path

import httpx

from channels.twilio_signature import valid_twilio_signature
from channels.webhook import MAX_BODY_BYTES
from tests.channels.conftest import AUTH_TOKEN, PUBLIC, TwilioWorld, twilio_world
from tests.conftest import make_settings
from tests.support.fake_twilio_rest import FakeTwilioRest

ROUTES = [
    "/twilio/voice",
    "/twilio/voice/menu?attempt=1",
    "/twilio/voice/start",
    "/twilio/voice/turn?n=1",
    "/twilio/voice/status",
    "/twilio/sms",
]
CALL = {
    "CallSid": "CA" + "7" * 32,
    "From": "+14155550100",
    "To": "+15005550006",
    "Digits": "1",
    "CallStatus": "completed",
}
TEXT = {"MessageSid": "SM" + "7" * 32, "From": "+14155550100", "To": "+15005550006", "Body": "STOP"}


async def nothing_changed(world: TwilioWorld) -> None:
    assert await world.store.list_conversations() == []
    assert not await world.store.is_opted_out("+14155550100")


async def test_forged_and_missing_signatures_are_refused(twilio: TwilioWorld) -> None:
    for route in ROUTES:
        params = TEXT if route == "/twilio/sms" else CALL
        forged = await twilio.sim.post(route, params, signature="dGhpcyBpcyBub3QgaXQ=")
        missing = await twilio.sim.post(route, params, signature=None)
        assert forged.status_code == missing.status_code == 403, route
    await nothing_changed(twilio)


async def test_signatures_are_checked_against_the_public_url(twilio: TwilioWorld) -> None:
    # What a naive app would check: the URL it sees on loopback, not the one Twilio called.
    local = twilio.base_url + "/twilio/sms"
    hook = twilio.sim.webhook(twilio.sim.public_url("/twilio/sms"), TEXT)
    hook.headers["X-Twilio-Signature"] = twilio.sim.sign(local, TEXT)
    assert (await twilio.sim.send(hook)).status_code == 403
    # The query is part of what Twilio signs: the same signature on another turn is refused.
    signed = twilio.sim.webhook(f"{PUBLIC}/twilio/voice/turn?n=1", CALL)
    moved = signed.__class__(f"{PUBLIC}/twilio/voice/turn?n=2", signed.params, signed.headers)
    assert (await twilio.sim.send(moved)).status_code == 403
    await nothing_changed(twilio)


async def test_tampered_parameters_are_refused(twilio: TwilioWorld) -> None:
    hook = twilio.sim.webhook(twilio.sim.public_url("/twilio/sms"), {**TEXT, "Body": "hello"})
    hook.params["Body"] = "STOP"
    assert (await twilio.sim.send(hook)).status_code == 403
    await nothing_changed(twilio)


async def test_odd_bodies_are_refused_not_errors(twilio: TwilioWorld) -> None:
    async with httpx.AsyncClient(base_url=twilio.base_url) as http:
        for content, kind in (
            (b"{not json", "application/json"),
            (b"\xff\xfe", "application/x-www-form-urlencoded"),
        ):
            response = await http.post("/twilio/sms", content=content, headers={"content-type": kind})
            assert response.status_code == 403
        upload = await http.post(
            "/twilio/sms", files={"Body": ("a.txt", b"hi")}, headers={"X-Twilio-Signature": "x"}
        )
        assert upload.status_code == 403


async def test_without_an_auth_token_the_routes_refuse(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with twilio_world(database_url, tmp_path, fake_rest, TWILIO_AUTH_TOKEN="") as world:
        assert world.settings.twilio_auth_token is None
        response = await world.sim.post("/twilio/sms", TEXT)  # signed with the token Twilio would use
        assert response.status_code == 403 and "TWILIO_AUTH_TOKEN" in response.text
        await nothing_changed(world)


def test_the_check_accepts_the_websocket_form_of_the_public_url(tmp_path: Path) -> None:
    from twilio.request_validator import RequestValidator

    settings = make_settings(
        "sqlite+aiosqlite:///unused", tmp_path, TWILIO_AUTH_TOKEN=AUTH_TOKEN, PUBLIC_BASE_URL=PUBLIC
    )
    sign = RequestValidator(AUTH_TOKEN).compute_signature
    wss = sign("wss://knotty.example.com/twilio/stream?call=CA1", {})
    assert valid_twilio_signature(settings, "/twilio/stream?call=CA1", {}, wss)
    assert valid_twilio_signature(
        settings, "/twilio/sms", {"Body": "hi"}, sign(f"{PUBLIC}/twilio/sms", {"Body": "hi"})
    )
    assert not valid_twilio_signature(settings, "/twilio/stream?call=CA2", {}, wss)
    assert not valid_twilio_signature(settings, "/twilio/sms", {}, None)


async def test_only_a_post_of_a_webhook_sized_form_gets_in(twilio: TwilioWorld) -> None:
    async with httpx.AsyncClient(base_url=twilio.base_url) as http:
        for method in ("GET", "PUT", "DELETE"):
            refused = await http.request(method, "/twilio/sms")
            assert refused.status_code == 405 and refused.headers["allow"] == "POST", method
    huge = {**TEXT, "Body": "hello " * (MAX_BODY_BYTES // 6 + 1)}
    assert (await twilio.sim.post("/twilio/sms", huge)).status_code == 403, (
        "signed, but no webhook is that big"
    )
    await nothing_changed(twilio)


async def test_an_odd_method_is_counted_as_other_not_as_a_new_series(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    token = "a-metrics-token-for-the-scraper-0123"
    async with (
        twilio_world(database_url, tmp_path, fake_rest, KNOTTY_METRICS_TOKEN=token) as world,
        httpx.AsyncClient(base_url=world.base_url) as http,
    ):
        for method in ("PROPFIND", "PURGE", "GET"):
            assert (await http.request(method, "/twilio/voice/status")).status_code == 405
        scraped = (await http.get("/metrics", headers={"Authorization": f"Bearer {token}"})).text
    counted = [line for line in scraped.splitlines() if line.startswith("knotty_http_requests_total{")]
    assert any('method="other"' in line and 'path="/twilio/voice/status"' in line for line in counted)
    assert not any("PROPFIND" in line or "PURGE" in line for line in scraped.splitlines())


def test_the_check_accepts_exactly_what_the_librarys_validator_accepts(tmp_path: Path) -> None:
    from twilio.request_validator import RequestValidator

    settings = make_settings(
        "sqlite+aiosqlite:///unused", tmp_path, TWILIO_AUTH_TOKEN=AUTH_TOKEN, PUBLIC_BASE_URL=PUBLIC
    )
    validator = RequestValidator(AUTH_TOKEN)
    form = {"Body": ["hi & <bye>"], "From": ["+14155550100"], "Empty": [""]}
    target = "/twilio/voice/turn?n=2&said=yes%20please"
    accepted: list[bool] = []
    for signed_url in (
        f"{PUBLIC}{target}",
        f"{PUBLIC.replace('.com', '.com:443')}{target}",  # Twilio sometimes signs the port
        f"{PUBLIC}/twilio/voice/turn?n=3&said=yes%20please",
        f"{PUBLIC}{target}".replace("https://", "http://"),
    ):
        signature = validator.compute_signature(signed_url, {k: v[0] for k, v in form.items()})
        library = validator.validate(f"{PUBLIC}{target}", {k: v[0] for k, v in form.items()}, signature)
        assert valid_twilio_signature(settings, target, form, signature) == library, signed_url
        accepted.append(library)
    assert accepted == [True, True, False, False], "the cases above are the ones meant"
    tampered = {**form, "Body": ["hi"]}
    good = validator.compute_signature(f"{PUBLIC}{target}", {k: v[0] for k, v in form.items()})
    assert not valid_twilio_signature(settings, target, tampered, good)
