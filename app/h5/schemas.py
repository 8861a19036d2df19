"""What the photo and JS-SDK endpoints of the API take and give (app/api/views_photos.py)."""
from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate


class PhotoIn(Schema):
    photo = Upload(required=True, metadata={"description": "a JPEG, PNG, GIF or WEBP photo, at most "
                                                          "PHOTO_MAX_BYTES (5 MB by default)"})


class WeChatPhotoIn(Schema):
    media_id = fields.String(required=True, validate=validate.Length(min=1, max=128),
                             metadata={"description": "the serverId wx.uploadImage gave"})


class PhotoOut(Schema):
    id = fields.Integer(required=True)
    media_id = fields.String(required=True)
    url = fields.String(allow_none=True, metadata={
        "description": "where the app serves the photo (bearer token as for the API); null for a WeChat media "
                       "id whose bytes the app never kept (a resident's photo in the chat)"})


class ColleagueOut(Schema):
    id = fields.Integer(required=True, metadata={"description": "to_person_id for POST …/transfer"})
    name = fields.String(required=True)


class JsSdkConfigQuery(Schema):
    url = fields.Url(required=True, require_tld=False, validate=validate.Length(max=1000),
                     metadata={"description": "the page's own URL, without its #fragment"})


class JsSdkConfigOut(Schema):
    appId = fields.String(required=True)  # noqa: N815 - wx.config's own names
    timestamp = fields.Integer(required=True)
    nonceStr = fields.String(required=True)  # noqa: N815
    signature = fields.String(required=True)
    jsApiList = fields.List(fields.String(), required=True)  # noqa: N815
