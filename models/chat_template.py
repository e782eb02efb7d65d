"""ChatML rendering of conversations into token ids and the SFT loss mask.

Yi's chat models use ChatML: every message is
`<|im_start|>{role}\n{content}<|im_end|>\n`, and a reply is prompted with
`<|im_start|>assistant\n`. The special tokens go in by id, never through the text encoder, so
a user typing "<|im_end|>" cannot close a turn. Loss is on the assistant's reply tokens and
the `<|im_end|>` that ends them (the model must learn to stop); everything else is context.
"""

from __future__ import annotations

from dataclasses import dataclass

from yisieve.models.tokenizer import IM_END, IM_START, SPECIAL_TOKEN_IDS

IM_START_ID = SPECIAL_TOKEN_IDS[IM_START]  # 6
IM_END_ID = SPECIAL_TOKEN_IDS[IM_END]  # 7
ROLES = ("system", "user", "assistant")
IGNORE_INDEX = -100  # cross-entropy's ignore_index: positions that carry no loss


class ConversationError(ValueError):
    """A conversation that cannot be rendered (unknown role, empty, no assistant turn)."""


@dataclass(frozen=True)
class RenderedConversation:
    """Token ids and, per id, whether the model is trained to produce it."""

    ids: list[int]
    trained: list[bool]

    def __len__(self) -> int:
        return len(self.ids)


def check_messages(messages: object) -> list[dict[str, str]]:
    """Validates the `messages` list of one JSONL record; raises ConversationError."""
    if not isinstance(messages, list) or not messages:
        raise ConversationError("'messages' must be a non-empty list")
    for number, message in enumerate(messages):
        if not isinstance(message, dict):
            raise ConversationError(f"message {number} is not an object")
        role, content = message.get("role"), message.get("content")
        if role not in ROLES:
            raise ConversationError(f"message {number}: role {role!r} not in {ROLES}")
        if not isinstance(content, str):
            raise ConversationError(f"message {number}: content must be a string")
        if role == "system" and number != 0:
            raise ConversationError(f"message {number}: a system message must come first")
    if not any(m["role"] == "assistant" for m in messages):
        raise ConversationError("no assistant message: nothing to learn from")
    return messages


def render_conversation(messages: list[dict[str, str]], tokenizer) -> RenderedConversation:
    """ChatML ids of a whole conversation, with the loss mask on assistant replies + <|im_end|>."""
    ids: list[int] = []
    trained: list[bool] = []

    def add(tokens: list[int], learn: bool) -> None:
        ids.extend(tokens)
        trained.extend([learn] * len(tokens))

    for message in check_messages(messages):
        reply = message["role"] == "assistant"
        add([IM_START_ID], False)
        add(tokenizer.encode(message["role"] + "\n"), False)
        add(tokenizer.encode(message["content"]), reply)
        add([IM_END_ID], reply)
        add(tokenizer.encode("\n"), False)
    return RenderedConversation(ids, trained)


def render_prompt(messages: list[dict[str, str]], tokenizer) -> list[int]:
    """Ids of the conversation so far plus `<|im_start|>assistant\\n`: what `chat` feeds."""
    ids: list[int] = []
    for number, message in enumerate(messages):
        if message.get("role") not in ROLES:
            raise ConversationError(f"message {number}: role {message.get('role')!r}")
        ids += [IM_START_ID, *tokenizer.encode(message["role"] + "\n")]
        ids += [*tokenizer.encode(message["content"]), IM_END_ID, *tokenizer.encode("\n")]
    return ids + [IM_START_ID, *tokenizer.encode("assistant\n")]


def chatml_text(messages: list[dict[str, str]], add_generation_prompt: bool = False) -> str:
    """The same template as text (the Jinja chat_template in exports renders exactly this)."""
    text = "".join(f"{IM_START}{m['role']}\n{m['content']}{IM_END}\n" for m in messages)
    return text + (f"{IM_START}assistant\n" if add_generation_prompt else "")


# The Jinja template written into exported tokenizer_config.json / GGUF metadata.
CHATML_JINJA = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
