"""The cross-cutting layers around the Dispatcher: every front, through gunicorn, answers with
the request's id; the id is in the environ and in the log records of its request."""

from __future__ import annotations

import logging
import re

import pytest
import requests
from werkzeug.test import Client

from opendias.web import app as web_app
from opendias.web.layers import wrap
from opendias.web.layers.request_id import (ENVIRON_KEY, RequestIdLayer, accepted_id,
                                            current_request_id)

FRESH = re.compile(r"[0-9a-f]{32}")
LOG = logging.getLogger("opendias.test.layers")


# -- the layer on its own --------------------------------------------------------------------

@pytest.mark.parametrize("given", ["abc", "A-1.b_2", "x" * 128,
                                   "4bf92f3577b34da6a3ce929d0e0e4736"])
def test_a_sane_id_is_kept(given):
    assert accepted_id(given) == given


@pytest.mark.parametrize("given", [None, "", "x" * 129, "a b", "a\nb", "a\r\nX-Evil: 1",
                                   "a\tb", "ä", "a/b", "a;b", "../etc"])
def test_an_insane_id_is_replaced_by_a_fresh_one(given):
    got = accepted_id(given)
    assert FRESH.fullmatch(got) and got != given
    assert accepted_id(given) != got  # fresh each time


def _streaming_front(seen):
    def front(environ, start_response):
        seen.append(environ[ENVIRON_KEY])
        LOG.warning("serving")
        start_response("200 OK", [("Content-Type", "text/plain"), ("X-Request-Id", "front's")])

        def body():
            LOG.warning("streaming")
            yield b"one "
            yield b"two"
            LOG.warning("streamed")
        return body()
    return front


def test_the_id_is_in_the_environ_the_headers_and_the_logs_of_its_request(caplog):
    seen = []
    client = Client(RequestIdLayer(_streaming_front(seen)))
    caplog.set_level(logging.WARNING, logger=LOG.name)
    r = client.get("/", headers={"X-Request-Id": "req-1"})
    assert r.get_data() == b"one two"
    assert r.headers.getlist("X-Request-Id") == ["req-1"]  # the layer's, once
    assert seen == ["req-1"]
    LOG.warning("between requests")
    r = client.get("/", headers={"X-Request-Id": "not sane!"})
    assert r.get_data() == b"one two"
    fresh = r.headers["X-Request-Id"]
    assert FRESH.fullmatch(fresh) and seen == ["req-1", fresh]
    assert [(rec.getMessage(), rec.request_id) for rec in caplog.records] == [
        ("serving", "req-1"), ("streaming", "req-1"), ("streamed", "req-1"),
        ("between requests", "-"),
        ("serving", fresh), ("streaming", fresh), ("streamed", fresh)]
    assert current_request_id() is None


def test_the_id_shows_in_a_formatted_log_line():
    import io

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(request_id)s %(name)s %(message)s"))
    LOG.addHandler(handler)
    try:
        client = Client(RequestIdLayer(_streaming_front([])))
        client.get("/", headers={"X-Request-Id": "line-7"})
    finally:
        LOG.removeHandler(handler)
    assert stream.getvalue().splitlines()[0] == "line-7 opendias.test.layers serving"


def test_an_escaped_error_is_a_500_that_names_the_request(caplog):
    def broken(environ, start_response):
        raise RuntimeError("boom")

    r = Client(RequestIdLayer(broken)).get("/x", headers={"X-Request-Id": "err-1"})
    assert r.status_code == 500 and r.headers["X-Request-Id"] == "err-1"
    assert b"err-1" in r.get_data() and b"boom" not in r.get_data()
    (rec,) = [rec for rec in caplog.records if rec.levelno == logging.ERROR]
    assert rec.request_id == "err-1" and "GET /x" in rec.getMessage()


def test_layers_wrap_in_order_the_first_outermost():
    calls = []

    def layer(name):
        def make(app):
            def wrapped(environ, start_response):
                calls.append(name)
                return app(environ, start_response)
            return wrapped
        return make

    def front(environ, start_response):
        calls.append("front")
        start_response("204 No Content", [])
        return []

    Client(wrap(front, [layer("outer"), layer("inner")])).get("/")
    assert calls == ["outer", "inner", "front"]


def test_every_configured_layer_is_applied_around_the_dispatcher(wsgi_app):
    assert web_app.LAYERS[0] == "opendias.web.layers.request_id:RequestIdLayer"
    assert isinstance(wsgi_app, RequestIdLayer)
    chain, app = [], wsgi_app
    while not isinstance(app, web_app.Dispatcher):
        chain.append(f"{type(app).__module__}:{type(app).__name__}")
        app = app.app
    assert chain == web_app.LAYERS


# -- every front, through gunicorn -----------------------------------------------------------

FRONT_REQUESTS = [
    ("GET", "/", 200),
    ("GET", "/collections/med-sst-l4?f=json", 200),
    ("GET", "/collections/med-sst-l4?f=html", 200),
    ("GET", "/collections/unknown-dataset", 404),
    ("GET", "/collections/med-sst-l4/coverage?bbox=12,40,13,41&datetime=2016-03-01&f=netcdf",
     200),
    ("GET", "/collections/med-sst-l4/position?coords=POINT(12 40)&datetime=2016-03-01", 200),
    ("GET", "/collections/med-sst-l4/coverage?bbox=1,2", 400),
    ("GET", "/collections/med-sst-l4/map?f=png&width=64", 200),
    ("GET", "/wms?service=WMS&request=GetCapabilities", 200),
    ("GET", "/wms?service=WMS&request=GetMap&layers=nope", 400),
    ("GET", "/wps?service=WPS&request=GetCapabilities", 200),
    ("GET", "/processes", 200),
    ("POST", "/processes/subset/execution", 400),
    ("GET", "/jobs", 200),
    ("GET", "/jobs/no-such-job/results", 404),
    ("GET", "/results/0000/missing.nc", 404),
    ("GET", "/vendor/c3/0.7.20/c3.css", 200),
    ("GET", "/vendor/c3/0.7.20/no-such-file.css", 404),
]


@pytest.mark.parametrize("method, path, status", FRONT_REQUESTS)
def test_every_front_answers_with_the_request_id(live_server, method, path, status):
    headers = {"Accept-Encoding": "identity"}
    with requests.request(method, live_server.url + path, headers=headers, json=None,
                          data=b"{}" if method == "POST" else None, timeout=60,
                          stream=True) as r:
        assert r.status_code == status, (path, r.status_code, r.content[:300])
        fresh = r.headers["X-Request-Id"]
        r.content  # the whole body, streamed answers included
    assert FRESH.fullmatch(fresh)
    with requests.request(method, live_server.url + path,
                          headers={**headers, "X-Request-Id": "client-id.42_a-b"},
                          data=b"{}" if method == "POST" else None, timeout=60) as r:
        assert r.status_code == status
        assert r.headers["X-Request-Id"] == "client-id.42_a-b"


@pytest.mark.parametrize("given", ["x" * 129, "two words", "tab\tinside", "semi;colon", ""])
def test_gunicorn_replaces_an_insane_id(live_server, given):
    r = requests.get(live_server.url + "/collections/med-sst-l4?f=json",
                     headers={"X-Request-Id": given}, timeout=60)
    assert r.status_code == 200
    assert FRESH.fullmatch(r.headers["X-Request-Id"])


def test_a_streamed_download_carries_the_id(live_server):
    url = (f"{live_server.url}/collections/med-sst-l4/coverage?bbox=12,40,20,46"
           "&datetime=2016-03-01/2016-03-03&f=netcdf")
    with requests.get(url, headers={"X-Request-Id": "download-1"}, stream=True,
                      timeout=120) as r:
        assert r.status_code == 200 and r.headers["X-Request-Id"] == "download-1"
        size = sum(len(block) for block in r.iter_content(1 << 16))
    assert size == int(r.headers["Content-Length"]) > 50_000
