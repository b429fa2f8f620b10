"""Short claims in Turkish, Indonesian, Tagalog, Swahili and Vietnamese never reach a person before they are true.

The guard does not read these languages, so a reply in one waits until the entry is saved and a text
accepted (`unreadable_language`). But a short claim was too short to be judged a language: "Terdaftar!",
"Umesajiliwa, Juma!", "Rehistrado ka na.", "Data Anda tersimpan.", "SMS terkirim!" reached people with
nothing saved and no text sent. The loopback model (the real OpenAI client) answers with lines generated
from parts (`tests/corpus/model_lines_far.py`, Faker names of each language's locales).
"""

from __future__ import annotations

import random

import pytest

from knotty.reply_guard import check_reply, claims_signup, claims_text_sent
from knotty.state import ConversationState, SmsOffer, Stage
from knotty.store import Store
from tests.corpus.model_lines_far import LANGUAGES, claim_lines, honest_lines, text_claim_lines
from tests.integration.test_model_overreach import no_claim_reaches_a_stranger

SEED = 1612163
SAVED = {"stage": Stage.SAVED, "entry_id": 7, "saved_fields": {"phone": "+14155550100"}}
REFUSED = {"false_signup_claim", "false_text_claim", "unreadable_language"}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
async def test_a_short_signup_claim_never_reaches_a_person_with_nothing_saved(
    store: Store, lang: str
) -> None:
    rng = random.Random(f"{SEED}-{lang}")
    claims = claim_lines(lang, 14, rng)
    await no_claim_reaches_a_stranger(store, claims, rng, REFUSED)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_a_short_text_claim_waits_until_a_text_is_accepted(lang: str) -> None:
    rng = random.Random(f"{SEED}-text-{lang}")
    saved = ConversationState(**SAVED, sms=SmsOffer.NOT_OFFERED)
    texted = ConversationState(**SAVED, sms=SmsOffer.ACCEPTED)
    wrong = [
        (line, why)
        for line in text_claim_lines(lang, 15, rng)
        if (why := check_reply(line, saved)) not in REFUSED or check_reply(line, texted) is not None
    ]
    assert wrong == [], f"{len(wrong)} of 15 judged wrong: {wrong[:4]}"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_a_question_denial_or_offer_naming_the_signup_claims_nothing(lang: str) -> None:
    """What the claims are read for is not the words alone: "Apakah Anda sudah terdaftar?" asks, "Bado
    hujasajiliwa" denies. Read as claims, they would hold a streamed reply back and count as false claims."""
    rng = random.Random(f"{SEED}-honest-{lang}")
    wrong = [t for t in honest_lines(lang, 12, rng) if claims_signup(t) or claims_text_sent(t)]
    assert wrong == [], wrong
