"""`flask --app wsgi hotline import FILE` and `hotline export --since DATE`: the 12345 platform's files."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click
from flask.cli import AppGroup

from app.clock import SHANGHAI, fmt_local, utcnow
from app.hotline import export, importer, service

hotline_cli = AppGroup("hotline", help="12345 hotline work orders (接诉即办): import orders, export answers.")


@hotline_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Import the hotline's export (.csv in UTF-8 or GBK, or .xlsx): all rows or none; a file read
    twice changes nothing."""
    try:
        rows = importer.parse(path.name, path.read_bytes())
        counts = importer.import_orders(rows, now=utcnow(), estates=service.estate_codes())
    except importer.ImportRefused as exc:
        raise click.ClickException("未导入任何工单：\n" + "\n".join(exc.problems))
    click.echo(f"新建 {counts.opened} 单，已有未变 {counts.unchanged} 单，热线退回 {counts.returned} 单")


@hotline_cli.command("export")
@click.option("--since", required=True, help="answers from this day on (YYYY-MM-DD, Beijing time)")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="the .xlsx to write (default: hotline-replies-SINCE.xlsx)")
def export_command(since: str, out: Path | None) -> None:
    """Write the answers (办理结果) given since a day, to upload to the hotline platform."""
    try:
        day = datetime.strptime(since, "%Y-%m-%d").replace(tzinfo=SHANGHAI)
    except ValueError:
        raise click.BadParameter(f"{since!r}: a day is written 2026-12-01", param_hint="--since")
    now = utcnow()
    orders = export.answered_since(day.astimezone(timezone.utc))
    target = out or Path(f"hotline-replies-{since}.xlsx")
    target.write_bytes(export.to_xlsx(orders, now=now))
    click.echo(f"{len(orders)} 单办理结果已写入 {target}（导出时间 {fmt_local(now)}）")
