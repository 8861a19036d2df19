"""One outbox run in a process of its own, the kill test's victim:
`python -m tests.pushes.outbox_once WECHAT_API_BASE_URL`.

The database is the test's own (DATABASE_URL from the environment); WeChat is the test's fake,
served over HTTP at the given URL. Prints the run's report when it ends (if it is not killed first).
"""
from __future__ import annotations

import sys

from app import create_app
from app.clock import utcnow
from app.wechat.outbox import run_outbox
from config import TestConfig


def main(api_url: str) -> None:
    class Config(TestConfig):
        WECHAT_API_BASE_URL = api_url

    app = create_app(Config)
    with app.app_context():
        print(run_outbox(now=utcnow()), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
