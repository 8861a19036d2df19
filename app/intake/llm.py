"""The optional LLM reader: any OpenAI-compatible chat-completions endpoint (a hosted Qwen or DeepSeek,
vLLM or Ollama on the premises) asked for a message's labels within a time budget.

It is the bot's second reader (bots.opinion.SecondReader): phones and ID numbers are masked before
the text leaves the service, and any failure (timeout, refused connection, 429/500, an HTML page,
JSON that breaks the schema) is logged and answers None, so the local reader's reading stands.
"""
from __future__ import annotations

import json
import logging
import threading
import time

import requests
from flask import Flask

from app.intake.llm_contract import InvalidAnswer, messages, opinion_from
from app.staff.redact import redact
from bots.opinion import Opinion

log = logging.getLogger(__name__)

CONNECT_SHARE = 0.25  # of the budget, for the TCP (and TLS) connect; the rest waits for the answer
MAX_BODY_BYTES = 64 * 1024  # an answer is a few hundred bytes; more is not an answer
MAX_BUDGET_SECONDS = 4.0  # the webhook must answer within WeChat's 5 s, its database work included


class LlmFailed(Exception):
    """The endpoint gave no usable HTTP answer within the budget."""


class LlmReader:
    """Asks one model at one endpoint; a requests session per thread keeps the connection open."""

    def __init__(self, *, base_url: str, model: str, api_key: str | None, timeout_seconds: float,
                 json_mode: bool = True) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model, self.api_key, self.timeout, self.json_mode = model, api_key, timeout_seconds, json_mode
        self._local = threading.local()

    def __call__(self, text: str, buildings: tuple[str, ...]) -> Opinion | None:
        """The model's opinion of a message, or None (logged) when it has none to give in time."""
        try:
            return opinion_from(self.complete(redact(text), buildings), buildings)
        except (LlmFailed, InvalidAnswer) as exc:
            log.warning("llm reader gave no answer, the local reader answers: %s url=%s", exc, self.url)
            return None

    def complete(self, text: str, buildings: tuple[str, ...]) -> object:
        """The endpoint's JSON response to one (already masked) text; LlmFailed past the budget."""
        deadline = time.monotonic() + self.timeout
        connect = self.timeout * CONNECT_SHARE
        try:
            with self._session().post(self.url, json=self._request(text, buildings), headers=self._headers(),
                                      timeout=(connect, self.timeout - connect), stream=True) as response:
                if response.status_code != 200:
                    raise LlmFailed(f"HTTP {response.status_code}")
                body = _read(response, deadline)
        except requests.RequestException as exc:
            raise LlmFailed(type(exc).__name__) from None
        try:
            return json.loads(body)
        except ValueError:
            raise LlmFailed("the response is not JSON (an HTML page?)") from None

    def _request(self, text: str, buildings: tuple[str, ...]) -> dict:
        body = {"model": self.model, "messages": messages(text, buildings), "temperature": 0, "max_tokens": 100}
        if self.json_mode:
            body["response_format"] = {"type": "json_object"}
        return body

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session


def _read(response: requests.Response, deadline: float) -> bytes:
    """The body, given up on when the budget is spent (a server may trickle it) or it grows too long."""
    body = b""
    for chunk in response.iter_content(4096):
        body += chunk
        if time.monotonic() > deadline:
            raise LlmFailed("the answer took longer than the budget")
        if len(body) > MAX_BODY_BYTES:
            raise LlmFailed("the answer is too long")
    return body


def check_settings(config: dict) -> None:
    """Refuse at start-up, naming the setting, an LLM configuration the webhook could not honour."""
    budget = config["INTAKE_LLM_TIMEOUT_SECONDS"]
    if not 0 < budget <= MAX_BUDGET_SECONDS:
        raise ValueError(f"INTAKE_LLM_TIMEOUT_SECONDS must be more than 0 and at most {MAX_BUDGET_SECONDS} "
                         f"(WeChat waits 5 s for the whole answer), not {budget}")
    if bool(config.get("INTAKE_LLM_BASE_URL")) != bool(config.get("INTAKE_LLM_MODEL")):
        raise ValueError("INTAKE_LLM_BASE_URL and INTAKE_LLM_MODEL are set together, or neither")


def configured_reader(app: Flask) -> LlmReader | None:
    """The app's LLM reader when INTAKE_LLM_BASE_URL and INTAKE_LLM_MODEL are set, else None; one per app."""
    config = app.config
    if not (config.get("INTAKE_LLM_BASE_URL") and config.get("INTAKE_LLM_MODEL")):
        return None
    if "intake_llm" not in app.extensions:
        app.extensions["intake_llm"] = LlmReader(
            base_url=config["INTAKE_LLM_BASE_URL"], model=config["INTAKE_LLM_MODEL"],
            api_key=config.get("INTAKE_LLM_API_KEY"), timeout_seconds=config["INTAKE_LLM_TIMEOUT_SECONDS"],
            json_mode=config["INTAKE_LLM_JSON_MODE"])
    return app.extensions["intake_llm"]
