"""A serving process has every country's numbering plan loaded before its first call or text.

`phonenumbers` imports a country's plan the first time one of its numbers is read: the first British
number a process heard held its event loop (every call and text in it) for up to 0.1 s while the plan
loaded. Checked in a fresh interpreter, since this one may have loaded plans in other tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import phonenumbers

_SERVE_THEN_READ = """
import asyncio, json, sys
import httpx, phonenumbers
from app.factory import create_app
from app.runtime import build_runtime
from knotty.fields import extract_phone
from tests.conftest import make_settings
from tests.support.live_server import serve

def plans() -> set[str]:
    return {m for m in sys.modules if m.startswith("phonenumbers.data.region_")}

async def main(database_url: str, folder: str, numbers: list[str]) -> None:
    from pathlib import Path
    before = plans()
    runtime = build_runtime(make_settings(database_url, Path(folder)))
    async with serve(create_app(runtime=runtime)) as base, httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/healthz")).status_code == 200
        started = plans()
        read = [extract_phone(number) for number in numbers]
        print(json.dumps({"before": len(before), "started": len(started),
                          "loaded_while_serving": sorted(plans() - started), "read": read}))

asyncio.run(main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3])))
"""


def _numbers_from_every_continent() -> list[str]:
    """libphonenumber's own example mobiles, written as people type them from abroad."""
    regions = ["GB", "DE", "BR", "MX", "IN", "JP", "KR", "NG", "ZA", "AU", "NZ", "PH", "TR", "PL", "EG"]
    numbers = []
    for region in regions:
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        assert example is not None
        numbers.append(phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
    return numbers


def test_every_countrys_plan_is_loaded_when_the_app_starts_not_at_its_first_number(
    database_url: str, tmp_path: Path
) -> None:
    numbers = _numbers_from_every_continent()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", _SERVE_THEN_READ, database_url, str(tmp_path), json.dumps(numbers)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["started"] >= len(phonenumbers.SUPPORTED_REGIONS) > seen["before"], seen
    assert seen["loaded_while_serving"] == [], "a number's plan was loaded while calls were being answered"
    assert all(read is not None and read.startswith("+") for read in seen["read"]), seen["read"]
