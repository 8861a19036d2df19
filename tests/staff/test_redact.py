"""Numbers that identify a resident, masked inside their words: pure."""
import pytest

from app.staff.redact import ID_CARD_MASK, redact


@pytest.mark.parametrize("text, shown", [
    ("电话13800138000", "电话138****8000"),
    ("打138 0013 8000找我", "打138****8000找我"),
    ("手机138-0013-8000。", "手机138****8000。"),
    ("+86 13800138000", "138****8000"),
    ("8613800138000", "138****8000"),
    ("座机0571-87654321", "座机0571-****4321"),
    ("010 1234 5678", "010-****5678"),
    ("身份证110101199003071234", f"身份证{ID_CARD_MASK}"),
    ("11010119900307123X号", f"{ID_CARD_MASK}号"),
])
def test_phones_and_id_numbers_are_masked_wherever_they_stand(text, shown):
    assert redact(text) == shown


@pytest.mark.parametrize("text", ["3号楼2单元501", "房号1801", "2026年11月21日", "订单123456789012345678901",
                                  "12345", "", None])
def test_rooms_dates_and_other_numbers_are_left_alone(text):
    assert redact(text) == text
