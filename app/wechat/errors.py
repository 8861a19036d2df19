"""WeChat's refusals, as one exception type with WeChat's own error code."""
from __future__ import annotations

# Error codes we act on (WeChat's global return codes).
SYSTEM_BUSY = -1  # also used by us for HTTP 5xx and network failures
INVALID_CREDENTIAL = 40001
INVALID_ACCESS_TOKEN = 40014
EXPIRED_ACCESS_TOKEN = 42001
INVALID_CODE = 40029
INVALID_OPENID = 40003
NOT_SUBSCRIBED = 43101
OUT_OF_WINDOW = 45015
OUT_OF_CS_QUOTA = 45047
ARGUMENT_INVALID = 47003

TOKEN_ERRORS = frozenset({INVALID_CREDENTIAL, INVALID_ACCESS_TOKEN, EXPIRED_ACCESS_TOKEN})
# Worth trying again later: WeChat is busy or unreachable.
TRANSIENT_ERRORS = frozenset({SYSTEM_BUSY, 45009})
# Customer-service refusals that a template message can stand in for.
WINDOW_ERRORS = frozenset({OUT_OF_WINDOW, OUT_OF_CS_QUOTA})


class WeChatAPIError(Exception):
    """WeChat answered with a non-zero errcode (or not at all: errcode -1)."""

    def __init__(self, errcode: int, errmsg: str):
        self.errcode = int(errcode)
        self.errmsg = errmsg
        super().__init__(f"WeChat error {self.errcode}: {errmsg}")

    @property
    def transient(self) -> bool:
        return self.errcode in TRANSIENT_ERRORS or self.errcode in TOKEN_ERRORS
