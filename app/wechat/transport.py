"""Requests transport adapters that point every outbound WeChat call somewhere else.

wechatpy builds some URLs absolutely (the token endpoint, the mini-program group), so setting
`API_BASE_URL` is not enough; an adapter mounted on the client's `requests.Session` sees them all.
"""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from requests.structures import CaseInsensitiveDict
from werkzeug.test import Client


def rebase(url: str, base_url: str) -> str:
    """https://api.weixin.qq.com/cgi-bin/token?x → <base_url>/cgi-bin/token?x."""
    original, base = urlsplit(url), urlsplit(base_url)
    path = base.path.rstrip("/") + original.path
    return urlunsplit((base.scheme, base.netloc, path, original.query, ""))


class RebaseAdapter(HTTPAdapter):
    """Send every request to `base_url` (a WeChat proxy, or a fake served over HTTP)."""

    def __init__(self, base_url: str):
        super().__init__(max_retries=0)
        self.base_url = base_url

    def send(self, request, **kwargs):
        request.url = rebase(request.url, self.base_url)
        return super().send(request, **kwargs)


class WSGIAdapter(BaseAdapter):
    """Hand every request to an in-process WSGI app: the local fake, no network at all."""

    def __init__(self, wsgi_app):
        super().__init__()
        self.client = Client(wsgi_app)

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        parts = urlsplit(request.url)
        answer = self.client.open(parts.path, method=request.method, query_string=parts.query,
                                  data=request.body or b"", headers=dict(request.headers))
        response = requests.Response()
        response.status_code = answer.status_code
        response.reason = answer.status.partition(" ")[2]
        response.headers = CaseInsensitiveDict(answer.headers)
        response._content = answer.get_data()
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        answer.close()
        return response

    def close(self) -> None:
        pass
