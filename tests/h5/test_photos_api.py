"""A steward's photos through the API: kept when they are photos, refused with a Chinese message when they
are not or are too large, and fetched from WeChat by media id for a JS-SDK upload."""
from __future__ import annotations

import hashlib
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from app.h5.photos import NotAnImage, photo_type
from app.tickets.models import Attachment, TicketEvent
from tests.api.helpers import token
from tests.api.test_staff_api import open_ticket
from tests.h5.pictures import noisy_picture, picture

ME = "/api/v1/staff"


def accepted(client, street, now):
    ticket = open_ticket(street, now)
    assert client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.steward)).status_code == 200
    return ticket


def upload(client, ticket_id, who, data: bytes, name: str = "photo.png"):
    return client.post(f"{ME}/tickets/{ticket_id}/photos", headers=token(who),
                       data={"photo": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def kept_photos(ticket_id) -> list[Attachment]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(Attachment).where(Attachment.ticket_id == ticket_id)))


def test_the_holder_adds_a_photo_which_is_served_back_and_shown_on_the_ticket_and_its_timeline(client, street, now):
    ticket = accepted(client, street, now)
    png = picture("PNG")
    r = upload(client, ticket.id, street.steward, png)
    assert r.status_code == 201
    assert r.json["url"] == f"{ME}/tickets/{ticket.id}/photos/{r.json['id']}"
    assert r.json["media_id"] == "h5-" + hashlib.sha256(png).hexdigest()[:40]

    served = client.get(r.json["url"], headers=token(street.steward))
    assert served.status_code == 200 and served.mimetype == "image/png" and served.data == png
    assert served.headers["Cache-Control"] == "no-store"
    detail = client.get(f"{ME}/tickets/{ticket.id}", headers=token(street.steward)).json
    assert detail["photos"] == [r.json]
    assert any(e["title"] == "补充图片" for e in detail["timeline"])


def test_a_file_that_is_not_a_photo_is_refused_in_chinese_and_nothing_is_kept(client, street, now):
    ticket = accepted(client, street, now)
    r = upload(client, ticket.id, street.steward, b"%PDF-1.7 not a picture at all", name="photo.jpg")
    assert r.status_code == 422
    assert r.json["code"] == "not_an_image"
    assert r.json["message"] == "上传的文件不是照片，请选择 JPG、PNG、GIF 或 WEBP 图片"
    truncated = picture("JPEG", size=(200, 200))[:300]
    assert upload(client, ticket.id, street.steward, truncated, name="cut.jpg").json["code"] == "not_an_image"
    assert upload(client, ticket.id, street.steward, picture("BMP"), name="old.bmp").json["code"] == "not_an_image"
    assert kept_photos(ticket.id) == []


def test_a_photo_over_the_size_limit_is_refused_naming_the_limit(ctx, client, street, now):
    ticket = accepted(client, street, now)
    ctx.config["PHOTO_MAX_BYTES"] = 100 * 1024
    try:
        big = noisy_picture((200, 200))
        assert 100 * 1024 < len(big) < 200 * 1024
        r = upload(client, ticket.id, street.steward, big)
        assert r.status_code == 422
        assert r.json["code"] == "photo_too_large" and r.json["message"] == "照片超过 0.1 MB，请压缩后重试"
        # Past twice the limit the body is not even read whole (kept under Werkzeug's 500 KB spill to a file).
        huge = upload(client, ticket.id, street.steward, noisy_picture((300, 300)))
        assert huge.status_code == 413 and huge.json["message"] == "提交的内容过大"
        assert upload(client, ticket.id, street.steward, picture("JPEG")).status_code == 201  # a small one passes
    finally:
        ctx.config["PHOTO_MAX_BYTES"] = 5 * 1024 * 1024
    assert len(kept_photos(ticket.id)) == 1


def test_the_same_photo_sent_twice_is_kept_once(client, street, now):
    ticket = accepted(client, street, now)
    png = picture("PNG")
    first, second = (upload(client, ticket.id, street.steward, png) for _ in range(2))
    assert first.json == second.json
    assert len(kept_photos(ticket.id)) == 1
    attaches = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id,
                                                               TicketEvent.action == "attach")).all()
    assert len(attaches) == 1


def test_only_the_holder_adds_photos_and_only_while_working_on_the_ticket(client, street, now):
    ticket = open_ticket(street, now)
    r = upload(client, ticket.id, street.steward, picture())
    assert r.status_code == 409 and r.json["message"] == "工单已派单，不能补充图片"
    client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.steward))
    r = upload(client, ticket.id, street.colleague, picture())
    assert r.status_code == 403 and r.json["code"] == "forbidden"
    assert upload(client, 999_999, street.steward, picture()).status_code == 404
    assert kept_photos(ticket.id) == []


def test_a_photo_is_served_only_to_those_who_may_see_the_ticket(client, street, now):
    ticket = accepted(client, street, now)
    url = upload(client, ticket.id, street.steward, picture()).json["url"]
    assert client.get(url, headers=token(street.manager)).status_code == 200
    assert client.get(url, headers=token(street.lender)).status_code == 403
    assert client.get(url).status_code == 401
    other = open_ticket(street, now, description="楼道灯不亮")
    assert client.get(url.replace(f"/tickets/{ticket.id}/", f"/tickets/{other.id}/"),
                      headers=token(street.manager)).status_code == 404


def test_a_js_sdk_upload_is_fetched_from_wechat_by_its_media_id(client, fake, street, now):
    ticket = accepted(client, street, now)
    jpeg = picture("JPEG")
    media_id = fake.upload_media(jpeg)
    r = client.post(f"{ME}/tickets/{ticket.id}/photos/wechat", headers=token(street.steward),
                    json={"media_id": media_id})
    assert r.status_code == 201 and r.json["media_id"] == media_id
    assert client.get(r.json["url"], headers=token(street.steward)).data == jpeg
    again = client.post(f"{ME}/tickets/{ticket.id}/photos/wechat", headers=token(street.steward),
                        json={"media_id": media_id})
    assert again.json == r.json and len(kept_photos(ticket.id)) == 1


def test_a_js_sdk_upload_that_is_unknown_or_not_a_photo_is_refused(client, fake, street, now):
    ticket = accepted(client, street, now)
    r = client.post(f"{ME}/tickets/{ticket.id}/photos/wechat", headers=token(street.steward),
                    json={"media_id": "media_never_uploaded"})
    assert r.status_code == 422 and r.json["message"] == "未能从微信取回这张照片，请重新选择上传"
    voice = fake.upload_media(b"#!AMR\n\x00\x01 a voice note", content_type="audio/amr")
    r = client.post(f"{ME}/tickets/{ticket.id}/photos/wechat", headers=token(street.steward),
                    json={"media_id": voice})
    assert r.status_code == 422 and r.json["code"] == "not_an_image"
    assert kept_photos(ticket.id) == []


def test_the_js_sdk_config_is_signed_with_one_shared_jsapi_ticket(client, fake, street):
    url = "https://steward.example.org/h5/?from=menu"
    first = client.get(f"{ME}/jssdk-config", query_string={"url": url + "#task-3"},
                       headers=token(street.steward)).json
    second = client.get(f"{ME}/jssdk-config", query_string={"url": url}, headers=token(street.steward)).json
    official = client.application.extensions["wechat_client"].official
    ticket = official.session.get(f"{official.appid}_jsapi_ticket")
    assert ticket and ticket.startswith("jsapi_")
    for config in (first, second):
        signed = f"jsapi_ticket={ticket}&noncestr={config['nonceStr']}&timestamp={config['timestamp']}&url={url}"
        assert config["signature"] == hashlib.sha1(signed.encode()).hexdigest()
        assert config["appId"] == official.appid and config["jsApiList"] == ["chooseImage", "uploadImage"]
    assert client.get(f"{ME}/jssdk-config", query_string={"url": url}, headers=token(street.resident)).status_code == 403


def test_a_small_file_that_unpacks_to_a_huge_picture_is_refused_unopened():
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")  # 100 million pixels in a few kilobytes
    assert len(out.getvalue()) < 5 * 1024 * 1024
    with pytest.raises(NotAnImage):
        photo_type(out.getvalue(), limit=5 * 1024 * 1024)
    assert photo_type(picture("WEBP"), limit=5 * 1024 * 1024) == "image/webp"
    assert photo_type(picture("GIF"), limit=5 * 1024 * 1024) == "image/gif"
