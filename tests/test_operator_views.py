"""What an operator sees of every account (GET /users, /users/{name}: opendias.web.users_front)
and what everybody else is refused."""

from __future__ import annotations

from test_access import _user


def test_the_operator_sees_every_account_and_its_usage(client):
    operator, op_headers = _user("advanced", role="operator")
    user, headers = _user("essential")
    for _ in range(3):
        assert client.get("/collections?f=json", headers=headers).status_code == 200
    listed = client.get("/users", headers=op_headers)
    assert listed.status_code == 200, listed.get_data(as_text=True)
    accounts = {u["username"]: u for u in listed.get_json()["users"]}
    assert {operator.name, user.name} <= set(accounts)
    mine = accounts[user.name]
    assert mine["plan"] == "essential" and mine["disabled"] is False
    assert mine["usage"]["requests_per_minute"]["used"] >= 3
    assert mine["usage"]["requests_per_minute"]["limit"] == 120
    one = client.get(f"/users/{user.name}", headers=op_headers).get_json()
    assert one["username"] == user.name and one["terms_accepted"] == []
    assert one["usage"]["requests_per_minute"]["used"] >= 3
    missing = client.get("/users/nobody-at-all", headers=op_headers)
    assert missing.status_code == 404 and "no user 'nobody-at-all'" in \
        missing.get_json()["detail"]


def test_others_are_refused(client):
    user, headers = _user("advanced")
    for path in ("/users", f"/users/{user.name}"):
        refused = client.get(path, headers=headers)
        assert refused.status_code == 403 and "is not an operator" in \
            refused.get_json()["detail"]
        anonymous = client.get(path)
        assert anonymous.status_code == 401 and anonymous.headers.get("WWW-Authenticate")
