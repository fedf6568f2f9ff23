"""HubSpot Forms v3 adapter: the lead submitted to a HubSpot form, as if typed into it.

`POST {LEADS_HUBSPOT_BASE_URL}/submissions/v3/integration/submit/{portal}/{form}`
(or `.../secure/submit/...` with `LEADS_HUBSPOT_TOKEN`, a private app token
sent as Bearer). The form must contain the contact properties sent in
`fields`: `email`, `lastname` (the full name as typed: the form has one
« Nom et prénom » field), `phone`, `company`, `jobtitle`, `message` (the
request, financing and campaign in French, as sales read it in e-mails).
`context` carries `pageUri`/`pageName`; `legalConsentOptions` the
information text version the person accepted and, when
`LEADS_HUBSPOT_SUBSCRIPTION_ID` is set, their newsletter choice.
HubSpot ignores `Idempotency-Key`; a repeat updates the same contact, keyed
by e-mail, and adds one more form submission.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...models import PROFESSIONS
from ...settings import Settings
from ..payload import as_utc, encode
from ..recipients import SupplierDirectory
from ..render import lead_sections
from . import http
from .base import Channel

CONTACT = "0-1"  # HubSpot's object type id of contacts


class HubSpotChannel(Channel):
    name = "hubspot"

    def __init__(self, settings: Settings, directory: SupplierDirectory):
        self.settings = settings
        self.directory = directory

    @classmethod
    def from_settings(cls, settings: Settings) -> HubSpotChannel | None:
        if not settings.hubspot_portal_id:
            return None
        return cls(settings, SupplierDirectory(settings.catalog_data))

    def destination(self, lead: Mapping) -> str:
        s = self.settings
        secure = "secure/" if s.hubspot_token else ""
        return (
            f"{s.hubspot_base_url}/submissions/v3/integration/{secure}submit/"
            f"{s.hubspot_portal_id}/{s.hubspot_form_id}"
        )

    def send(self, lead: Mapping, destination: str) -> str:
        headers = {"Idempotency-Key": lead["id"]}
        if self.settings.hubspot_token:
            headers["Authorization"] = f"Bearer {self.settings.hubspot_token}"
        body = encode(self.submission(lead))
        return http.post(destination, body, headers, self.settings.delivery_timeout_seconds)

    def submission(self, lead: Mapping) -> dict:
        """The Forms v3 JSON body."""
        values = {
            "email": lead["email"],
            "lastname": lead.get("name"),
            "phone": lead.get("phone_e164") or lead.get("phone"),
            "company": lead.get("organization"),
            "jobtitle": PROFESSIONS.get(lead.get("profession") or "", lead.get("profession")),
            "message": self.note(lead),
        }
        body: dict = {
            "submittedAt": str(int(as_utc(lead["created_at"]).timestamp() * 1000)),
            "fields": [
                {"objectTypeId": CONTACT, "name": name, "value": str(value)}
                for name, value in values.items()
                if value not in (None, "")
            ],
            "context": {
                key: value
                for key, value in (
                    ("pageUri", lead.get("page_url")),
                    ("pageName", lead.get("page_title")),
                )
                if value
            },
        }
        body["legalConsentOptions"] = {"consent": self.consent(lead)}
        return body

    def consent(self, lead: Mapping) -> dict:
        version = lead.get("consent_version") or "non précisée"
        consent: dict = {
            "consentToProcess": True,
            "text": (
                "La personne a envoyé le formulaire après l’information sur le traitement "
                f"de ses données (version {version})."
            ),
        }
        if self.settings.hubspot_subscription_id:
            consent["communications"] = [
                {
                    "value": bool(lead.get("consent")),
                    "subscriptionTypeId": int(self.settings.hubspot_subscription_id)
                    if self.settings.hubspot_subscription_id.isdigit()
                    else self.settings.hubspot_subscription_id,
                    "text": "J’accepte de recevoir la lettre d’information de MédiMarché.",
                }
            ]
        return consent

    def note(self, lead: Mapping) -> str:
        """Everything but the contact fields, as « Label : valeur » lines."""
        lines = []
        for section in lead_sections(lead, self.directory.names()):
            if section.title != "Contact":
                lines += [f"{label} : {value}" for label, value in section.rows]
        if lead.get("message"):
            lines += ["", str(lead["message"])]
        return "\n".join(lines)
