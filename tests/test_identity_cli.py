"""The operator's commands, end to end, in subprocesses against a real SQLite database:
`opendias users ...` and `opendias tokens ...` in exactly the documented forms, secrets alone
on the last line, errors as one line on stderr with exit code 1; and the first start of
`opendias serve` on the embedded defaults, which makes an operator and says so once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, Server

PASSWORD = "correct horse battery"


@pytest.fixture()
def env(tmp_path):
    return {**os.environ, "OPENDIAS_HOME": str(tmp_path),
            "OPENDIAS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
            "OPENDIAS_SECRET_KEY": "a test secret of the cli tests"}


@pytest.fixture(scope="module")
def alice_env(tmp_path_factory):
    """A database with the user alice (for refusals, which change nothing)."""
    home = tmp_path_factory.mktemp("cli-errors")
    env = {**os.environ, "OPENDIAS_HOME": str(home),
           "OPENDIAS_DATABASE_URL": f"sqlite:///{home / 'cli.sqlite'}"}
    run(env, "users", "add", "alice", "--email", "alice@example.org", "--password", PASSWORD)
    return env


def run(env, *args, ok=True, stdin=None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "opendias.cli", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)
    if ok:
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
    else:
        assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.startswith("opendias")
    return done


def test_users(env):
    out = run(env, "users", "add", "alice", "--email", "alice@example.org",
              "--password", PASSWORD).stdout
    assert "alice" in out and "essential" in out and PASSWORD not in out
    run(env, "users", "add", "bob", "--email", "bob@example.org", "--password", PASSWORD,
        "--plan", "advanced")
    run(env, "users", "add", "carol", "--email", "carol@example.org", "--password", "-",
        "--role", "operator", stdin=PASSWORD + "\n")
    lines = run(env, "users", "list").stdout.splitlines()
    assert lines[0].split() == ["NAME", "EMAIL", "PLAN", "ROLE", "STATE", "CREATED"]
    assert [line.split()[:5] for line in lines[1:]] == [
        ["alice", "alice@example.org", "essential", "user", "enabled"],
        ["bob", "bob@example.org", "advanced", "user", "enabled"],
        ["carol", "carol@example.org", "essential", "operator", "enabled"]]
    shown = dict(line.split(": ", 1) for line in run(env, "users", "show", "alice")
                 .stdout.splitlines())
    assert shown["name"] == "alice" and shown["plan"] == "essential"
    assert shown["state"] == "enabled" and shown["tokens"] == "0" and len(shown["id"]) == 32
    assert shown["usage requests_per_minute"] == "0 of 120"  # the operator sees the usage
    assert shown["usage max_job_cells"] == "- of 200,000,000"
    assert "advanced" in run(env, "users", "set-plan", "alice", "advanced").stdout
    assert "plan: advanced" in run(env, "users", "show", "alice").stdout
    assert "disabled" in run(env, "users", "disable", "bob").stdout
    assert "state: disabled" in run(env, "users", "show", "bob").stdout
    run(env, "users", "enable", "bob")
    password = run(env, "users", "reset-password", "alice").stdout.splitlines()[-1]
    from opendias.identity import Accounts

    accounts = Accounts(env["OPENDIAS_DATABASE_URL"])
    assert accounts.check_password("alice", password).name == "alice"
    assert accounts.check_password("alice", PASSWORD) is None
    assert accounts.check_password("carol", PASSWORD).is_operator


@pytest.mark.parametrize("args,words", [
    (["users", "add", "alice", "--email", "a2@example.org", "--password", PASSWORD], "taken"),
    (["users", "add", "x y", "--email", "x@example.org", "--password", PASSWORD], "username"),
    (["users", "add", "dave", "--email", "dave", "--password", PASSWORD], "e-mail"),
    (["users", "add", "dave", "--email", "d@example.org", "--password", "short"], "at least"),
    (["users", "add", "dave", "--email", "d@example.org", "--password", "x" * 100_000],
     "at most"),
    (["users", "add", "dave", "--email", "d@example.org", "--password", "password123"],
     "common"),
    (["users", "add", "dave", "--email", "d@example.org", "--password", PASSWORD,
      "--plan", "gold"], "essential, advanced"),
    (["users", "add", "dave", "--email", "d@example.org"], "--password"),
    (["users", "show", "nobody"], "no user"),
    (["users", "set-plan", "alice", "gold"], "unknown plan"),
    (["users", "disable", "nobody"], "no user"),
    (["users", "reset-password", "nobody"], "no user"),
    (["users", "frobnicate"], "invalid choice"),
    (["tokens", "create", "nobody"], "no user"),
    (["tokens", "list", "nobody"], "no user"),
    (["tokens", "revoke", "alice", "0123456789abcdef"], "no live token"),
    (["tokens", "revoke", "alice"], "TOKEN_ID"),
])
def test_errors_are_one_line(alice_env, args, words):
    done = run(alice_env, *args, ok=False)
    assert words in done.stderr and PASSWORD not in done.stderr


def test_a_million_character_password_from_stdin_is_refused(env):
    done = run(env, "users", "add", "dave", "--email", "d@example.org", "--password", "-",
               ok=False, stdin="x" * 1_000_000 + "\n")
    assert "at most 1024" in done.stderr


def test_database_error_is_one_line(env, tmp_path):
    (tmp_path / "dir.sqlite").mkdir()
    env = {**env, "OPENDIAS_DATABASE_URL": f"sqlite:///{tmp_path / 'dir.sqlite'}"}
    run(env, "users", "list", ok=False)


def test_tokens(env):
    from opendias.identity import Tokens

    run(env, "users", "add", "alice", "--email", "alice@example.org", "--password", PASSWORD)
    out = run(env, "tokens", "create", "alice", "--label", "QGIS on my laptop").stdout
    secret = out.splitlines()[-1]
    assert secret.startswith("odt_") and secret.split() == [secret]
    second = run(env, "tokens", "create", "alice").stdout.splitlines()[-1]
    tokens = Tokens(env["OPENDIAS_DATABASE_URL"])
    assert tokens.authenticate(secret).name == "alice"
    listed = run(env, "tokens", "list", "alice").stdout
    assert secret not in listed and second not in listed
    lines = listed.splitlines()
    assert lines[0].split() == ["ID", "LABEL", "CREATED", "LAST_USED"]
    assert "QGIS on my laptop" in lines[1] and len(lines) == 3
    token_id = lines[1].split()[0]
    assert token_id == tokens.list("alice")[0]["id"]
    assert "tokens: 2" in run(env, "users", "show", "alice").stdout
    run(env, "tokens", "revoke", "alice", token_id)
    assert tokens.authenticate(secret) is None
    assert tokens.authenticate(second).name == "alice"
    run(env, "tokens", "revoke", "alice", token_id, ok=False)  # not twice
    run(env, "users", "disable", "alice")
    assert tokens.authenticate(second) is None
    assert run(env, "tokens", "list", "alice").stdout.splitlines()[1:] == []


def test_config_masks_the_secret_key(env):
    out = run(env, "config").stdout
    assert "a test secret of the cli tests" not in out
    printed = dict(line.split(": ", 1) for line in out.splitlines())
    assert printed["secret_key"] == "(set, not shown)"
    env = {k: v for k, v in env.items() if k != "OPENDIAS_SECRET_KEY"}
    printed = dict(line.split(": ", 1) for line in run(env, "config").stdout.splitlines())
    assert printed["secret_key"].startswith("(generated")
    assert printed["access_token_ttl"] == "3600" and printed["plans_path"].endswith(
        "plans.yml")


def _serve_once(home: Path) -> str:
    """`opendias serve` on the embedded defaults (the packaged catalogue; the sample data
    of the tests already in its data folder), until it answers; what it printed."""
    env = {k: v for k, v in os.environ.items() if k not in (
        "OPENDIAS_CATALOGUE", "OPENDIAS_DATABASE_URL", "OPENDIAS_SECRET_KEY")}
    env.update(OPENDIAS_HOME=str(home), OPENDIAS_DATA_DIR=str(DATA))
    log = home / "serve.log"
    with open(log, "a") as out:
        server = Server(workers=1, env=env)
        server.env = env | {"OPENDIAS_BASE_URL": server.url}
        cmd = [sys.executable, "-m", "opendias.cli", "serve", "--host", "127.0.0.1",
               "--port", str(server.port), "--workers", "1"]
        server.proc = subprocess.Popen(cmd, env=server.env, start_new_session=True,
                                       stdout=out, stderr=out)
        try:
            from conftest import wait_for

            wait_for(server.url + "/conformance", timeout=120, proc=server.proc)
        finally:
            server.stop()
    text = log.read_text()
    log.unlink()
    return text


def test_first_start_makes_an_operator_once(tmp_path):
    from opendias.identity import Accounts

    assert (DATA / ".sample-data.json").exists()
    first = _serve_once(tmp_path)
    assert "username: operator" in first, first
    password = next(line.split(": ", 1)[1] for line in first.splitlines()
                    if line.strip().startswith("password:"))
    assert "opendias tokens create operator" in first
    accounts = Accounts(f"sqlite:///{tmp_path / 'jobs.sqlite'}")
    operator = accounts.check_password("operator", password.strip())
    assert operator is not None and operator.is_operator and operator.plan == "advanced"
    second = _serve_once(tmp_path)
    assert "operator" not in second and password not in second
    assert [u.name for u in accounts.list()] == ["operator"]
