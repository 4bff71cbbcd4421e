"""A stored support message e-mailed to the operators by SMTP (OPENDIAS_SMTP_HOST, _PORT,
_USER, _PASSWORD, _FROM, _TO, _STARTTLS), with the sender as Reply-To. The message is in the
database before this is tried: a failure is logged and recorded on it (`mail` failed,
`mail_error`), never lost."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from opendias.config import get_settings
from opendias.support.schema import FAILED, SENT

LOGGER = logging.getLogger(__name__)
TIMEOUT = 10.0  # seconds to connect to the SMTP server and for each of its answers


def mail_configured() -> bool:
    settings = get_settings()
    return bool(settings.smtp_host and settings.smtp_to)


def email_of(record: dict) -> EmailMessage:
    settings = get_settings()
    mail = EmailMessage()
    sender = settings.smtp_from or f"opendias@{settings.smtp_host}"
    mail["From"] = sender
    mail["To"] = ", ".join(a.strip() for a in settings.smtp_to.split(",") if a.strip())
    mail["Reply-To"] = formataddr((record["name"], record["email"]))
    mail["Subject"] = f"[opendias support] message from {record['name']}"
    mail["Message-ID"] = make_msgid(idstring=record["id"])
    account = f"account: {record['username']}\n" if record.get("username") else ""
    mail.set_content(f"From: {record['name']} <{record['email']}>\n{account}"
                     f"Sent: {record['created']} (message {record['id']}, "
                     f"`opendias support list`)\n\n{record['message']}\n")
    return mail


def send_message(record: dict, messages) -> str:
    """E-mail a stored message; its mail status (sent or failed) recorded in `messages`
    (a SupportMessages) and returned."""
    settings = get_settings()
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(email_of(record))
    except (OSError, smtplib.SMTPException) as err:
        reason = f"{type(err).__name__}: {err}".strip()
        LOGGER.warning("support message %s stored, not e-mailed (%s:%s): %s", record["id"],
                       settings.smtp_host, settings.smtp_port, reason)
        messages.record_mail(record["id"], FAILED, reason)
        return FAILED
    messages.record_mail(record["id"], SENT)
    return SENT
