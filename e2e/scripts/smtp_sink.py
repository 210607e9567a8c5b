"""A real SMTP server for the email tests and the mail bench (aiosmtpd, from the test venv).

Usage: smtp_sink.py FOLDER [--count-only]
Listens on a free loopback port and prints "port N" once it serves. Every message taken is
written to FOLDER as N.json: its recipients, subject, List-Unsubscribe headers and the decoded
plain-text and HTML parts (what a reader's mail client would show). With --count-only it keeps
only a line per message in FOLDER/received.log, for the bench: recipients, Message-ID and the
confirmation link when there is one, separated by tabs.
"""

import asyncio
import email
import email.policy
import json
import os
import re
import socket
import sys

from aiosmtpd.controller import Controller

MESSAGE_ID = re.compile(rb"^Message-ID: *(\S+)", re.MULTILINE | re.IGNORECASE)
# Links in quoted-printable text, once its soft line breaks are gone (tokens hold no "=").
CONFIRM = re.compile(rb"https?://[^\s\"<>]*/mail/confirm/[A-Za-z0-9_-]+")


class Keep:
    def __init__(self, folder, count_only):
        self.folder = folder
        self.count_only = count_only
        self.n = 0
        self.log = open(os.path.join(folder, "received.log"), "a", buffering=1)

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        if self.count_only:
            # As little work as a real server's queue does: the bench measures okur, not this.
            raw = envelope.original_content
            found = MESSAGE_ID.search(raw)
            confirm = CONFIRM.search(raw.replace(b"=\r\n", b""))
            message_id = found.group(1).decode() if found else ""
            link = confirm.group(0).decode() if confirm else ""
            self.log.write(f"{','.join(envelope.rcpt_tos)}\t{message_id}\t{link}\n")
            return "250 taken"
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        parts = {}
        for part in message.walk():
            if part.get_content_type() in ("text/plain", "text/html"):
                parts[part.get_content_type()] = part.get_content()
        record = {
            "to": envelope.rcpt_tos,
            "subject": str(message["Subject"]),
            "list_unsubscribe": str(message.get("List-Unsubscribe", "")),
            "list_unsubscribe_post": str(message.get("List-Unsubscribe-Post", "")),
            "text": parts.get("text/plain", ""),
            "html": parts.get("text/html", ""),
        }
        path = os.path.join(self.folder, f"{self.n:06}.json")
        with open(path + ".tmp", "w") as out:
            json.dump(record, out, ensure_ascii=False)
        os.replace(path + ".tmp", path)
        self.log.write(f"{','.join(envelope.rcpt_tos)}\n")
        return "250 taken"


async def main():
    folder = sys.argv[1]
    # aiosmtpd checks its own port once started: it must be a real one, found first.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(Keep(folder, "--count-only" in sys.argv), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"port {port}", flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
