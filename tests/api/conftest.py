import threading

import pytest
from werkzeug.serving import make_server

from tests.api.helpers import build_street


@pytest.fixture
def street(ctx, now):
    return build_street(now)


@pytest.fixture
def server(ctx):
    """The app under werkzeug's threaded server on a free loopback port."""
    srv = make_server("127.0.0.1", 0, ctx, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(timeout=5)
