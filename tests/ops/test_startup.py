"""A missing, unreachable or unmigrated database at start: one clear sentence and a non-zero exit."""
from app import create_app
from app.ops.startup import database_problem
from config import TestConfig


def app_on(url: str):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    return create_app(Config)


def test_an_unreachable_database_is_named_without_its_password():
    problem = database_problem(app_on("postgresql+psycopg://steward:hunter2@127.0.0.1:1/red?connect_timeout=2"))
    assert problem.startswith("cannot reach the database postgresql+psycopg://steward:***@127.0.0.1:1/red")
    assert "hunter2" not in problem and "check DATABASE_URL" in problem


def test_a_database_without_a_schema_asks_for_db_upgrade(tmp_path):
    problem = database_problem(app_on(f"sqlite:///{tmp_path / 'new.sqlite'}"))
    assert problem.endswith("has no schema: run `flask --app wsgi db upgrade` first")


def test_a_migrated_database_has_no_problem(app):
    assert database_problem(app) is None


def test_the_scheduler_refuses_to_run_on_an_unreachable_database():
    result = app_on("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2").test_cli_runner().invoke(
        args=["scheduler", "run"])
    assert result.exit_code == 1
    assert "cannot reach the database" in result.output
