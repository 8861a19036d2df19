"""`flask --app wsgi user create USERNAME --person CODE`: dashboard accounts from the command line."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app.accounts import service
from app.clock import utcnow

user_cli = AppGroup("user", help="Dashboard accounts (看板账号).")


@user_cli.command("create")
@click.argument("username")
@click.option("--person", "person_code", help="code of a person with a supervisor, manager or secretary role")
@click.option("--community", "community_code", help="direct scope: a community's code")
@click.option("--firm", "firm_code", help="direct scope: a firm's code")
@click.option("--grid", "grid_code", help="direct scope: a grid's code")
@click.password_option("--password", envvar="DASHBOARD_PASSWORD",
                       help="the password (else $DASHBOARD_PASSWORD, else asked twice)")
def create_user(username: str, person_code, community_code, firm_code, grid_code, password: str) -> None:
    """Create a dashboard account; its scope comes from the person's roles or the direct options."""
    try:
        account = service.create_account(username, password, now=utcnow(), person_code=person_code,
                                         community_code=community_code, firm_code=firm_code, grid_code=grid_code)
    except service.AccountError as exc:
        raise click.ClickException(f"{exc}; no account was created") from exc
    click.echo(f"created account {account.username} (id {account.id})")
