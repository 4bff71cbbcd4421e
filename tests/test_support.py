"""Support messages (opendias.support, POST /support, `opendias support list`): checked,
stored first, e-mailed through a real SMTP server on loopback (aiosmtpd) when one is
configured; a failing SMTP server loses nothing (the failure is recorded and logged); one
address may send OPENDIAS_SUPPORT_PER_HOUR an hour; a browser session's post carries its CSRF
token. And revision 0007_support_messages up and down."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
import sqlalchemy as sa
from werkzeug.test import Client

from conftest import free_port
from smtp_server import SmtpServer
from test_access import PASSWORD

TEXT = "The SST layer shows no data\nafter 2016-03-02; is that expected?"


@pytest.fixture()
def smtp(monkeypatch):
    with SmtpServer() as server:
        for key, value in server.env().items():
            monkeypatch.setenv(key, value)
        yield server


class AddressedClient(Client):
    """A client of its own (its own cookie jar), from an address of its own (rate limit)."""

    def __init__(self, app, address: str | None = None):
        super().__init__(app)
        self.address = address or f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"

    def open(self, *args, **kwargs):
        kwargs.setdefault("environ_base", {"REMOTE_ADDR": self.address})
        return super().open(*args, **kwargs)


@pytest.fixture()
def browser(wsgi_app):
    return AddressedClient(wsgi_app)


def _send(client, **fields):
    body = {"name": "Ada Lovelace", "email": "ada@example.org", "message": TEXT, **fields}
    return client.post("/support", json={k: v for k, v in body.items() if v is not None})


def _cli(capsys, *args) -> str:
    from opendias.cli import main

    assert main(["support", *args]) == 0
    return capsys.readouterr().out


def test_a_message_is_stored_mailed_and_listed(browser, smtp, capsys):
    resp = _send(browser)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    doc = resp.get_json()
    assert doc["mail"] == "sent" and len(doc["id"]) == 16
    [mail] = smtp.inbox.messages
    assert smtp.inbox.envelopes == [("opendias@example.org", ["support@example.org"])]
    assert mail["Subject"] == "[opendias support] message from Ada Lovelace"
    assert mail["Reply-To"] == "Ada Lovelace <ada@example.org>"
    assert mail["To"] == "support@example.org"
    body = mail.get_content().replace("\r\n", "\n")
    assert TEXT in body and doc["id"] in body
    listed = _cli(capsys, "list")
    line = next(row for row in listed.splitlines() if row.startswith(doc["id"]))
    assert "Ada Lovelace" in line and "ada@example.org" in line and " sent " in line
    assert "The SST layer shows no data after 2016-03-02; is that" in line
    [record] = [m for m in json.loads(_cli(capsys, "list", "--json")) if m["id"] == doc["id"]]
    assert record["message"] == TEXT and record["mail"] == "sent" and record["mailed"]
    assert record["username"] is None and record["mail_error"] is None
    shown = _cli(capsys, "show", doc["id"])
    assert shown.endswith(TEXT + "\n") and "mail: sent" in shown


def test_a_form_post_of_a_signed_in_user_is_recorded_with_the_account(browser, monkeypatch):
    from opendias.identity import Accounts
    from opendias.support import SupportMessages

    monkeypatch.delenv("OPENDIAS_SMTP_HOST", raising=False)
    name = f"h{uuid.uuid4().hex[:10]}"
    Accounts().register(name, f"{name}@example.org", PASSWORD)
    signed = browser.post("/signin", json={"username": name, "password": PASSWORD})
    csrf = signed.get_json()["csrf_token"]
    form = {"name": "Grace", "email": "grace@example.org", "message": "Hello"}
    refused = browser.post("/support", data=form)
    assert refused.status_code == 403 and "csrf_token" in refused.get_json()["detail"]
    resp = browser.post("/support", data={**form, "csrf_token": csrf})
    assert resp.status_code == 201 and resp.get_json()["mail"] == "not configured"
    record = SupportMessages().get(resp.get_json()["id"])
    assert (record["username"], record["name"], record["message"]) == (name, "Grace", "Hello")


@pytest.mark.parametrize("fields, parameter, words", [
    ({"name": None}, "name", "name is required"),
    ({"email": ""}, "email", "email is required"),
    ({"message": "   "}, "message", "message is required"),
    ({"email": "not an address"}, "email", "email: an e-mail address"),
    ({"email": "a@b"}, "email", "email: an e-mail address"),
    ({"name": "Eve\nBcc: all@example.org"}, "name", "on one line"),
    ({"name": "x" * 129}, "name", "at most 128 characters"),
    ({"message": "x" * 5001}, "message", "at most 5000 characters of text (this one has 5001)"),
    ({"message": "bell\x07"}, "message", "at most 5000 characters of text"),
    ({"name": 7}, "name", "name must be a string"),
])
def test_each_wrong_field_is_a_400_naming_it(browser, fields, parameter, words):
    from opendias.support import SupportMessages

    before = len(SupportMessages().list())
    resp = _send(browser, **fields)
    assert resp.status_code == 400, resp.get_data(as_text=True)
    assert words in resp.get_json()["detail"] and parameter in resp.get_json()["detail"]
    assert len(SupportMessages().list()) == before


def test_a_body_that_is_not_an_object_or_too_large(browser):
    resp = browser.post("/support", data="[1]", content_type="application/json")
    assert resp.status_code == 400 and "JSON object" in resp.get_json()["detail"]
    big = browser.post("/support", json={"name": "a", "email": "a@example.org",
                                         "message": "x" * 70_000})
    assert big.status_code == 413


def test_a_failing_smtp_server_loses_nothing(browser, monkeypatch, caplog):
    from opendias.support import SupportMessages

    monkeypatch.setenv("OPENDIAS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OPENDIAS_SMTP_PORT", str(free_port()))  # nobody listens
    monkeypatch.setenv("OPENDIAS_SMTP_TO", "support@example.org")
    with caplog.at_level(logging.WARNING, logger="opendias.support.mail"):
        resp = _send(browser, name="Lost?")
    assert resp.status_code == 201 and resp.get_json()["mail"] == "failed"
    record = SupportMessages().get(resp.get_json()["id"])
    assert record["message"] == TEXT and record["mail"] == "failed"
    assert record["mail_error"].startswith("ConnectionRefusedError") and not record["mailed"]
    assert f"support message {record['id']} stored, not e-mailed" in caplog.text


def test_starttls_is_asked_when_configured(browser, smtp, monkeypatch):
    """The loopback server offers no STARTTLS: asking for it fails, and is recorded."""
    from opendias.support import SupportMessages

    monkeypatch.setenv("OPENDIAS_SMTP_STARTTLS", "true")
    resp = _send(browser)
    assert resp.get_json()["mail"] == "failed" and smtp.inbox.messages == []
    assert "STARTTLS" in SupportMessages().get(resp.get_json()["id"])["mail_error"]


def test_one_address_may_send_so_many_an_hour(browser, monkeypatch):
    monkeypatch.setenv("OPENDIAS_SUPPORT_PER_HOUR", "2")
    assert [_send(browser).status_code for _ in range(2)] == [201, 201]
    refused = _send(browser)
    assert refused.status_code == 429
    assert 3590 <= int(refused.headers["Retry-After"]) <= 3601
    assert refused.get_json()["detail"].startswith("at most 2 support messages an hour")
    other = AddressedClient(browser.application)
    assert _send(other).status_code == 201


def test_revision_0007_adds_and_removes_only_the_messages(tmp_path):
    from alembic import command

    from opendias import database

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        database.upgrade_schema(engine, "0006_job_cpu")
        assert "opendias_support_messages" not in sa.inspect(engine).get_table_names()
        database.upgrade_schema(engine, "0007_support_messages")
        inspector = sa.inspect(engine)
        assert {c["name"] for c in inspector.get_columns("opendias_support_messages")} == {
            "id", "created", "name", "email", "message", "username", "client", "mail",
            "mail_error", "mailed"}
        with engine.begin() as conn:
            command.downgrade(database.alembic_config(conn), "0006_job_cpu")
        tables = set(sa.inspect(engine).get_table_names())
        assert "opendias_support_messages" not in tables and "opendias_jobs" in tables
    finally:
        engine.dispose()
