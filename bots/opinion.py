"""A second reader's opinion of a message (an LLM's, asked by the app) and how it joins the bot's own.

The second reader is optional and outside: the app passes it in as a function of (text, buildings)
that answers an Opinion, already checked against the labels and the known buildings, or None when
it failed (timed out, errored, answered nonsense). The rules still own emergencies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Opinion:
    """A category from the labels (docs/intake.md) and, when the reader named a building the bot knows, the place."""

    category: str
    building: str | None = None
    unit: str | None = None
    room: str | None = None


# (text, the buildings the bot knows) -> an Opinion, or None: the bot's own reading stands.
SecondReader = Callable[[str, tuple[str, ...]], "Opinion | None"]
