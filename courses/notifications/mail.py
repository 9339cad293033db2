"""Notices as e-mail: multipart (plain text and simple HTML) in the learner's language, and SMTP.

``SMTP_URL`` is ``smtp://user:pass@host:port`` (STARTTLS whenever the server offers it) or
``smtps://`` (TLS from the first byte, port 465 by default). aiosmtplib does the talking.
"""

from __future__ import annotations

import asyncio
import html
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from enum import StrEnum
from urllib.parse import unquote, urlsplit

import aiosmtplib

from courses.i18n import text_direction
from courses.notifications.notices import ActionKind, Notice

__all__ = ["MailOutcome", "SmtpSender", "compose"]


def compose(notice: Notice, *, to: str, sender: str) -> EmailMessage:
    """The notice as a mail to ``to``: plain text and HTML alternatives, ``Content-Language`` set.

    A notice with an unsubscribe link also carries ``List-Unsubscribe`` (with the one-click
    ``List-Unsubscribe-Post`` of RFC 8058), so a mail client offers it beside the subject.
    """
    mail = EmailMessage()
    mail["Subject"] = notice.subject
    mail["From"] = sender
    mail["To"] = to
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip(">") or None)
    mail["Auto-Submitted"] = "auto-generated"
    if notice.unsubscribe_url:
        mail["List-Unsubscribe"] = f"<{notice.unsubscribe_url}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    links = [a for a in notice.actions if a.kind is not ActionKind.CANCEL]
    plain = notice.plain + "".join(f"\n\n{a.label}: {a.url}" for a in links)
    mail.set_content(plain + "\n")
    direction = text_direction(notice.locale)
    paragraphs = "".join(f"<p>{p}</p>" for p in notice.paragraphs)
    buttons = "".join(f'<p><a href="{html.escape(a.url)}">{html.escape(a.label)}</a></p>' for a in links)
    mail.add_alternative(
        f'<!doctype html><html lang="{notice.locale}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{html.escape(notice.subject)}</title></head>"
        f'<body style="font-family:sans-serif;line-height:1.5">{paragraphs}{buttons}</body></html>\n',
        subtype="html")
    mail["Content-Language"] = notice.locale  # after the parts: setting content drops Content-* headers
    return mail


class MailOutcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # the server or the network failed for now
    REFUSED = "refused"  # the server refused the recipient for good (5xx)


@dataclass
class SmtpSender:
    """Sends mails through ``SMTP_URL`` at most ``rate`` a second, one connection per mail."""

    url: str
    sender: str
    rate: float = 5.0
    timeout: float = 30.0
    _next: float = field(default=0.0, init=False)

    def _options(self) -> dict[str, object]:
        parts = urlsplit(self.url)
        implicit = parts.scheme == "smtps"
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError("SMTP_URL looks like smtp://user:pass@host:port or smtps://…")
        options: dict[str, object] = {
            "hostname": parts.hostname or "localhost", "port": parts.port or (465 if implicit else 25),
            "use_tls": implicit, "timeout": self.timeout,
            # None: upgrade with STARTTLS when the server offers it, plain otherwise.
            "start_tls": False if implicit else None,
        }
        if parts.username:
            options["username"] = unquote(parts.username)
            options["password"] = unquote(parts.password or "")
        return options

    async def send(self, mail: EmailMessage) -> tuple[MailOutcome, str]:
        """Hand ``mail`` to the SMTP server; the outcome and, unless sent, the server's reason."""
        now = time.monotonic()
        start = max(now, self._next)
        self._next = start + 1.0 / self.rate
        if start > now:
            await asyncio.sleep(start - now)
        try:
            await aiosmtplib.send(mail, **self._options())  # type: ignore[arg-type]
        except aiosmtplib.SMTPRecipientsRefused as error:
            permanent = all(500 <= r.code < 600 for r in error.recipients)
            return (MailOutcome.REFUSED if permanent else MailOutcome.RETRY), str(error)[:500]
        except aiosmtplib.SMTPResponseException as error:
            return (MailOutcome.REFUSED if 500 <= error.code < 600 and error.code != 530 else MailOutcome.RETRY,
                    str(error)[:500])
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            return MailOutcome.RETRY, str(error)[:500] or type(error).__name__
        return MailOutcome.SENT, ""
