"""`flask hotline import`: the platform's CSV or Excel, all or nothing, errors naming the row, idempotent."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.hotline.models import HotlineOrder
from app.pushes.models import Push
from app.tickets.models import Channel, Ticket, TicketEvent
from tests.factories import create_estate
from tests.hotline.files import HEADER, csv_file, order, xlsx_file

UTC = timezone.utc


def run(runner, path):
    return runner.invoke(args=["hotline", "import", str(path)])


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_each_order_becomes_a_routed_ticket_on_the_sooner_of_both_clocks(runner, street, tmp_path, now):
    path = csv_file(tmp_path, [order("SX2026112100001", street.estate.code),
                               order("SX2026112100002", street.estate.code, text="3栋1单元202卫生间下水道堵了",
                                     sign="2026-11-21 11:00", reply="2026-11-25 18:00")])
    result = run(runner, path)
    assert result.exit_code == 0, result.output
    assert "新建 2 单" in result.output
    first, second = (db.session.scalars(sa.select(HotlineOrder).order_by(HotlineOrder.number)).all())
    assert first.ticket.channel is Channel.HOTLINE_12345 and first.ticket.call_back
    assert first.ticket.status.value == "dispatched" and first.ticket.building.code == "2"  # read from the words
    # The hotline's sign-for (10:05) comes before our 10 minutes; its reply deadline before our 24 hours.
    assert first.sign_due_at == first.ticket.respond_due_at == datetime(2026, 11, 21, 2, 5, tzinfo=UTC)
    assert first.ticket.resolve_due_at == first.reply_due_at == datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    # The second order's hotline clocks are later than ours: ours drive the ladder.
    assert second.ticket.respond_due_at == now + timedelta(minutes=10)
    assert second.ticket.resolve_due_at == now + timedelta(hours=24)
    assert second.place == f"{street.estate.code}"


def test_importing_the_same_file_twice_changes_nothing(runner, street, tmp_path):
    path = csv_file(tmp_path, [order("SX1", street.estate.code), order("SX2", street.estate.code, text="电梯异响")])
    assert run(runner, path).exit_code == 0
    before = (count(Ticket), count(TicketEvent), count(Push), count(HotlineOrder))
    again = run(runner, path)
    assert again.exit_code == 0 and "新建 0 单，已有未变 2 单" in again.output
    assert (count(Ticket), count(TicketEvent), count(Push), count(HotlineOrder)) == before


def test_a_gbk_file_as_the_platform_exports_it_is_read(runner, street, tmp_path):
    path = csv_file(tmp_path, [order("SX-GBK", street.estate.code)], encoding="gbk")
    assert run(runner, path).exit_code == 0
    assert db.session.scalar(sa.select(HotlineOrder.text)) == "2栋楼道灯坏了一个星期，晚上看不见路"


def test_an_excel_file_with_dates_as_excel_dates_and_the_estate_by_name_is_read(runner, ctx, tmp_path, now):
    estate = create_estate(name="幸福里小区")
    row = ["SX-X1", "1栋门禁坏了进不去", "幸福里小区", 1, None, None, 13900002222,
           datetime(2026, 11, 21, 10, 30), "2026-11-23 09:00:00"]
    assert run(runner, xlsx_file(tmp_path, [row])).exit_code == 0
    found = db.session.scalars(sa.select(HotlineOrder)).one()
    assert found.ticket.estate_id == estate.id and found.ticket.resident_phone == "13900002222"
    assert found.sign_due_at == datetime(2026, 11, 21, 2, 30, tzinfo=UTC)


def refused(runner, path, *expected):
    result = run(runner, path)
    assert result.exit_code != 0
    assert "未导入任何工单" in result.output
    for words in expected:
        assert words in result.output
    assert count(Ticket) == count(HotlineOrder) == 0
    return result.output


def test_a_file_missing_a_required_column_names_it(runner, street, tmp_path):
    header = [h for h in HEADER if h != "答复时限"]
    refused(runner, csv_file(tmp_path, [order("SX1", street.estate.code)], header=header), "缺少必需的列：答复时限")


def test_a_duplicate_order_number_with_other_words_names_both_rows(runner, street, tmp_path):
    path = csv_file(tmp_path, [order("SX1", street.estate.code), order("SX2", street.estate.code),
                               order("SX1", street.estate.code, text="完全不同的诉求：小区噪音扰民")])
    refused(runner, path, "第 4 行：工单编号 SX1 与第 2 行重复，但诉求内容不同")


def test_the_same_number_as_an_order_already_imported_with_other_words_is_refused(runner, street, tmp_path):
    assert run(runner, csv_file(tmp_path, [order("SX1", street.estate.code)], name="a.csv")).exit_code == 0
    result = run(runner, csv_file(tmp_path, [order("SX9", street.estate.code),
                                             order("SX1", street.estate.code, text="换了说法")], name="b.csv"))
    assert result.exit_code != 0 and "第 3 行：工单编号 SX1 已导入过，但诉求内容不同" in result.output
    assert [o.number for o in db.session.scalars(sa.select(HotlineOrder))] == ["SX1"]  # SX9 not kept either


@pytest.mark.parametrize("written", ["2026/11/21 10:05", "21-11-2026 10:05", "2026年11月21日10时", "明天"])
def test_a_date_in_another_format_names_the_row_the_column_and_the_format_expected(runner, street, tmp_path,
                                                                                  written):
    path = csv_file(tmp_path, [order("SX1", street.estate.code), order("SX2", street.estate.code, sign=written)])
    refused(runner, path, f"第 3 行：“签收时限”的时间“{written}”格式不对，应为 2026-12-03 14:30")


def test_an_answer_deadline_before_the_sign_for_deadline_is_refused(runner, street, tmp_path):
    path = csv_file(tmp_path, [order("SX1", street.estate.code, sign="2026-11-21 12:00", reply="2026-11-21 11:00")])
    refused(runner, path, "第 2 行：“答复时限”早于签收时限")


def test_an_estate_or_building_we_do_not_have_names_the_row_and_nothing_is_kept(runner, street, tmp_path):
    path = csv_file(tmp_path, [order("SX1", street.estate.code), order("SX2", "无此小区"),
                               order("SX3", street.estate.code, building="9")])
    refused(runner, path, "第 3 行：没有小区“无此小区”", f"第 4 行：小区“{street.estate.code}”没有“9”栋（有：1、2、3）")


def test_a_bad_phone_and_an_empty_cell_name_their_rows(runner, street, tmp_path):
    path = csv_file(tmp_path, [order("SX1", street.estate.code, phone="8888"), order("", street.estate.code)])
    refused(runner, path, "第 2 行：电话号码有误", "第 3 行：“工单编号”不能为空")


def test_a_file_in_neither_utf8_nor_gbk_nor_excel_is_refused(runner, ctx, tmp_path):
    garbage = tmp_path / "orders.csv"
    garbage.write_bytes(b"\xff\xfe\xff\x00\x81")
    refused(runner, garbage, "无法读取文件")
    old = tmp_path / "orders.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    refused(runner, old, "只支持 .csv 和 .xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    refused(runner, broken, "无法读取文件")
