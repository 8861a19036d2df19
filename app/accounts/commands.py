"""`flask --app wsgi user create|password|disable|enable USERNAME`: dashboard accounts from the command line."""
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
@click.option("--operator", is_flag=True, help="an operator: edits the whole organisation on the administration pages")
@click.password_option("--password", envvar="DASHBOARD_PASSWORD",
                       help="the password (else $DASHBOARD_PASSWORD, else asked twice)")
def create_user(username: str, person_code, community_code, firm_code, grid_code, operator: bool,
                password: str) -> None:
    """Create a dashboard account; its scope comes from the person's roles or the direct options."""
    try:
        account = service.create_account(username, password, now=utcnow(), person_code=person_code,
                                         community_code=community_code, firm_code=firm_code, grid_code=grid_code,
                                         operator=operator)
    except service.AccountError as exc:
        raise click.ClickException(f"{exc}; no account was created") from exc
    click.echo(f"created account {account.username} (id {account.id})")


@user_cli.command("password")
@click.argument("username")
@click.password_option("--password", envvar="DASHBOARD_PASSWORD",
                       help="the new password (else $DASHBOARD_PASSWORD, else asked twice)")
def change_password(username: str, password: str) -> None:
    """Set a new password; the account's sessions opened before it end."""
    try:
        service.set_password(username, password)
    except service.AccountError as exc:
        raise click.ClickException(f"{exc}; the password was not changed") from exc
    click.echo(f"password of {username} changed; its open sessions have ended")


@user_cli.command("disable")
@click.argument("username")
def disable_user(username: str) -> None:
    """The account can no longer log in, and its open sessions end."""
    _set_active(username, False)
    click.echo(f"account {username} disabled; its open sessions have ended")


@user_cli.command("enable")
@click.argument("username")
def enable_user(username: str) -> None:
    """A disabled account may log in again (with its password)."""
    _set_active(username, True)
    click.echo(f"account {username} enabled")


def _set_active(username: str, active: bool) -> None:
    try:
        service.set_active(username, active)
    except service.AccountError as exc:
        raise click.ClickException(f"{exc}; nothing was changed") from exc
