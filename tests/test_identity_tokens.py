"""Personal access tokens and the password grant (opendias.identity.Tokens, Grants) on a
real SQLite database: secrets shown once and stored hashed, revocation refused at once,
disabled accounts refused, access tokens that expire, refresh, sign-out, and tokens signed
with another key or changed refused; the secret key generated once for every process."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import subprocess
import sys
import time

import jwt
import pytest
import sqlalchemy as sa

from opendias.errors import Forbidden, NotFound, Unauthorized

PASSWORD = "correct horse battery"


@pytest.fixture()
def url(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENDIAS_SECRET_KEY", "a test secret of the identity tests")
    return f"sqlite:///{tmp_path / 'identity.sqlite'}"


@pytest.fixture()
def alice(url):
    from opendias.identity import Accounts

    return Accounts(url).register("alice", "alice@example.org", PASSWORD)


def _rows(url: str, table: str) -> list[dict]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r) for r in conn.execute(sa.text(f"select * from {table}")).mappings()]
    finally:
        engine.dispose()


# -- personal access tokens ----------------------------------------------------------------

def test_token_is_shown_once_and_stored_hashed(url, alice):
    from opendias.identity import Tokens

    tokens = Tokens(url)
    record, secret = tokens.create("alice", "laptop")
    assert set(record) == {"id", "label", "created", "last_used"}
    assert record["label"] == "laptop" and record["last_used"] is None
    assert secret.startswith("odt_") and len(secret) >= 40
    assert tokens.list("alice") == [record]  # never the secret nor its hash
    rows = _rows(url, "opendias_tokens")
    stored = json.dumps(rows)
    assert secret not in stored and secret[4:] not in stored
    assert rows[0]["secret_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert "secret_hash" not in json.dumps(tokens.list("alice"))
    second, other = tokens.create("alice")
    assert other != secret and second["id"] != record["id"] and second["label"] == ""


def test_authenticate_and_last_used(url, alice):
    from opendias.identity import Tokens

    tokens = Tokens(url)
    record, secret = tokens.create("alice", "ci")
    assert tokens.authenticate(secret) == alice
    first = tokens.list("alice")[0]["last_used"]
    assert first is not None
    assert tokens.authenticate(secret) == alice
    assert tokens.list("alice")[0]["last_used"] == first  # at most once a minute
    for bad in (secret[:-1], secret + "x", secret[:-1] + ("A" if secret[-1] != "A" else "B"),
                "odt_" + "A" * 43, "", None, 42, "Bearer " + secret, secret.upper()):
        assert tokens.authenticate(bad) is None


def test_revoked_token_is_refused_at_once(url, alice):
    from opendias.identity import Tokens

    tokens = Tokens(url)
    record, secret = tokens.create("alice")
    keep, kept = tokens.create("alice", "kept")
    assert tokens.authenticate(secret) == alice
    assert tokens.revoke("alice", record["id"]) is True
    assert tokens.authenticate(secret) is None
    assert Tokens(url).authenticate(secret) is None  # any other worker too
    assert tokens.revoke("alice", record["id"]) is False  # already
    assert tokens.revoke("alice", "no-such-id") is False
    assert [t["id"] for t in tokens.list("alice")] == [keep["id"]]
    assert tokens.authenticate(kept) == alice


def test_a_user_revokes_only_their_own_tokens(url, alice):
    from opendias.identity import Accounts, Tokens

    Accounts(url).register("bob", "bob@example.org", PASSWORD)
    tokens = Tokens(url)
    record, secret = tokens.create("alice")
    assert tokens.revoke("bob", record["id"]) is False
    assert tokens.authenticate(secret) == alice
    assert tokens.list("bob") == []
    with pytest.raises(NotFound):
        tokens.create("nobody")
    with pytest.raises(NotFound):
        tokens.list("nobody")


def test_disabled_users_tokens_are_refused(url, alice):
    from opendias.identity import Accounts, Tokens

    tokens = Tokens(url)
    _, secret = tokens.create("alice")
    Accounts(url).disable("alice")
    assert tokens.authenticate(secret) is None
    with pytest.raises(Forbidden):
        tokens.create("alice")
    Accounts(url).enable("alice")
    assert tokens.authenticate(secret) is None  # revoked when disabled: stays revoked
    assert tokens.list("alice") == []
    _, fresh = tokens.create("alice")
    assert tokens.authenticate(fresh) == Accounts(url).get("alice")


# -- the password grant --------------------------------------------------------------------

def test_password_grant_and_verify(url, alice):
    from opendias.identity import Grants

    grants = Grants(url)
    answer = grants.password_grant("alice", PASSWORD)
    assert set(answer) == {"access_token", "refresh_token", "expires_in", "token_type"}
    assert answer["token_type"] == "Bearer" and answer["expires_in"] == 3600
    assert answer["refresh_token"].startswith("odr_")
    assert grants.verify_access(answer["access_token"]) == alice
    claims = jwt.decode(answer["access_token"], options={"verify_signature": False})
    assert claims["sub"] == alice.id and claims["exp"] - claims["iat"] == 3600
    stored = json.dumps(_rows(url, "opendias_refresh_tokens"))
    assert answer["refresh_token"] not in stored and answer["access_token"] not in stored
    for name, password in (("alice", "wrong password"), ("nobody", PASSWORD), ("", "")):
        with pytest.raises(Unauthorized, match="wrong username or password"):
            grants.password_grant(name, password)


def test_access_token_expires(url, alice, monkeypatch):
    from opendias.identity import Grants

    monkeypatch.setenv("OPENDIAS_ACCESS_TOKEN_TTL", "1")
    grants = Grants(url)
    answer = grants.password_grant("alice", PASSWORD)
    assert answer["expires_in"] == 1
    assert grants.verify_access(answer["access_token"]) == alice
    time.sleep(2.1)
    assert grants.verify_access(answer["access_token"]) is None
    fresh = grants.refresh(answer["refresh_token"])  # the refresh token still works
    assert set(fresh) == set(answer) and fresh["refresh_token"] == answer["refresh_token"]
    assert fresh["access_token"] != answer["access_token"]
    assert grants.verify_access(fresh["access_token"]) == alice


def test_refresh_token_expires(url, alice, monkeypatch):
    from opendias.identity import Grants

    monkeypatch.setenv("OPENDIAS_REFRESH_TOKEN_TTL", "1")
    grants = Grants(url)
    answer = grants.password_grant("alice", PASSWORD)
    assert answer["expires_in"] <= 1  # never past its refresh token
    time.sleep(2.1)
    with pytest.raises(Unauthorized):
        grants.refresh(answer["refresh_token"])
    assert grants.verify_access(answer["access_token"]) is None


def test_revoking_the_refresh_token_refuses_its_access_tokens_at_once(url, alice):
    from opendias.identity import Grants

    grants = Grants(url)
    answer = grants.password_grant("alice", PASSWORD)
    other = grants.password_grant("alice", PASSWORD)  # another device
    refreshed = grants.refresh(answer["refresh_token"])
    assert grants.revoke(answer["refresh_token"]) is True
    assert grants.verify_access(answer["access_token"]) is None
    assert grants.verify_access(refreshed["access_token"]) is None
    with pytest.raises(Unauthorized):
        grants.refresh(answer["refresh_token"])
    assert grants.revoke(answer["refresh_token"]) is False
    assert grants.verify_access(other["access_token"]) == alice  # other sign-ins stay
    for bad in ("odr_" + "A" * 43, "", None, answer["access_token"]):
        with pytest.raises(Unauthorized):
            grants.refresh(bad)
        assert grants.revoke(bad) is False


def test_disabling_and_password_change_refuse_access_tokens(url, alice):
    from opendias.identity import Accounts, Grants

    grants, accounts = Grants(url), Accounts(url)
    answer = grants.password_grant("alice", PASSWORD)
    accounts.change_password("alice", PASSWORD, "another long password")
    assert grants.verify_access(answer["access_token"]) is None
    answer = grants.password_grant("alice", "another long password")
    accounts.disable("alice")
    assert grants.verify_access(answer["access_token"]) is None
    with pytest.raises(Unauthorized):
        grants.refresh(answer["refresh_token"])
    with pytest.raises(Unauthorized):
        grants.password_grant("alice", "another long password")


def test_token_of_another_key_is_refused(url, alice, monkeypatch):
    from opendias.identity import Grants

    grants = Grants(url)
    answer = grants.password_grant("alice", PASSWORD)
    monkeypatch.setenv("OPENDIAS_SECRET_KEY", "the secret of another service")
    assert grants.verify_access(answer["access_token"]) is None
    monkeypatch.setenv("OPENDIAS_SECRET_KEY", "a test secret of the identity tests")
    assert grants.verify_access(answer["access_token"]) == alice
    # the same claims, signed with another key (or none at all)
    claims = jwt.decode(answer["access_token"], options={"verify_signature": False})
    forged = jwt.encode(claims, "a test secret of the identity tests", algorithm="HS256")
    assert grants.verify_access(forged) is None  # the raw secret is not the signing key
    assert grants.verify_access(jwt.encode(claims, "x" * 32, algorithm="HS256")) is None
    unsigned = jwt.encode(claims, None, algorithm="none")
    assert grants.verify_access(unsigned) is None


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_tampered_token_is_refused(url, alice):
    from opendias.identity import Accounts, Grants

    bob = Accounts(url).register("bob", "bob@example.org", PASSWORD)
    grants = Grants(url)
    token = grants.password_grant("alice", PASSWORD)["access_token"]
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    for change in ({"sub": bob.id}, {"exp": claims["exp"] + 86400}, {"jti": "0" * 32}):
        assert grants.verify_access(f"{header}.{_b64({**claims, **change})}.{signature}") is None
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    assert grants.verify_access(f"{header}.{payload}.{flipped}") is None
    for bad in ("", "a.b.c", token + "x", None, 7, "x" * 10000):
        assert grants.verify_access(bad) is None


def test_generated_secret_key_is_shared_and_private(tmp_path):
    """Without OPENDIAS_SECRET_KEY, the processes starting together agree on one key,
    generated once into runtime/secret.key, readable by its owner only."""
    env = {k: v for k, v in os.environ.items() if k != "OPENDIAS_SECRET_KEY"}
    env["OPENDIAS_HOME"] = str(tmp_path)
    code = "from opendias.identity import signing_key; print(signing_key('access-token').hex())"
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                              text=True) for _ in range(6)]
    keys = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(keys) == 1 and len(keys.pop()) == 64
    path = tmp_path / "runtime" / "secret.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_text().strip()) >= 40
    assert [p.name for p in path.parent.iterdir()] == ["secret.key"]  # no temporary left
