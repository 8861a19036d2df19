"""A local stand-in for an OpenAI-compatible chat-completions endpoint (the LLM reader's outside boundary).

It speaks the wire format (POST /v1/chat/completions, JSON in and out) from a real HTTP server on
127.0.0.1, and can be told to answer, hang, answer an HTML page, a 429 or a 500, or text that is not JSON.
"""
from __future__ import annotations

import json
import time

from werkzeug.wrappers import Request, Response

HANG_SECONDS = 3.0  # longer than the tests' budget; time.sleep, never a timed wait in a thread


class FakeLlm:
    """The WSGI app; `requests` keeps every request body it was sent."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.mode, self.content, self.requests = "answer", json.dumps({"category": "repair"}), []

    def answers(self, **fields) -> None:
        """Answer this JSON object as the completion's text."""
        self.mode, self.content = "answer", json.dumps(fields, ensure_ascii=False)

    def says(self, content: str) -> None:
        """Answer this text as the completion's text (e.g. not JSON)."""
        self.mode, self.content = "answer", content

    def fails(self, mode: str) -> None:
        """One of: hang, html, 429, 500."""
        self.mode = mode

    @property
    def last(self) -> dict:
        return self.requests[-1]

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.method != "POST" or request.path != "/v1/chat/completions":
            return Response("not found", status=404)(environ, start_response)
        self.requests.append({"body": request.get_json(), "authorization": request.headers.get("Authorization")})
        return self._respond()(environ, start_response)

    def _respond(self) -> Response:
        if self.mode == "hang":
            time.sleep(HANG_SECONDS)
        if self.mode == "html":
            return Response("<html><body><h1>502 Bad Gateway</h1></body></html>", status=200, mimetype="text/html")
        if self.mode in ("429", "500"):
            error = {"error": {"message": "rate limited" if self.mode == "429" else "server error"}}
            return Response(json.dumps(error), status=int(self.mode), mimetype="application/json")
        return Response(json.dumps(self._completion()), mimetype="application/json")

    def _completion(self) -> dict:
        return {"id": "chatcmpl-fake", "object": "chat.completion", "model": "fake",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": self.content}}]}
