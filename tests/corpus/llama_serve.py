"""llama.cpp's OpenAI-compatible server, with llama-cpp-python's `chatml-function-calling` handler made able to talk.

    python -m tests.corpus.llama_serve --model FILE --chat_format knotty-chatml-tools [server options]

Asked with tools and `tool_choice="auto"` (as Knotty always asks), the handler (llama-cpp-python 0.3.36)
first lets the model choose between `message:` and `functions.<name>:`, then writes the message under
the grammar meant for what follows a tool call (`functions.<name>:` or `<|im_end|>`): a message can
only be empty or a tool name, never words. Every reply SmolLM2 chose to say came back empty ("model
returned neither text nor tool calls"), or as `functions.x:` shown as text, so the offline brain
answered for it and the watcher took the conversation over: no run of the real-model tier ever
judged a word the model said. Its completions also have no length limit, so a rambling tool argument
ran past the turn's budget and opened the circuit breaker, and its template escapes the conversation
for HTML, so the model read "I&#39;m" and answered in kind.

`knotty-chatml-tools` is the same handler with the message written freely, the prompt as written, and
every completion it makes bounded (`MAX_TOKENS`), which is what a deployed server's limit would do.
"""

from __future__ import annotations

import html
from typing import Any

from llama_cpp import llama_chat_format
from llama_cpp.server.__main__ import main

__all__ = ["CHAT_FORMAT", "MAX_TOKENS"]

CHAT_FORMAT = "knotty-chatml-tools"
MAX_TOKENS = 200
"""At most this many tokens per completion, whatever the client asks (Knotty asks for 400): the CPU's
time for a reply, a tool's arguments. A completion cut there ends with `finish_reason` "length", which
Knotty does not use."""


class _Talking:
    """The model as the handler sees it: a message's completion is not held to the tool grammar."""

    def __init__(self, llama: Any) -> None:
        self._llama = llama

    def __getattr__(self, name: str) -> Any:
        return getattr(self._llama, name)

    def create_completion(self, **kwargs: Any) -> Any:
        prompt = kwargs.get("prompt")
        if isinstance(prompt, str):
            # The handler's template escapes what it renders for HTML: the model read "I&#39;m" and wrote it.
            kwargs["prompt"] = html.unescape(prompt)
            if prompt.endswith("message:\n"):
                kwargs["grammar"] = None  # the reply's words, not a tool name
        kwargs["max_tokens"] = min(kwargs.get("max_tokens") or MAX_TOKENS, MAX_TOKENS)
        return self._llama.create_completion(**kwargs)


def _handler(llama: Any, **kwargs: Any) -> Any:
    return llama_chat_format.chatml_function_calling(_Talking(llama), **kwargs)


llama_chat_format.LlamaChatCompletionHandlerRegistry().register_chat_completion_handler(  # type: ignore[no-untyped-call, unused-ignore]  # typed only where llama.cpp is installed
    CHAT_FORMAT, _handler, overwrite=True
)

if __name__ == "__main__":
    main()  # type: ignore[no-untyped-call, unused-ignore]  # typed only where llama.cpp is installed
