"""Over SMS, through the real app, its grounding and database: a number placed by the country named after it,
a number of two countries asked about, and the role in Swahili (people17, round 17).

"07911 123456" then "UK" had been asked for the number again; "312 345 6789 italy" had been saved as +1 312
345 6789; "Mimi ni mteja" had been heard as nothing. The saved entry is what the person said, and what they
were read back.
"""

from __future__ import annotations

import pytest

from tests.channels.conftest import TwilioWorld


@pytest.mark.parametrize(
    ("lines", "phone", "shown"),
    [
        (["07911 123456", "UK"], "+447911123456", "+44 7911 123456"),
        (["312 345 6789 italy", "Italy"], "+393123456789", "+39 312 345 6789"),
        (["312 345 6789 italy", "USA"], "+13123456789", "+1 312-345-6789"),
    ],
)
async def test_the_country_named_decides_the_number_saved(
    twilio: TwilioWorld, lines: list[str], phone: str, shown: str
) -> None:
    texter = twilio.sim.texter("+14155550177")
    await texter.send("Hi, I'm Amani Wanjiru")
    for line in lines:
        await texter.send(line)
    await texter.send("amani.wanjiru@example.com")
    [read_back] = await texter.send("Mimi ni mteja")
    assert f"phone {shown};" in read_back and "as a client" in read_back, read_back
    await texter.send("yes")
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email, entry.role) == (
        "Amani Wanjiru",
        phone,
        "amani.wanjiru@example.com",
        "client",
    )
