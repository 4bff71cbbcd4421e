"""`opendias users ...` and `opendias tokens ...`: accounts and personal access tokens, for
operators (who script against exactly these forms):

    opendias users add NAME --email EMAIL --password PASSWORD [--plan PLAN] [--role ROLE]
    opendias users list | show NAME | set-plan NAME PLAN | disable NAME | enable NAME
    opendias users reset-password NAME          (the new password alone on the last line)
    opendias tokens create NAME [--label L]     (the new token alone on the last line)
    opendias tokens list NAME
    opendias tokens revoke NAME TOKEN_ID

A secret (password, token) is printed once, when made, alone on the last line of the output.
`--password -` reads the password from the first line of standard input (not visible in
the process list nor the shell's history). An error is one line on stderr, exit code 1.
"""

from __future__ import annotations

import sys

from opendias.errors import NotFound


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())


def _state(user) -> str:
    return "disabled" if user.disabled else "enabled"


def _users_add(args) -> int:
    from opendias.identity import Accounts

    password = args.password
    if password == "-":
        password = sys.stdin.readline().rstrip("\r\n")
    user = Accounts().register(args.name, args.email, password, plan=args.plan,
                               role=args.role)
    print(f"made user {user.name} (e-mail {user.email}, plan {user.plan}, role {user.role})")
    return 0


def _users_list(args) -> int:
    from opendias.identity import Accounts

    table(["NAME", "EMAIL", "PLAN", "ROLE", "STATE", "CREATED"],
           [[u.name, u.email, u.plan, u.role, _state(u), u.created]
            for u in Accounts().list()])
    return 0


def _user(name):
    from opendias.identity import Accounts

    user = Accounts().get(name)
    if user is None:
        raise NotFound(f"no user {name!r}", parameter="name")
    return user


def _users_show(args) -> int:
    from opendias.identity import Tokens

    user = _user(args.name)
    facts = {"name": user.name, "id": user.id, "email": user.email, "plan": user.plan,
             "role": user.role, "state": _state(user), "created": user.created,
             "tokens": len(Tokens().list(user.name))}
    for key, value in facts.items():
        print(f"{key}: {value}")
    from opendias.identity.usage import account_usage

    for quota, state in account_usage(user)["usage"].items():
        limit = "no limit" if state["limit"] is None else f"{state['limit']:,}"
        used = "-" if state.get("used") is None else f"{state['used']:,}"
        print(f"usage {quota}: {used} of {limit}")
    return 0


def _users_set_plan(args) -> int:
    from opendias.identity import Accounts

    user = Accounts().set_plan(args.name, args.plan)
    print(f"{user.name}: plan {user.plan}")
    return 0


def _users_disable(args) -> int:
    from opendias.identity import Accounts

    user = Accounts().disable(args.name)
    print(f"{user.name}: disabled; its tokens and sign-ins are revoked")
    return 0


def _users_enable(args) -> int:
    from opendias.identity import Accounts

    user = Accounts().enable(args.name)
    print(f"{user.name}: enabled (tokens revoked when it was disabled stay revoked)")
    return 0


def _users_reset_password(args) -> int:
    from opendias.identity import Accounts

    password = Accounts().reset_password(args.name)
    print(f"new password of {_user(args.name).name} (shown once; its sign-ins are revoked):")
    print(password)
    return 0


def _tokens_create(args) -> int:
    from opendias.identity import Tokens

    record, secret = Tokens().create(args.name, args.label)
    label = f" ({record['label']})" if record["label"] else ""
    print(f"token {record['id']}{label} of {args.name}, shown once:")
    print(secret)
    return 0


def _tokens_list(args) -> int:
    from opendias.identity import Tokens

    table(["ID", "LABEL", "CREATED", "LAST_USED"],
           [[t["id"], t["label"] or "-", t["created"], t["last_used"] or "never"]
            for t in Tokens().list(args.name)])
    return 0


def _tokens_revoke(args) -> int:
    from opendias.identity import Tokens

    user = _user(args.name)
    if not Tokens().revoke(user.name, args.token_id):
        raise NotFound(f"{user.name} has no live token {args.token_id!r} "
                       f"(see: opendias tokens list {user.name})", parameter="token_id")
    print(f"revoked token {args.token_id} of {user.name}")
    return 0


def add_parsers(sub) -> None:
    from opendias.identity.plans import DEFAULT_PLAN
    from opendias.identity.schema import ROLES, USER

    users = sub.add_parser("users", help="user accounts (add, list, show, set-plan, "
                                         "disable, enable, reset-password)")
    users_sub = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = users_sub.add_parser("add", help="make an account")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--email", required=True)
    add.add_argument("--password", required=True, help="'-': read it from standard input")
    add.add_argument("--plan", default=DEFAULT_PLAN, help=f"default: {DEFAULT_PLAN}")
    add.add_argument("--role", default=USER, choices=ROLES, help=f"default: {USER}")
    add.set_defaults(func=_users_add)
    users_sub.add_parser("list", help="every account").set_defaults(func=_users_list)
    for action, func, what in (("show", _users_show, "one account"),
                               ("disable", _users_disable, "disable an account and revoke "
                                                           "its tokens"),
                               ("enable", _users_enable, "enable a disabled account"),
                               ("reset-password", _users_reset_password,
                                "a new random password (printed once)")):
        one = users_sub.add_parser(action, help=what)
        one.add_argument("name", metavar="NAME")
        one.set_defaults(func=func)
    set_plan = users_sub.add_parser("set-plan", help="put an account on a plan")
    set_plan.add_argument("name", metavar="NAME")
    set_plan.add_argument("plan", metavar="PLAN")
    set_plan.set_defaults(func=_users_set_plan)

    tokens = sub.add_parser("tokens", help="personal access tokens (create, list, revoke)")
    tokens_sub = tokens.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = tokens_sub.add_parser("create", help="a new token (printed once)")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--label", default="", help="what the token is for")
    create.set_defaults(func=_tokens_create)
    listing = tokens_sub.add_parser("list", help="a user's live tokens")
    listing.add_argument("name", metavar="NAME")
    listing.set_defaults(func=_tokens_list)
    revoke = tokens_sub.add_parser("revoke", help="revoke a token (refused at once)")
    revoke.add_argument("name", metavar="NAME")
    revoke.add_argument("token_id", metavar="TOKEN_ID")
    revoke.set_defaults(func=_tokens_revoke)
