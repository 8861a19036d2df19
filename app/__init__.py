"""The application factory."""
from __future__ import annotations

from flask import Flask

from app import logging_setup
from config import Config, check_production_secrets, config_from_env


def create_app(config: type[Config] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config or config_from_env())
    if app.config["REFUSE_WEAK_SECRETS"]:
        check_production_secrets(app.config)  # before anything else: a token signed with a public key reads all
    from app.intake.llm import check_settings

    check_settings(app.config)
    _add_engine_options(app)
    _ensure_instance_dir(app)
    _trust_proxies(app)
    logging_setup.configure(app)

    from app.extensions import db, limiter, migrate

    db.init_app(app)
    limiter.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()), render_as_batch=True, compare_type=True)
    from app import models  # noqa: F401  - every table, for Flask-Migrate

    _register_domains(app)
    return app


def _register_domains(app: Flask) -> None:
    """Each domain brings its blueprint (web), its commands (flask …) and its hooks."""
    from app import api, headers
    from app.accounts.commands import user_cli
    from app.care.views import register_pages as register_care_pages
    from app.admin.views import register as register_admin
    from app.dashboard.errors import register as register_dashboard
    from app import evaluation
    from app.evaluation.commands import evaluation_cli
    from app.handoff.views import bp as handoff_bp
    from app.meetings.views import register_pages as register_meeting_pages
    from app.surveys.views import register_pages as register_survey_pages
    from app.h5.views import register as register_h5
    from app.assessments.views import register as register_assessments
    from app.desk.views import bp as desk_pages_bp
    from app.health.views import bp as health_bp
    from app.hotline.commands import hotline_cli
    from app.dashboard.rollup import rollup_cli
    from app.home.views import bp as home_bp
    from app.intake import model_file
    from app.intake.commands import intake_cli, intake_eval_command
    from app.ops import metrics
    from app.ops.commands import backup_command, restore_command
    from app.org.commands import org_cli, seed_demo_command
    from app.roster.views import bp as roster_bp
    from app.intake.faq_commands import faq_cli
    from app.scheduler import scheduler_cli, serve_command
    from app.targets.views import register_pages as register_target_pages
    from app.tracking.commands import sla_cli
    from app.wechat import client as wechat_client
    from app.wechat.commands import wechat_cli
    from app.wechat.simulator_views import register as register_simulator
    from app.wechat.views import bp as wechat_bp

    headers.init_app(app)
    wechat_client.init_app(app)
    model_file.init_app(app)
    evaluation.init_app(app)
    metrics.init_app(app)
    app.register_blueprint(health_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(wechat_bp)
    register_simulator(app)  # not in production
    api.init_app(app)
    register_dashboard(app)
    app.register_blueprint(handoff_bp)
    app.register_blueprint(roster_bp)
    register_care_pages(app)
    register_meeting_pages(app)
    register_target_pages(app)
    register_survey_pages(app)
    register_h5(app)
    register_assessments(app)
    app.register_blueprint(desk_pages_bp)
    register_admin(app)
    for command in (org_cli, seed_demo_command, scheduler_cli, serve_command, faq_cli, sla_cli,
                    user_cli, wechat_cli, intake_eval_command, intake_cli, backup_command, restore_command,
                    hotline_cli, evaluation_cli, rollup_cli):
        app.cli.add_command(command)


def _add_engine_options(app: Flask) -> None:
    """The database's own engine options (app/db_types.py) under any the config sets."""
    from app.db_types import engine_options

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
                                               **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}


def _trust_proxies(app: Flask) -> None:
    """Behind nginx the peer is the proxy: its X-Forwarded-For/-Proto give the client's address (login
    throttling) and scheme. Only as many hops as configured are believed, so a client cannot forge them."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"


def _ensure_instance_dir(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and len(uri) > len("sqlite:///"):
        from pathlib import Path

        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
