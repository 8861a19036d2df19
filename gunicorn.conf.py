"""gunicorn settings for the web workers: `gunicorn -c gunicorn.conf.py wsgi:app` (README, deploy/).

The app is built once, in the master (`preload_app`), and each worker is a fork of it: a replacement
worker answers within a few hundredths of a second of CPU instead of importing and building the app
again (2.3-2.9 s on a slow host), so a crash loop does not become an outage. The scheduler never
runs here: it is its own process (`flask --app wsgi scheduler run`).
"""
import multiprocessing
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # gunicorn reads this file before its --chdir
from config import config_from_env  # noqa: E402

_config = config_from_env()

bind = "127.0.0.1:8000"  # behind nginx; `--bind` on the command line overrides it
preload_app = True
# Two sync workers per CPU: a worker waiting on PostgreSQL leaves the CPU to another. SQLite: every
# write queues on its one lock, so two in all.
workers = 2 if _config.SQLALCHEMY_DATABASE_URI.startswith("sqlite") else 2 * multiprocessing.cpu_count()
worker_class = "sync"
timeout = 30  # a worker silent this long is killed and replaced (WeChat gave up after 5 s anyway)
graceful_timeout = 20
keepalive = 5  # behind nginx's keep-alive to the upstream
# Recycle each worker after about a thousand requests, not all at the same moment.
max_requests = 1000
max_requests_jitter = 200
accesslog = None  # the app writes one line per request itself (app/logging_setup.py)


def on_starting(server):
    """Refuse to start without a reachable, migrated database; start the metrics folder empty."""
    from app.ops.startup import database_problem

    problem = database_problem(server.app.wsgi())
    if problem:
        print(f"red-steward: {problem}", file=sys.stderr)
        sys.exit(1)
    _warm_up_the_bot()
    folder = _config.PROMETHEUS_MULTIPROC_DIR
    if folder:
        shutil.rmtree(folder, ignore_errors=True)  # counters of a previous run would be added again
        Path(folder).mkdir(parents=True, exist_ok=True)


def _warm_up_the_bot():
    """Read one message in the master: the category model and jieba's dictionary (about 0.7 s of CPU)
    are then loaded once and inherited by every worker, not paid by each worker's first resident."""
    from bots.understand import understand

    understand("3号楼厨房水管漏水")


def post_fork(server, worker):
    """The worker must not share the master's pooled connections: drop them (without closing them)."""
    from app.extensions import db

    with server.app.wsgi().app_context():
        db.engine.dispose(close=False)


def child_exit(server, worker):
    if _config.PROMETHEUS_MULTIPROC_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid, _config.PROMETHEUS_MULTIPROC_DIR)
