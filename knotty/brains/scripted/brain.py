"""The offline brain: deterministic, no network, the default without an OpenAI key and the fallback.

Each step reads only the transcript lines it has not folded in yet (`Memory.cursor`): on a normal
turn, just the person's new utterance or this turn's tool results. Lines another brain handled are
replayed first, so the brain can take over in the middle of any conversation.
"""

from __future__ import annotations

import zlib
from typing import Any

from knotty.brains.base import Brain, BrainContext, BrainStep, ChatLine, Question
from knotty.brains.scripted.memory import Memory
from knotty.brains.scripted.policy import Situation, cut_short, decide
from knotty.brains.scripted.replies import Wording, asks_for_local_part
from knotty.brains.scripted.transcript import replay, tool_result
from knotty.brains.scripted.understanding import understand, understand_first_text
from knotty.state import ConversationState, Modality

__all__ = ["ScriptedBrain"]


class ScriptedBrain(Brain):
    """Understands people with the offline field extractors and follows the prompt's flow."""

    name = "scripted"
    tells_questions = True

    async def step(self, ctx: BrainContext) -> BrainStep:
        raw = ctx.state.brain_memory(self.name)
        try:
            return self.decide(ctx, raw)
        except Exception:
            raw.clear()  # whoever answers next rebuilds the memory from the transcript
            raise

    def question(self, state: ConversationState) -> Question | None:
        """The field the offline brain last asked for, and how many answers to it it did not understand."""
        mem = Memory.asked_of(state.memory.get(self.name) or {})
        return Question(*mem) if mem is not None else None

    def decide(self, ctx: BrainContext, raw: dict[str, Any]) -> BrainStep:
        """The synchronous core of `step` (also what tests and benchmarks call)."""
        mem = Memory.load(raw)
        lines = [*ctx.history, *ctx.turn_lines]
        if mem.cursor > len(lines):
            mem = Memory()
        if not mem.cursor and not mem.turn:
            mem.seed = zlib.crc32((ctx.caller_number or "").encode() + str(len(lines)).encode())
        past = len(ctx.history)
        if mem.cursor < past:
            replay(mem, ctx.history[mem.cursor :], region=ctx.region, caller_number=ctx.caller_number)
            mem.cursor = past

        situation = Situation(
            mem=mem,
            state=ctx.state,
            words=Wording(
                ctx.modality,
                mem.seed,
                mem.turn,
                caller_known=bool(ctx.caller_number),
                last_question=mem.last_question,
                web_chat_host=ctx.web_chat_host,
            ),
            region=ctx.region,
            opening=ctx.opening,
            silence_limit=ctx.silence_limit,
            first_contact=not ctx.opening and not any(ln.role == "assistant" for ln in ctx.history),
        )
        cut_short(situation, ctx.heard)
        for line in lines[mem.cursor :]:
            if line.role == "user":
                if line.content and not mem.asking and situation.first_contact:
                    # The person wrote first: a name in it counts as if the name had been asked for.
                    situation.reading = understand_first_text(
                        line.content, region=ctx.region, spoken=ctx.modality is Modality.SPOKEN
                    )
                elif line.content:
                    situation.reading = understand(
                        line.content,
                        mem.asking,
                        region=ctx.region,
                        first_name=mem.first_name,
                        known_name=mem.full_name,
                        spoken=ctx.modality is Modality.SPOKEN,
                        surname_again=mem.asking == "last_name" and mem.asked.get("last_name", 0) > 1,
                        name_again=(
                            name_again := mem.asking in ("full_name", "last_name")
                            and mem.asked.get(mem.asking, 0) > 1
                        ),
                        said_before=_said_before(ctx.history) if name_again else None,
                        local_part_asked=mem.asking == "email" and asks_for_local_part(mem.last_question),
                    )
                else:
                    situation.silence = True
            elif line.role == "tool" and (found := tool_result(line)) is not None:
                situation.tool_results.append(found)
        if situation.reading is not None or situation.silence or ctx.opening:
            mem.turn += 1
            situation.words.turn = mem.turn

        step = decide(situation)
        mem.last_question = situation.words.asked
        # The line the agent adds for this step (the reply, or the tool-call line) is our own.
        mem.cursor = len(lines) + 1
        raw.clear()
        raw.update(mem.dump())
        return step


def _said_before(history: list[ChatLine]) -> str | None:
    """What the person said last before this turn: a name said again the same way is meant as a name."""
    return next((line.content for line in reversed(history) if line.role == "user" and line.content), None)
