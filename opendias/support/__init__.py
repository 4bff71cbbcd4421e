"""Support: the messages people send the operators (the portal's contact form, `POST
/support`), stored in the service's database first, then e-mailed when an SMTP server is
configured (OPENDIAS_SMTP_*). Listed by `opendias support list`.

| module | what it holds |
| --- | --- |
| schema | the table of messages (revision 0007_support_messages) |
| messages | SupportMessages: checks, the per-client rate limit, storing, listing |
| mail | sending a stored message by SMTP (smtplib), and recording how it went |
"""

from opendias.support.mail import mail_configured, send_message
from opendias.support.messages import SupportMessages

__all__ = ["SupportMessages", "mail_configured", "send_message"]
