"""A real SMTP server on a free loopback port (aiosmtpd), keeping what it receives: the
support messages' e-mail is tested against it."""

from __future__ import annotations

import email
from email import policy

from aiosmtpd.controller import Controller

from conftest import free_port


class _Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SmtpServer:
    """`with SmtpServer() as smtp:` smtp.port, smtp.inbox.messages."""

    def __init__(self):
        self.inbox = _Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def env(self, to: str = "support@example.org") -> dict[str, str]:
        return {"OPENDIAS_SMTP_HOST": "127.0.0.1", "OPENDIAS_SMTP_PORT": str(self.port),
                "OPENDIAS_SMTP_TO": to, "OPENDIAS_SMTP_FROM": "opendias@example.org"}
