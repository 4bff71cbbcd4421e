"""`opendias support ...`: the messages of the contact form (POST /support), for operators:

    opendias support list [--limit N] [--json]   newest first: id, time, sender, e-mail state
    opendias support show ID                     one message whole

The message is stored whether or not its e-mail could be sent: `MAIL` says which (sent,
failed: see `show` for why, not configured, pending).
"""

from __future__ import annotations

import json

from opendias.errors import NotFound


def _one_line(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "\u2026"


def _list(args) -> int:
    from opendias.cli.accounts import table
    from opendias.support import SupportMessages

    found = SupportMessages().list(limit=args.limit)
    if args.json:
        print(json.dumps(found, indent=1))
        return 0
    table(["ID", "CREATED", "NAME", "EMAIL", "ACCOUNT", "MAIL", "MESSAGE"],
          [[m["id"], m["created"], _one_line(m["name"], 30), m["email"], m["username"] or "-",
            m["mail"], _one_line(m["message"])] for m in found])
    return 0


def _show(args) -> int:
    from opendias.support import SupportMessages

    found = SupportMessages().get(args.message_id)
    if found is None:
        raise NotFound(f"no support message {args.message_id!r} (see: opendias support list)",
                       parameter="id")
    for key in ("id", "created", "name", "email", "username", "mail", "mail_error", "mailed"):
        print(f"{key}: {found[key] if found[key] is not None else '-'}")
    print()
    print(found["message"])
    return 0


def add_parsers(sub) -> None:
    support = sub.add_parser("support", help="messages of the contact form (list, show)")
    actions = support.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the messages, newest first")
    listing.add_argument("--limit", type=int, default=None, help="at most this many")
    listing.add_argument("--json", action="store_true", help="as JSON, whole")
    listing.set_defaults(func=_list)
    show = actions.add_parser("show", help="one message whole")
    show.add_argument("message_id", metavar="ID")
    show.set_defaults(func=_show)
