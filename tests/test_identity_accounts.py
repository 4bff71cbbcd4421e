"""Accounts (opendias.identity.Accounts) on a real SQLite database: registration and its
policy refusals naming the field, duplicates, names with SQL or regular-expression
metacharacters, very long passwords refused fast, sign-in that tells nobody whether a name
exists, disabling, password change and reset, plans from the plans file."""

from __future__ import annotations

import statistics
import time

import pytest
import sqlalchemy as sa

from opendias.errors import Conflict, InvalidParameter, NotFound, Unauthorized

PASSWORD = "correct horse battery"


@pytest.fixture()
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'identity.sqlite'}"


@pytest.fixture()
def accounts(url):
    from opendias.identity import Accounts

    return Accounts(url)


def test_register_and_read_back(accounts):
    user = accounts.register("alice", "Alice@Example.org", PASSWORD)
    assert (user.name, user.email, user.plan, user.role) == (
        "alice", "alice@example.org", "essential", "user")
    assert not user.disabled and not user.is_operator
    assert user.created.endswith("Z") and len(user.created) == 27
    assert accounts.get("alice") == user == accounts.by_id(user.id)
    assert accounts.get("ALICE") == user  # names are one whatever their case
    operator = accounts.register("ops.team_1", "ops@example.org", PASSWORD,
                                 plan="advanced", role="operator")
    assert operator.is_operator and operator.plan == "advanced"
    assert [u.name for u in accounts.list()] == ["alice", "ops.team_1"]
    assert accounts.get("nobody") is None and accounts.by_id("0" * 32) is None


@pytest.mark.parametrize("field,name,email,password", [
    ("name", "ab", "a@example.org", PASSWORD),                      # too short
    ("name", "a" * 65, "a@example.org", PASSWORD),                  # too long
    ("name", "bob smith", "a@example.org", PASSWORD),               # a space
    ("name", "-bob", "a@example.org", PASSWORD),                    # an option
    ("name", "bøb", "a@example.org", PASSWORD),                     # not ASCII
    ("name", "bob\n", "a@example.org", PASSWORD),                   # a trailing newline
    ("name", None, "a@example.org", PASSWORD),
    ("email", "bob", "bob", PASSWORD),
    ("email", "bob", "bob@localhost", PASSWORD),
    ("email", "bob", "bob@exa mple.org", PASSWORD),
    ("email", "bob", "a@b@example.org", PASSWORD),
    ("email", "bob", "x" * 250 + "@example.org", PASSWORD),
    ("password", "bob", "b@example.org", "short1!"),                # < 10
    ("password", "bob", "b@example.org", "x" * 1025),               # > 1024
    ("password", "bob", "b@example.org", "my name is BOB, ok"),      # has the username
    ("password", "bob", "b@example.org", "Password123"),            # common
    ("password", "bob", "b@example.org", "QWERTYUIOP"),             # common, any case
    ("password", "bob", "b@example.org", 1234567890123),
])
def test_policy_refusals_name_the_field(accounts, field, name, email, password):
    with pytest.raises(InvalidParameter) as err:
        accounts.register(name, email, password)
    assert err.value.parameter == field
    assert accounts.list() == []


@pytest.mark.parametrize("name", ["x' OR '1'='1", "bob'; DROP TABLE opendias_users;--",
                                  "a%b", "a_*", ".*", "^(a+)+$", "[a-z]", "bob\x00",
                                  "a\\b", "robert)--", "\u202ebob"])
def test_sql_and_regex_metacharacters_are_not_names(accounts, name):
    accounts.register("victim", "victim@example.org", PASSWORD)
    with pytest.raises(InvalidParameter) as err:
        accounts.register(name, "m@example.org", PASSWORD)
    assert err.value.parameter == "name"
    # looked up, they match nobody (no wildcard, no injection) and the table is intact
    assert accounts.get(name) is None
    assert accounts.check_password(name, PASSWORD) is None
    assert [u.name for u in accounts.list()] == ["victim"]
    # "." and "_" are allowed in names, and are no wildcard either
    assert accounts.get("v.ctim") is None and accounts.get("v_ctim") is None


def test_policy_lists_hold_what_they_say():
    from opendias.identity import passwords

    common = passwords.common_passwords()
    assert len(common) >= 200 and all(len(p) >= 10 for p in common)
    assert "password123" in common and "qwertyuiop" in common
    passwords.check_policy("a rather good passphrase", "bob")
    for _ in range(20):
        made = passwords.random_password("bob")
        assert passwords.check_policy(made, "bob") == made and not made.startswith("-")


def test_duplicates_are_conflicts(accounts):
    accounts.register("alice", "alice@example.org", PASSWORD)
    with pytest.raises(Conflict) as err:
        accounts.register("alice", "other@example.org", PASSWORD)
    assert err.value.status == 409 and err.value.parameter == "name"
    with pytest.raises(Conflict) as err:
        accounts.register("Alice", "other@example.org", PASSWORD)
    assert err.value.parameter == "name"
    with pytest.raises(Conflict) as err:
        accounts.register("alicia", "ALICE@example.org", PASSWORD)
    assert err.value.parameter == "email"
    assert len(accounts.list()) == 1


def test_a_million_character_password_is_refused_fast(accounts):
    from opendias.identity import Grants

    accounts.register("alice", "alice@example.org", PASSWORD)
    huge = "x" * 1_000_000
    start = time.perf_counter()
    with pytest.raises(InvalidParameter) as err:
        accounts.register("bob", "bob@example.org", huge)
    assert err.value.parameter == "password"
    assert accounts.check_password("alice", huge) is None
    with pytest.raises(Unauthorized):
        Grants(accounts.url).password_grant("alice", huge)
    with pytest.raises(Unauthorized):
        accounts.change_password("alice", huge, PASSWORD + "!")
    assert time.perf_counter() - start < 0.5


def test_sign_in(accounts):
    user = accounts.register("alice", "alice@example.org", PASSWORD)
    assert accounts.check_password("alice", PASSWORD) == user
    assert accounts.check_password("Alice", PASSWORD) == user
    assert accounts.check_password("alice", PASSWORD.upper()) is None
    assert accounts.check_password("alice", PASSWORD + " ") is None
    assert accounts.check_password("alice", "") is None
    assert accounts.check_password("nobody", PASSWORD) is None
    assert accounts.check_password("alice", None) is None


def _median_time(fn, n=5) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_an_unknown_name_costs_a_password_hashing(accounts):
    """An attacker cannot tell an unknown name from a wrong password by the time taken."""
    accounts.register("alice", "alice@example.org", PASSWORD)
    accounts.check_password("nobody", "warm-up password")
    wrong = _median_time(lambda: accounts.check_password("alice", "wrong password!"))
    unknown = _median_time(lambda: accounts.check_password("nobody", "wrong password!"))
    assert wrong > 0.005  # argon2 does work
    assert unknown > 0.5 * wrong, (unknown, wrong)


def test_disabled_account_is_refused_and_can_be_enabled(accounts):
    accounts.register("alice", "alice@example.org", PASSWORD)
    user = accounts.disable("alice")
    assert user.disabled and accounts.get("alice").disabled
    assert accounts.check_password("alice", PASSWORD) is None
    assert not accounts.enable("alice").disabled
    assert accounts.check_password("alice", PASSWORD) is not None
    for action in (accounts.disable, accounts.enable, accounts.reset_password):
        with pytest.raises(NotFound):
            action("nobody")


def test_change_password(accounts):
    accounts.register("alice", "alice@example.org", PASSWORD)
    with pytest.raises(Unauthorized):
        accounts.change_password("alice", "not the password", "a new long password")
    with pytest.raises(Unauthorized):
        accounts.change_password("nobody", PASSWORD, "a new long password")
    with pytest.raises(InvalidParameter) as err:
        accounts.change_password("alice", PASSWORD, "alice is me 123")
    assert err.value.parameter == "new_password"
    with pytest.raises(InvalidParameter):
        accounts.change_password("alice", PASSWORD, "short")
    assert accounts.check_password("alice", PASSWORD) is not None  # unchanged so far
    accounts.change_password("alice", PASSWORD, "a new long password")
    assert accounts.check_password("alice", PASSWORD) is None
    assert accounts.check_password("alice", "a new long password") is not None


def test_reset_password(accounts):
    accounts.register("alice", "alice@example.org", PASSWORD)
    new = accounts.reset_password("alice")
    assert isinstance(new, str) and len(new) >= 20 and new != PASSWORD
    assert accounts.check_password("alice", PASSWORD) is None
    assert accounts.check_password("alice", new).name == "alice"
    assert accounts.reset_password("alice") != new


def test_passwords_are_stored_hashed(accounts):
    accounts.register("alice", "alice@example.org", PASSWORD)
    with accounts.engine.connect() as conn:
        row = conn.execute(sa.text("select * from opendias_users")).mappings().one()
    assert PASSWORD not in " ".join(str(v) for v in row.values())
    assert row["password_hash"].startswith("$argon2id$")


def test_plans(accounts, monkeypatch, tmp_path):
    from opendias.identity import load_plans, plan_names

    plans = load_plans()
    assert plan_names()[:2] == ["essential", "advanced"]
    keys = {"capabilities", "requests_per_minute", "download_bytes_per_day", "concurrent_jobs",
            "jobs_per_day", "max_job_cells", "job_cpu_seconds_per_day"}
    for plan in plans.values():
        assert keys <= set(plan)
    assert "processes" in plans["advanced"]["capabilities"]
    assert "processes" not in plans["essential"]["capabilities"]
    accounts.register("alice", "alice@example.org", PASSWORD)
    assert accounts.set_plan("alice", "advanced").plan == "advanced"
    with pytest.raises(InvalidParameter) as err:
        accounts.set_plan("alice", "gold")
    assert err.value.parameter == "plan" and "essential, advanced" in err.value.detail
    with pytest.raises(InvalidParameter):
        accounts.register("bob", "bob@example.org", PASSWORD, plan="gold")
    with pytest.raises(InvalidParameter) as err:
        accounts.register("bob", "bob@example.org", PASSWORD, role="admin")
    assert err.value.parameter == "role"
    with pytest.raises(NotFound):
        accounts.set_plan("nobody", "advanced")
    # another plans file, by configuration
    other = tmp_path / "plans.yml"
    other.write_text("plans:\n  gold:\n    capabilities: [catalogue, processes]\n")
    monkeypatch.setenv("OPENDIAS_PLANS", str(other))
    assert plan_names() == ["gold"] and load_plans()["gold"]["requests_per_minute"] == 60
    assert accounts.set_plan("alice", "gold").plan == "gold"
    other.write_text("plans:\n  gold:\n    capabilities: [flying]\n")
    from opendias.identity import PlansError

    with pytest.raises(PlansError, match="capabilities"):
        load_plans()


def test_first_operator_is_made_once(accounts):
    made = accounts.create_first_operator()
    assert made is not None
    user, password = made
    assert (user.name, user.plan, user.role) == ("operator", "advanced", "operator")
    assert accounts.check_password("operator", password) == user
    assert accounts.create_first_operator() is None
