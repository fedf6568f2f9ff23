"""Sending one e-mail over SMTP (stdlib `smtplib`), failures sorted like HTTP ones.

Network errors, timeouts and 4xx SMTP replies are retried; 5xx replies
(unknown recipient, refused sender, bad credentials) are permanent: the
message would be refused again. `LEADS_SMTP_TLS` chooses STARTTLS
(submission port 587, the default), implicit TLS (`ssl`, port 465) or
`off` (a local relay, the tests' sink).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from ..settings import Settings
from .channels.base import PermanentError, RetryableError
from .render import seconds


def send(settings: Settings, message: EmailMessage, to: tuple[str, ...]) -> str:
    """Send `message` to `to`; the French detail of a success, or a `DeliveryError`."""
    # CPython folds a long non-ASCII Subject with a doubled space (« envois  bloqués »);
    # headers may be 998 characters long, so fold only past that.
    message.policy = message.policy.clone(max_line_length=998)
    envelope_to = [address for _name, address in getaddresses(list(to))]
    envelope_from = parseaddr(settings.mail_from)[1]
    timeout = settings.delivery_timeout_seconds
    try:
        if settings.smtp_tls == "ssl":
            client = smtplib.SMTP_SSL(
                settings.smtp_host, settings.smtp_port, timeout=timeout,
                context=ssl.create_default_context(),
            )  # fmt: skip
        else:
            client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
        with client:
            if settings.smtp_tls == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                client.login(settings.smtp_user, settings.smtp_password)
            refused = client.send_message(message, envelope_from, envelope_to)
    except smtplib.SMTPRecipientsRefused as err:
        codes = [code for code, _text in err.recipients.values()]
        detail = "Destinataires refusés : " + ", ".join(
            f"{address} ({code})" for address, (code, _text) in err.recipients.items()
        )
        if all(code >= 500 for code in codes):
            raise PermanentError(detail + ".") from err
        raise RetryableError(detail + ".") from err
    except smtplib.SMTPResponseException as err:
        text = (
            err.smtp_error.decode(errors="replace")
            if isinstance(err.smtp_error, bytes)
            else (str(err.smtp_error))
        )
        detail = f"Refusé par le serveur SMTP ({err.smtp_code}) : {text}"
        if err.smtp_code >= 500:
            raise PermanentError(detail) from err
        raise RetryableError(detail) from err
    except TimeoutError as err:
        raise RetryableError(f"Délai dépassé ({seconds(timeout)} s) avec le serveur SMTP.") from err
    except smtplib.SMTPException as err:
        raise RetryableError(f"Erreur SMTP : {err or type(err).__name__}.") from err
    except OSError as err:
        raise RetryableError(f"Serveur SMTP injoignable : {err or type(err).__name__}.") from err
    accepted = [address for address in envelope_to if address not in refused]
    detail = "Accepté par le serveur SMTP pour " + ", ".join(accepted) + "."
    if refused:
        detail += " Refusé pour " + ", ".join(refused) + "."
    return detail


def message_id(lead_id: str, settings: Settings) -> str:
    """The same `Message-ID` for every attempt: mail clients show a repeat once."""
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "medimarche.example"
    return f"<lead-{lead_id}@{domain}>"
