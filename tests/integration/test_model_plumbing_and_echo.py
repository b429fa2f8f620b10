"""What the real small model wrote, asked in German, Dutch, Polish and Romanian, never reaches the person.

Asked through llama.cpp's server (`tests/corpus/llama_serve.py`) with Knotty's prompt and tools, SmolLM2-135M
answered a German speaker with her own message word for word, a Polish one as if it were her ("Hello, my
name is Anna Nowak. I'm a young doctor..."), and others with its chat format's tags and code: "<message>",
a ```python block, "function call: ...", "Here is the code: function sum_multiples(n) {", "reply to the
user's request with ...". All of them had reached the person (the guard let them through). These are
its replies, with the person's words before them, played through the agent and the loopback model.
"""

from __future__ import annotations

import random

import pytest

from knotty.reply_guard import check_reply
from knotty.state import ConversationState
from knotty.store import Store
from tests.corpus.strangers import make_strangers
from tests.integration.test_model_overreach import each_reaches_the_person

SEED = 1507209

_PLUMBING = [
    "<message>\nYou're welcome. I'm glad you enjoyed it. How can I assist you further?",
    '<message>\n```python\ndef main():\n    # TODO: implement this function\n    print(f"Hello, {name}!")\n```',
    'Sag mir bitte auf Deutsch.\nfunction call: "de_sang_13f29e50b4a7c8ac"',
    "<message>\nThe answer is a lie. Here is the code:\n```\nfunction sum_multiples(n) {\n  var result = 0;",
    'You can reply to the user\'s request with "A: You are welcome."',
    "Here is the code: function greet(name) { console.log(name); }",
    "<response>Thanks! What's your email?</response>",
]
_ECHOES = [
    (
        "Hallo, ich möchte mich anmelden. Ich heiße {name}.",
        "Hallo, ich möchte mich anmelden. Ich heiße {name}.",
    ),
    ("Bună, vreau să mă înscriu. Mă numesc {name}.", "Bună, vreau să mă înscriu."),
    (
        "Cześć, chcę się zapisać. Nazywam się {name}.",
        "Nazwa nowego.\n\nHello, my name is {name}. I'm a young doctor.",
    ),
    ("Hi, I'd like to join the waitlist as a therapist", "I'd like to join the waitlist as a therapist."),
    ("hello, {name} here", "Hi! My name is {name}, nice to meet you."),
    ("Ciao, vorrei iscrivermi. Mi chiamo {name}.", "Ciao,\nfurthermore i mi chiamo {name}."),
]


async def test_the_models_tags_and_code_never_reach_the_person(store: Store) -> None:
    people = make_strangers(len(_PLUMBING), random.Random(SEED).randrange(2**32))
    cases = [(p.full_name, reply) for p, reply in zip(people, _PLUMBING, strict=True)]
    shown = await each_reaches_the_person(store, cases, {"tool_syntax"})
    assert shown == [], f"{len(shown)} of {len(cases)} reached the person: {shown[:4]}"


async def test_the_persons_own_words_said_back_never_reach_them(store: Store) -> None:
    people = make_strangers(len(_ECHOES), random.Random(f"{SEED}-echo").randrange(2**32))
    cases = [
        (said.format(name=p.full_name), reply.format(name=p.full_name))
        for p, (said, reply) in zip(people, _ECHOES, strict=True)
    ]
    shown = await each_reaches_the_person(store, cases, {"echoes_the_person"})
    assert shown == [], f"{len(shown)} of {len(cases)} reached the person: {shown[:4]}"


@pytest.mark.parametrize(
    ("said", "reply"),
    [
        ("Anna Müller", "Thanks, Anna Müller! What's your phone number?"),
        ("hi", "Hi, my name is Knotty. What's your full name?"),
        ("anna@web.de", "Got it: anna@web.de. Are you a therapist or a client?"),
        ("I'm a therapist", "A therapist, great. What's your full name?"),
        ("my email is ana at example dot com", "So your email is ana@example.com. Is that right?"),
    ],
)
def test_a_reply_that_names_what_the_person_said_is_no_echo(said: str, reply: str) -> None:
    assert check_reply(reply, ConversationState(), said=[said]) is None
