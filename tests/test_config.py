"""Production refuses to start with a missing, public or short secret; the other configs keep their defaults."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from config import (DEV_SECRET_KEY, DEV_WECHAT_APP_SECRET, DEV_WECHAT_TOKEN, ConfigError, DemoConfig,
                    ProductionConfig, secret_problems)

GOOD = {"SECRET_KEY": "k" * 48, "WECHAT_TOKEN": "t" * 20, "WECHAT_APP_SECRET": "0123456789abcdef" * 2}
ROOT = Path(__file__).resolve().parent.parent


def test_strong_secrets_raise_no_problem():
    assert secret_problems(GOOD) == []


@pytest.mark.parametrize("name, value, problem", [
    ("SECRET_KEY", None, "SECRET_KEY is not set"),
    ("SECRET_KEY", "", "SECRET_KEY is not set"),
    ("SECRET_KEY", DEV_SECRET_KEY, "SECRET_KEY is a known public default"),
    ("SECRET_KEY", "x" * 31, "SECRET_KEY has 31 characters, fewer than 32"),
    ("WECHAT_TOKEN", DEV_WECHAT_TOKEN, "WECHAT_TOKEN is a known public default"),
    ("WECHAT_TOKEN", "short-token", "WECHAT_TOKEN has 11 characters, fewer than 16"),
    ("WECHAT_APP_SECRET", DEV_WECHAT_APP_SECRET, "WECHAT_APP_SECRET is a known public default"),
    ("WECHAT_APP_SECRET", None, "WECHAT_APP_SECRET is not set"),
])
def test_each_missing_public_or_short_secret_is_named(name, value, problem):
    assert secret_problems({**GOOD, name: value}) == [problem]


def test_a_production_app_without_its_secrets_is_not_built():
    class Bare(ProductionConfig):
        SECRET_KEY = WECHAT_TOKEN = WECHAT_APP_SECRET = None

    with pytest.raises(ConfigError, match="SECRET_KEY is not set; WECHAT_TOKEN is not set; WECHAT_APP_SECRET"):
        create_app(Bare)


def test_the_demo_config_still_runs_with_its_public_defaults(tmp_path):
    class Demo(DemoConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'demo.sqlite'}"
        SECRET_KEY, WECHAT_TOKEN = DEV_SECRET_KEY, DEV_WECHAT_TOKEN  # as when the environment sets neither

    assert create_app(Demo).config["SECRET_KEY"] == DEV_SECRET_KEY


def flask_command(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`flask --app wsgi …` as an operator runs it, with the production config and only the given secrets."""
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "WECHAT_TOKEN", "WECHAT_APP_SECRET")}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**base, "RED_STEWARD_CONFIG": "production", **env})


def test_the_scheduler_refuses_to_start_in_production_naming_each_bad_variable(tmp_path):
    result = flask_command("scheduler", "run", DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite'}",
                           SECRET_KEY=DEV_SECRET_KEY, WECHAT_TOKEN="abc")
    assert result.returncode != 0
    assert ("refusing to start with RED_STEWARD_CONFIG=production: SECRET_KEY is a known public default; "
            "WECHAT_TOKEN has 3 characters, fewer than 16; WECHAT_APP_SECRET is not set") in result.stderr
    assert DEV_SECRET_KEY not in result.stderr.split("ConfigError")[-1]  # names the variable, not the value
