"""Configuration classes: the one place that reads the environment."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


# Development defaults: public (they are in this file), so production refuses them (see the end of this file).
DEV_SECRET_KEY = "dev-only-secret-change-me"
DEV_WECHAT_TOKEN = "redsteward"
DEV_WECHAT_APP_SECRET = "demo-secret"


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'red_steward.sqlite'}"


class Config:
    """Embedded default: SQLite in instance/, scheduler in-process."""

    SECRET_KEY = _env("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", _default_database_url())
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    REDIS_URL = _env("REDIS_URL")

    WECHAT_TOKEN = _env("WECHAT_TOKEN", DEV_WECHAT_TOKEN)
    WECHAT_APP_ID = _env("WECHAT_APP_ID", "wx0000000000demo")
    WECHAT_APP_SECRET = _env("WECHAT_APP_SECRET", DEV_WECHAT_APP_SECRET)
    WECHAT_ENCODING_AES_KEY = _env("WECHAT_ENCODING_AES_KEY")
    WECHAT_API_BASE_URL = _env("WECHAT_API_BASE_URL", "https://api.weixin.qq.com/")
    WECHAT_MAX_BODY_BYTES = int(_env("WECHAT_MAX_BODY_BYTES", "65536"))
    # Estates and buildings cached per process for the bot (app/intake/directory.py); 0 turns it off.
    INTAKE_DIRECTORY_TTL_SECONDS = float(_env("INTAKE_DIRECTORY_TTL_SECONDS", "30"))
    # A resident's emergency at the same estate within this many minutes of their open one is attached
    # to it (its timeline, its holder told), not opened again and alerted to everyone twice.
    EMERGENCY_MERGE_MINUTES = float(_env("EMERGENCY_MERGE_MINUTES", "30"))
    # One ticket per problem (docs/notices.md): a request like an open ticket opened within this many
    # minutes is offered as the same problem before it is read back; per category, 0 = never. (An
    # emergency opens at once and is never asked: staff merge its duplicates afterwards.)
    DUPLICATE_WINDOW_MINUTES = {"repair": float(_env("DUPLICATE_WINDOW_MINUTES_REPAIR", "1440")),
                                "complaint": float(_env("DUPLICATE_WINDOW_MINUTES_COMPLAINT", "0")),
                                "dispute": float(_env("DUPLICATE_WINDOW_MINUTES_DISPUTE", "0"))}
    # The category model `flask intake retrain` writes and the app reads at start (else the shipped one).
    INTAKE_MODEL_PATH = _env("INTAKE_MODEL_PATH", str(INSTANCE_DIR / "intake_model.json"))
    # The ranking's composite score (docs/evaluation.md): the weights file read at start; unset: the shipped
    # app/evaluation/default.yaml. A bad file stops the app.
    EVALUATION_FILE = _env("EVALUATION_FILE")
    # The optional LLM reader (docs/intake.md): any OpenAI-compatible chat-completions endpoint, its
    # base URL ending in /v1 as the vendor gives it; unset: the local reader alone.
    INTAKE_LLM_BASE_URL = _env("INTAKE_LLM_BASE_URL")
    INTAKE_LLM_MODEL = _env("INTAKE_LLM_MODEL")
    INTAKE_LLM_API_KEY = _env("INTAKE_LLM_API_KEY")
    # Connect and answer together; well inside WeChat's 5 s for the whole webhook.
    INTAKE_LLM_TIMEOUT_SECONDS = float(_env("INTAKE_LLM_TIMEOUT_SECONDS", "2.0"))
    # Ask for response_format json_object; 0 for servers that refuse the parameter.
    INTAKE_LLM_JSON_MODE = _env("INTAKE_LLM_JSON_MODE", "1") not in ("0", "false", "no")
    # plaintext | compatible | safe; unset: compatible when an AES key is set, else plaintext.
    WECHAT_ENCRYPT_MODE = _env("WECHAT_ENCRYPT_MODE")
    WECHAT_HTTP_TIMEOUT_SECONDS = float(_env("WECHAT_HTTP_TIMEOUT_SECONDS", "5"))
    # A webhook request signed further than this from our clock is refused (WeChat's servers keep time).
    WECHAT_REPLAY_WINDOW_SECONDS = float(_env("WECHAT_REPLAY_WINDOW_SECONDS", "300"))
    # Template keys used by the app → template ids chosen in the WeChat back office (模板ID).
    WECHAT_TEMPLATES = {
        "task_assigned": _env("WECHAT_TEMPLATE_TASK_ASSIGNED", "tmpl_task_assigned"),
        "task_escalated": _env("WECHAT_TEMPLATE_TASK_ESCALATED", "tmpl_task_escalated"),
        "task_urged": _env("WECHAT_TEMPLATE_TASK_URGED", "tmpl_task_urged"),
        "ticket_progress": _env("WECHAT_TEMPLATE_TICKET_PROGRESS", "tmpl_ticket_progress"),
        "rating_request": _env("WECHAT_TEMPLATE_RATING_REQUEST", "tmpl_rating_request"),
        "notice": _env("WECHAT_TEMPLATE_NOTICE", "tmpl_notice"),
        "survey": _env("WECHAT_TEMPLATE_SURVEY", "tmpl_survey"),
    }
    # A satisfaction survey's result with fewer answers is shown as too few (样本不足), not as a number.
    SURVEY_MIN_ANSWERS = int(_env("SURVEY_MIN_ANSWERS", "10"))
    MINIPROGRAM_APP_ID = _env("MINIPROGRAM_APP_ID", "wx00000000000mini")
    MINIPROGRAM_APP_SECRET = _env("MINIPROGRAM_APP_SECRET", "mini-secret")

    SWEEP_INTERVAL_SECONDS = float(_env("SWEEP_INTERVAL_SECONDS", "5"))
    OUTBOX_INTERVAL_SECONDS = float(_env("OUTBOX_INTERVAL_SECONDS", "2"))
    # The dashboard's rollup (app/dashboard/rollup.py): the period figures are as fresh as its last pass.
    ROLLUP_INTERVAL_SECONDS = float(_env("ROLLUP_INTERVAL_SECONDS", "60"))
    OUTBOX_MAX_ATTEMPTS = int(_env("OUTBOX_MAX_ATTEMPTS", "6"))
    OUTBOX_BACKOFF_SECONDS = float(_env("OUTBOX_BACKOFF_SECONDS", "10"))  # 10 s, 20 s, 40 s, …
    # Names this deployment's scheduler heartbeats: /healthz trusts only rows written under its own id.
    DEPLOYMENT_ID = _env("DEPLOYMENT_ID", "red-steward")
    # /healthz answers 503 once the tracker or the outbox has not run for this many of its intervals
    # (and never sooner than the floor, so one slow pass is not taken for a dead scheduler).
    HEALTH_STALE_INTERVALS = int(_env("HEALTH_STALE_INTERVALS", "3"))
    HEALTH_STALE_MIN_SECONDS = float(_env("HEALTH_STALE_MIN_SECONDS", "60"))

    # Raw inbound messages (XML, text, our reply) and finished pushes' payloads are personal data:
    # blanked after this many days by the retention job; tickets and figures stay.
    RAW_RETENTION_DAYS = int(_env("RAW_RETENTION_DAYS", "180"))
    # Hourly rather than daily: an interval job waits one interval after each start, so a scheduler
    # restarted more often than daily would never reach a daily run.
    RETENTION_INTERVAL_SECONDS = float(_env("RETENTION_INTERVAL_SECONDS", "3600"))
    BACKUP_DIR = _env("BACKUP_DIR", str(INSTANCE_DIR / "backups"))  # `flask backup` (SQLite)
    LOG_FORMAT = _env("LOG_FORMAT", "text")  # text (readable) | json (one object per line)
    LOG_LEVEL = _env("LOG_LEVEL", "INFO")  # DEBUG adds the polling endpoints' lines and every job pass
    # GET /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>`; unset, there is no endpoint.
    METRICS_TOKEN = _env("METRICS_TOKEN")
    # gunicorn: a folder the workers share their webhook counters through (emptied at each start).
    PROMETHEUS_MULTIPROC_DIR = _env("PROMETHEUS_MULTIPROC_DIR")
    DISPLAY_TIMEZONE = "Asia/Shanghai"
    AUTO_CLOSE_AFTER_HOURS = int(_env("AUTO_CLOSE_AFTER_HOURS", "72"))
    # 包联: a ticket from a care household must be accepted and reached this much sooner at most (seconds).
    CARE_RESPOND_SECONDS = int(_env("CARE_RESPOND_SECONDS", "300"))
    CARE_ARRIVE_SECONDS = int(_env("CARE_ARRIVE_SECONDS", "1200"))
    # New tickets one resident may open in any hour (bot and mini-program together); more is flooding.
    RESIDENT_TICKETS_PER_HOUR = int(_env("RESIDENT_TICKETS_PER_HOUR", "5"))
    # 督办: a supervisor or manager presses a ticket's holder at most once in this many minutes.
    SUPERVISE_INTERVAL_MINUTES = int(_env("SUPERVISE_INTERVAL_MINUTES", "30"))
    API_TOKEN_TTL_SECONDS = int(_env("API_TOKEN_TTL_SECONDS", str(7 * 24 * 3600)))
    SESSION_TTL_MINUTES = int(_env("SESSION_TTL_MINUTES", "120"))
    # Failed dashboard logins allowed per username and per client address (Flask-Limiter's notation); more: 429.
    LOGIN_LIMIT_PER_ACCOUNT = _env("LOGIN_LIMIT_PER_ACCOUNT", "5/minute")
    LOGIN_LIMIT_PER_ADDRESS = _env("LOGIN_LIMIT_PER_ADDRESS", "20/minute")
    # Redis counts for every process; memory:// (the embedded default) counts in each process on its own.
    RATELIMIT_STORAGE_URI = _env("REDIS_URL", "memory://")
    RATELIMIT_KEY_PREFIX = "red-steward"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = bool(_env("REDIS_URL"))  # Redis down: count in memory, not refuse
    # Reverse proxies in front of the app (nginx: 1): the client's address is then read from X-Forwarded-For.
    TRUSTED_PROXIES = int(_env("TRUSTED_PROXIES", "0"))
    # A photo a steward adds from the mobile page (/h5/): larger ones are refused with a Chinese message.
    PHOTO_MAX_BYTES = int(_env("PHOTO_MAX_BYTES", str(5 * 1024 * 1024)))
    # 业委会测评 (docs/assessments.md): the items scored (a YAML file the operator may change; checked at start),
    # how many days into the next month a month may still be assessed, and the fewest assessments a score needs.
    ASSESSMENT_ITEMS_FILE = _env("ASSESSMENT_ITEMS_FILE", str(BASE_DIR / "app" / "assessments" / "items.yaml"))
    ASSESSMENT_GRACE_DAYS = int(_env("ASSESSMENT_GRACE_DAYS", "10"))
    ASSESSMENT_MIN_ANSWERS = int(_env("ASSESSMENT_MIN_ANSWERS", "3"))
    DASHBOARD_REFRESH_SECONDS = int(_env("DASHBOARD_REFRESH_SECONDS", "30"))  # the late list reloads itself
    SIMULATOR_ENABLED = True  # /simulator: play residents and stewards (never in production)
    ROOT_REDIRECTS_TO_DASHBOARD = False  # `/` is a page of links (simulator, dashboard, API docs)
    REFUSE_WEAK_SECRETS = False  # production's create_app (web and `flask scheduler run`) checks its secrets
    SESSION_COOKIE_SAMESITE = "Lax"  # the dashboard's session cookie is not sent on cross-site POSTs
    # The cookie lives as long as the session it carries, set once at login (not pushed on by each page).
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=SESSION_TTL_MINUTES)
    SESSION_REFRESH_EACH_REQUEST = False

    API_TITLE = "Red Steward API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


class DemoConfig(Config):
    """`make run`: the embedded default with the scheduler and the local fake WeChat API."""

    WECHAT_API_BASE_URL = _env("WECHAT_API_BASE_URL", "local-fake")


class TestConfig(Config):
    """The test suite: DATABASE_URL when given (PostgreSQL in CI), else a throwaway SQLite file."""

    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", "sqlite://")
    WECHAT_TOKEN = "testtoken"
    WECHAT_APP_ID = "wxtestappid000000"
    WECHAT_APP_SECRET = "testsecret"
    WECHAT_ENCODING_AES_KEY = None
    WECHAT_API_BASE_URL = "local-fake"
    REDIS_URL = None
    RATELIMIT_STORAGE_URI = "memory://"
    INTAKE_MODEL_PATH = None  # the shipped model: a developer's retrained one never changes the tests
    EVALUATION_FILE = None  # the shipped weights, whatever the developer's environment says
    INTAKE_LLM_BASE_URL = None  # tests that want one point it at their local fake endpoint
    INTAKE_LLM_MODEL = None


class ProductionConfig(Config):
    """gunicorn workers; the scheduler runs as its own process (`flask scheduler run`)."""

    SIMULATOR_ENABLED = False
    ROOT_REDIRECTS_TO_DASHBOARD = True
    LOG_FORMAT = _env("LOG_FORMAT", "json")
    # No development defaults: unset stays unset, and create_app refuses to start (check_production_secrets).
    SECRET_KEY = _env("SECRET_KEY")
    WECHAT_TOKEN = _env("WECHAT_TOKEN")
    WECHAT_APP_SECRET = _env("WECHAT_APP_SECRET")
    REFUSE_WEAK_SECRETS = True
    SESSION_COOKIE_SECURE = True  # production is served over HTTPS only: the cookie never goes out in clear


# --- Production secrets: refuse to start with a missing, public or short one (issue #15, item 2) ---

# The shortest value accepted in production: random keys of 32+ characters; WeChat's AppSecret has 32;
# WeChat lets a token have 3–32 characters, and 16 keeps it out of a guesser's reach.
SECRET_MIN_LENGTHS = {"SECRET_KEY": 32, "WECHAT_TOKEN": 16, "WECHAT_APP_SECRET": 32}
PUBLIC_DEFAULTS = frozenset({DEV_SECRET_KEY, DEV_WECHAT_TOKEN, DEV_WECHAT_APP_SECRET,
                             "test-secret", "testtoken", "testsecret", "change-me", "changeme", "secret"})


class ConfigError(RuntimeError):
    """The configuration is unsafe to run with; the message names each bad variable."""


def secret_problems(settings) -> list[str]:
    """What is wrong with each secret in `settings` (a mapping such as app.config), without its value."""
    problems = []
    for name, minimum in SECRET_MIN_LENGTHS.items():
        value = settings.get(name) or ""
        if not value:
            problems.append(f"{name} is not set")
        elif value in PUBLIC_DEFAULTS:
            problems.append(f"{name} is a known public default")
        elif len(value) < minimum:
            problems.append(f"{name} has {len(value)} characters, fewer than {minimum}")
    return problems


def check_production_secrets(settings) -> None:
    problems = secret_problems(settings)
    if problems:
        raise ConfigError("refusing to start with RED_STEWARD_CONFIG=production: " + "; ".join(problems)
                          + ". Set each in the environment (e.g. SECRET_KEY from "
                          "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`).")


CONFIGS = {
    "default": Config,
    "demo": DemoConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The config class named by RED_STEWARD_CONFIG (default, demo, test, production)."""
    return CONFIGS[_env("RED_STEWARD_CONFIG", "default")]
