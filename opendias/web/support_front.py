"""The contact form over HTTP (opendias.support): `POST /support` with `name`, `email` and
`message` (JSON, or a form) -> 201 `{"id", "created", "mail"}`: the message stored, then
e-mailed to the operators when an SMTP server is configured (`mail`: sent, failed — it is
kept all the same and the failure logged — or not configured).

Anyone may write, signed in or not (a signed-in sender's account is recorded with the
message; a browser session's POST carries its CSRF token, opendias.web.layers.identity).
A field missing or wrong is a 400 naming it (name: one line of at most 128 characters;
email: an address; message: at most 5000 characters); more than OPENDIAS_SUPPORT_PER_HOUR
messages in an hour from one address is a 429 with Retry-After; a body above 64 KiB a 413.
Errors are OGC exception JSON. Operators read the messages with `opendias support list`.
"""

from __future__ import annotations

from flask import Flask, jsonify, request

from opendias.errors import TooLarge
from opendias.web.account import body_fields
from opendias.web.errors import install_error_handlers
from opendias.web.layers.identity import ENVIRON_KEY

app = Flask(__name__)
install_error_handlers(app)
MAX_BODY = 64 * 1024  # bytes: a message is at most 5000 characters
app.config["MAX_CONTENT_LENGTH"] = MAX_BODY  # a longer body without Content-Length too


@app.post("/support")
def support():
    from opendias.support import SupportMessages, mail_configured, send_message

    if (request.content_length or 0) > MAX_BODY:
        raise TooLarge(f"a support message's body is at most {MAX_BODY} bytes",
                       parameter="body")
    fields = body_fields("name", "email", "message")
    user = request.environ.get(ENVIRON_KEY)
    messages = SupportMessages()
    mail = mail_configured()
    record = messages.add(fields["name"], fields["email"], fields["message"],
                          client=request.remote_addr or "", mail=mail,
                          username=user.name if user is not None else None)
    if mail:
        record["mail"] = send_message(record, messages)
    return jsonify({k: record[k] for k in ("id", "created", "mail")}), 201
