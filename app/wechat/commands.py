"""`flask wechat send`: play WeChat's servers against a running webhook and print the reply."""
from __future__ import annotations

import click
import requests
from flask import current_app
from flask.cli import AppGroup

from app.wechat.protocol import Settings
from app.wechat.simulator import read_reply, sign, text_xml

wechat_cli = AppGroup("wechat", help="The WeChat gateway's tools.")


@wechat_cli.command("send")
@click.option("--openid", required=True, help="The resident's openid (FromUserName).")
@click.option("--url", default="http://127.0.0.1:5000/wechat", show_default=True)
@click.option("--encrypt/--plain", default=None, help="Default: encrypt when the mode is safe.")
@click.argument("text")
def send_command(openid: str, url: str, encrypt: bool | None, text: str) -> None:
    """Sign (and in safe mode encrypt) TEXT as WeChat would, post it, print the (decrypted) reply."""
    settings = Settings.from_config(current_app.config)
    encrypt = settings.mode == "safe" if encrypt is None else encrypt
    signed = sign(text_xml(openid, text), token=settings.token, app_id=settings.app_id,
                  aes_key=settings.aes_key, encrypt=encrypt)
    try:
        answer = requests.post(url, params=signed.query, data=signed.body, timeout=5,
                               headers={"Content-Type": "text/xml"})
    except requests.RequestException as exc:
        raise click.ClickException(f"cannot reach {url}: {exc}") from exc
    if answer.status_code != 200:
        raise click.ClickException(f"{url} answered {answer.status_code}: {answer.text[:200]}")
    reply = read_reply(answer.text, token=settings.token, app_id=settings.app_id, aes_key=settings.aes_key)
    click.echo(reply if reply is not None else "(no reply: success)")
