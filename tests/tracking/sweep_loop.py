"""One sweeping process for the concurrency test: `python -m tests.tracking.sweep_loop`.

Its clock stands at the test's moment (`TEST_NOW`, ISO 8601), as the test's own does.
Prints `ready` once the app is loaded and waits for a line on stdin (so that rival processes
begin together), sweeps until nothing has fired for a second (or 60 s have passed) and prints
its totals as JSON.
"""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict
from datetime import datetime

from app import create_app
from app.clock import set_clock, utcnow
from app.tracking import service
from config import TestConfig
from tests.threads import cancel_timers

QUIET_SECONDS, LIMIT_SECONDS = 1.0, 60.0


def main() -> None:
    set_clock(datetime.fromisoformat(os.environ["TEST_NOW"]))
    app = create_app(TestConfig)  # DATABASE_URL from the environment: the test's own database
    totals = service.SweepReport()
    with app.app_context():
        print("ready", flush=True)
        sys.stdin.readline()
        idle_since = end = time.monotonic()
        end += LIMIT_SECONDS
        while time.monotonic() < end and time.monotonic() - idle_since < QUIET_SECONDS:
            report = service.sweep(now=utcnow(), batch_size=10)
            for name, value in asdict(report).items():
                setattr(totals, name, getattr(totals, name) + value)
            if report.fired:
                idle_since = time.monotonic()
    print(json.dumps(asdict(totals)))
    cancel_timers()  # the app's login-throttle timer would hold the exit under CI's shifted clock


if __name__ == "__main__":
    main()
