"""What the bot asks an LLM (the prompt) and what it accepts back (the answer's schema): pure."""
from __future__ import annotations

import json
import re

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from bots.opinion import Opinion
from bots.understand import CATEGORIES

# The labels as docs/intake.md defines them, so the LLM and the local reader read alike.
PROMPT = """You label messages that residents of Chinese housing estates send to their property service.
Answer with one JSON object and nothing else:
{"category": "...", "building": "..." or null, "unit": "..." or null, "room": "..." or null}

category is exactly one of:
- "emergency" (紧急): danger to life or property right now: someone trapped in a lift, gas smell, fire, smoke, sparks, a burst pipe flooding a home, sewage flooding, something about to fall from height.
- "repair" (报修): something broken or not working, in a home or a common area, with no danger right now. Feelings, urgency or thanks around a fault report do not change this.
- "dispute" (纠纷): a conflict between residents: noise, pets, parking, renovation, things in the corridor, a leak from upstairs the neighbour won't fix, fenced green land, illegal structures. Saying the firm does nothing about a neighbour is still a dispute.
- "complaint" (投诉): dissatisfaction with the property firm or its staff: cleaning not done, a rude guard, repairs left waiting, an earlier report ignored, fees, common income not disclosed.
- "inquiry" (咨询): a real question about information or a procedure (fees, water cuts, access cards). A rhetorical question inside a complaint is not an inquiry.
- "praise" (表扬): thanks or commendation with nothing to act on. A polite 谢谢 after a request is not praise.
- "other" (其他): greetings, chit-chat, nothing to act on.
Where two fit, the more urgent wins; a conflict between neighbours is a dispute even when something is broken.

building, unit and room: only what the message says, never guessed. building is one of the estate's
buildings listed below, written exactly as listed, or null; unit is the entrance number (2单元 -> "2");
room is the flat number (501室 -> "501"); Chinese numerals become digits. Road numbers (路740号) and
floors (17楼) are neither building nor room. Numbers shown as **** are hidden on purpose."""

_FENCED = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


class InvalidAnswer(ValueError):
    """The LLM's reply is not an answer the bot can use."""


class Code(fields.String):
    """A short identifier the model may write as a JSON number (2 for "2")."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


class AnswerSchema(Schema):
    """The JSON object the LLM must answer; extra keys are ignored."""

    class Meta:
        unknown = EXCLUDE

    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    building = Code(load_default=None, allow_none=True, validate=validate.Length(min=1, max=10))
    unit = Code(load_default=None, allow_none=True, validate=validate.Regexp(r"^\d{1,2}$"))
    room = Code(load_default=None, allow_none=True, validate=validate.Regexp(r"^\d{2,5}$"))


def messages(text: str, buildings: tuple[str, ...]) -> list[dict]:
    """The chat-completions messages for one (already masked) text."""
    known = ", ".join(buildings) if buildings else "(unknown: answer null)"
    return [{"role": "system", "content": f"{PROMPT}\n\nThe estate's buildings: {known}"},
            {"role": "user", "content": text}]


def opinion_from(completion: object, buildings: tuple[str, ...]) -> Opinion:
    """The Opinion in a chat-completions response body; InvalidAnswer when there is none.

    A category outside the labels rejects the whole answer; a location that is malformed or names
    a building the bot does not know is dropped (the local reader's place stands).
    """
    data = _json_object(_content(completion))
    try:
        answer = AnswerSchema().load(data)
    except ValidationError as exc:
        if "category" in exc.messages:
            raise InvalidAnswer(f"category: {exc.messages['category'][0]}") from None
        answer = AnswerSchema().load({"category": data["category"]})
    building = _known(answer["building"], buildings)
    if building is None:
        return Opinion(answer["category"])
    return Opinion(answer["category"], building, answer["unit"], answer["room"])


def _known(building: str | None, buildings: tuple[str, ...]) -> str | None:
    """The bot's own spelling of a building the LLM named ("6b" is "6B"), None for one it made up."""
    wanted = (building or "").strip().upper()
    return next((known for known in buildings if known.upper() == wanted), None)


def _content(completion: object) -> str:
    try:
        content = completion["choices"][0]["message"]["content"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        raise InvalidAnswer("not a chat completion") from None
    if not isinstance(content, str):
        raise InvalidAnswer("the completion has no text")
    return content


def _json_object(content: str) -> dict:
    """The JSON object in the reply's text (some servers fence it in ```json … ``` even in JSON mode)."""
    fenced = _FENCED.match(content.strip())
    try:
        data = json.loads(fenced.group(1) if fenced else content)
    except json.JSONDecodeError:
        raise InvalidAnswer("the reply is not JSON") from None
    if not isinstance(data, dict):
        raise InvalidAnswer("the reply is not a JSON object")
    return data
