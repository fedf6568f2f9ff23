"""What a lead is, and how a posted form becomes one (or a list of French errors).

Validation runs in two passes so that a person sees every problem at once:
`missing_fields` says which fields this kind of request needs, then the
pydantic model checks and normalises each value. Messages are the French
sentences shown next to the fields, in the JSON answer and in the HTML page
the service renders when JavaScript is off.

Values are stored verbatim (a message full of `<script>` stays as typed and is
escaped wherever it is shown); only what would break a mail header or a CSV
line is refused: control characters in one-line fields, `\r\n` in a name or
an e-mail address.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import PydanticCustomError

Kind = Literal["devis", "financement", "contact", "newsletter"]
KINDS: tuple[str, ...] = ("devis", "financement", "contact", "newsletter")

PROFESSIONS = {
    "medecin": "Médecin",
    "kinesitherapeute": "Kinésithérapeute",
    "dentiste": "Dentiste",
    "infirmier": "Infirmier ou infirmière",
    "pharmacien": "Pharmacien ou pharmacienne",
    "etablissement": "Établissement de santé",
    "autre": "Autre",
}
FINANCING = {
    "credit-bail": "Crédit-bail",
    "location-financiere": "Location financière",
    "indecis": "Je ne sais pas encore",
}
DURATIONS = (24, 36, 48, 60, 72, 84)  # the form's list; a simulation may pick any month between
MIN_DURATION, MAX_DURATION = 24, 84
# The financing simulation (plugins/financing): stored values, and the
# spellings the simulator's links use (`?echeance=a-echoir&base=ttc`).
PAYMENT_TIMINGS = {"advance": "À échoir", "arrears": "À terme échu"}
TIMING_ALIASES = {"a-echoir": "advance", "a-terme-echu": "arrears"}
AMOUNT_BASES = {"HT": "Hors taxes", "TTC": "Toutes taxes comprises"}
MIN_AMOUNT, MAX_AMOUNT_HT, MAX_AMOUNT_TTC = Decimal(500), Decimal(5_000_000), Decimal(6_000_000)
MAX_RESIDUAL_PERCENT = Decimal(30)
# Field -> query parameter of a simulator's « Demander ce financement » link.
SIMULATION_PARAMS = {
    "financing": "formule",
    "duration": "duree",
    "amount": "montant",
    "monthly_payment": "mensualite",
    "payment_timing": "echeance",
    "residual_percent": "vr",
    "amount_basis": "base",
}
DELIVERY = {
    "au-plus-vite": "Dès que possible",
    "un-mois": "Dans le mois",
    "trois-mois": "D’ici trois mois",
    "sans-urgence": "Pas de date précise",
}
UTM = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")

# Field name -> French label, in the order the error page lists them.
LABELS = {
    "kind": "Type de demande",
    "name": "Nom et prénom",
    "email": "Adresse électronique",
    "phone": "Téléphone",
    "organization": "Cabinet, établissement ou société",
    "profession": "Profession",
    "product": "Équipement",
    "offer": "Offre choisie",
    "quantity": "Quantité",
    "delivery": "Livraison souhaitée",
    "amount": "Montant à financer (€ HT)",
    "duration": "Durée (mois)",
    "financing": "Formule de financement",
    "monthly_payment": "Mensualité simulée",
    "payment_timing": "Paiement des loyers",
    "residual_percent": "Valeur résiduelle (%)",
    "amount_basis": "Montants exprimés",
    "message": "Message",
    "consent": "Consentement",
}
REQUIRED = {
    "devis": ("name", "email", "product", "quantity"),
    "financement": ("name", "email", "amount", "duration", "financing"),
    "contact": ("name", "email", "message"),
    "newsletter": ("email", "consent"),
}
MISSING = {
    "name": "Indiquez votre nom.",
    "email": "Indiquez votre adresse électronique.",
    "product": "Indiquez l’équipement qui vous intéresse.",
    "quantity": "Indiquez la quantité souhaitée.",
    "amount": "Indiquez le montant à financer.",
    "duration": "Choisissez une durée.",
    "financing": "Choisissez une formule de financement.",
    "message": "Écrivez votre message.",
    "consent": "Cochez la case pour recevoir la lettre d’information.",
}
MAX_LENGTH = {
    "name": 120,
    "email": 254,
    "phone": 40,
    "organization": 200,
    "product": 200,
    "offer": 200,
    "message": 5000,
    "consent_version": 60,
    "page_url": 2000,
    "page_title": 300,
    "referrer": 2000,
    **dict.fromkeys(UTM, 200),
}
ONE_LINE = tuple(name for name in MAX_LENGTH if name != "message")
TRUE_WORDS = {"on", "oui", "true", "1", "yes"}


class InvalidLead(ValueError):
    """Field name -> French message, for every field that must be corrected."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


class Lead(BaseModel):
    """A validated request, as it is stored (see `store.leads`)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: Kind
    name: str | None = None
    email: str
    phone: str | None = None
    organization: str | None = None
    profession: str | None = None
    message: str | None = None
    product: str | None = None
    offer: str | None = None
    quantity: int | None = None
    delivery: str | None = None
    amount: Decimal | None = None
    duration: int | None = None
    financing: str | None = None
    monthly_payment: Decimal | None = None  # in `amount_basis`, like `amount`
    payment_timing: str | None = None
    residual_percent: Decimal | None = None
    amount_basis: str | None = None
    consent: bool = False
    consent_version: str | None = None
    page_url: str | None = None
    page_title: str | None = None
    referrer: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    utm_term: str | None = None
    utm_content: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator(*ONE_LINE, mode="before")
    @classmethod
    def _one_line(cls, value: Any, info) -> Any:
        if value is None:
            return None
        text = _as_text(value).strip()
        if any(_is_control(char) for char in text):
            raise PydanticCustomError(
                "fr", "Ce champ ne peut contenir ni retour à la ligne ni caractère de contrôle."
            )
        return _limit(text, info.field_name)

    @field_validator("message", mode="before")
    @classmethod
    def _message(cls, value: Any) -> Any:
        if value is None:
            return None
        text = _as_text(value)
        if any(_is_control(char) and char not in "\t\r\n" for char in text):
            raise PydanticCustomError("fr", "Le message contient des caractères de contrôle.")
        return _limit(text, "message")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        try:
            _normalized_email(value)
        except EmailNotValidError as err:
            raise PydanticCustomError(
                "fr", "Cette adresse électronique n’est pas valide (exemple : nom@cabinet.fr)."
            ) from err
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            number = phonenumbers.parse(value, "FR")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise PydanticCustomError(
                "fr", "Ce numéro de téléphone n’est pas valide (exemple : 04 78 00 00 00)."
            )
        return value

    @field_validator("profession", mode="before")
    @classmethod
    def _profession(cls, value: Any) -> Any:
        return _choice(value, PROFESSIONS, "Choisissez une profession dans la liste.")

    @field_validator("financing", mode="before")
    @classmethod
    def _financing(cls, value: Any) -> Any:
        return _choice(value, FINANCING, "Choisissez une formule dans la liste.")

    @field_validator("delivery", mode="before")
    @classmethod
    def _delivery(cls, value: Any) -> Any:
        return _choice(value, DELIVERY, "Choisissez un délai dans la liste.")

    @field_validator("quantity", mode="before")
    @classmethod
    def _quantity(cls, value: Any) -> Any:
        return _whole(value, 1, 10_000, "Indiquez une quantité entière entre 1 et 10 000.")

    @field_validator("duration", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> Any:
        return _whole(
            value,
            MIN_DURATION,
            MAX_DURATION,
            f"Indiquez une durée entière entre {MIN_DURATION} et {MAX_DURATION} mois.",
        )

    @field_validator("monthly_payment", mode="before")
    @classmethod
    def _monthly_payment(cls, value: Any) -> Any:
        message = "La mensualité simulée n’est pas valide : relancez la simulation."
        amount = _decimal(value, message)
        if amount is not None and not Decimal("0.01") <= amount <= MAX_AMOUNT_TTC:
            raise PydanticCustomError("fr", message)
        return amount

    @field_validator("residual_percent", mode="before")
    @classmethod
    def _residual_percent(cls, value: Any) -> Any:
        message = "Indiquez une valeur résiduelle entre 0 et 30\u00a0%."
        percent = _decimal(value, message)
        if percent is not None and not 0 <= percent <= MAX_RESIDUAL_PERCENT:
            raise PydanticCustomError("fr", message)
        return percent

    @field_validator("payment_timing", mode="before")
    @classmethod
    def _payment_timing(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = TIMING_ALIASES.get(value.strip(), value.strip())
        return _choice(value, PAYMENT_TIMINGS, "Choisissez des loyers à échoir ou à terme échu.")

    @field_validator("amount_basis", mode="before")
    @classmethod
    def _amount_basis(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper()
        return _choice(value, AMOUNT_BASES, "Indiquez des montants HT ou TTC.")

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        try:
            amount = Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError) as err:
            raise PydanticCustomError(
                "fr", "Indiquez un montant en euros, par exemple 12 500."
            ) from err
        # The upper bound depends on `amount_basis` (HT or TTC): see `_financing_errors`.
        if not MIN_AMOUNT <= amount <= MAX_AMOUNT_TTC:
            raise PydanticCustomError("fr", "Indiquez un montant entre 500 € et 5 000 000 €.")
        return amount

    @field_validator("consent", mode="before")
    @classmethod
    def _consent(cls, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        return value is not None and str(value).strip().lower() in TRUE_WORDS

    @property
    def email_normalized(self) -> str:
        """The key that links several requests of one person (never used to refuse one)."""
        return _normalized_email(self.email)

    @property
    def phone_e164(self) -> str | None:
        if self.phone is None:
            return None
        number = phonenumbers.parse(self.phone, "FR")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_lead(data: dict[str, Any]) -> Lead:
    """The validated lead, or `InvalidLead` with one French message per field to fix."""
    kind = data.get("kind")
    if kind not in KINDS:
        raise InvalidLead({"kind": "Type de demande inconnu : rechargez la page et réessayez."})
    if kind == "financement":
        data = simulation_from_page(data)
    errors = {name: MISSING[name] for name in missing_fields(kind, data) if name in MISSING}
    try:
        lead = Lead.model_validate(data)
    except ValidationError as err:
        for error in err.errors():
            name = str(error["loc"][0]) if error["loc"] else "kind"
            message = error["msg"] if error["type"] == "fr" else "Valeur non valide."
            errors.setdefault(name, message)
        raise InvalidLead(_in_form_order(errors)) from err
    errors.update(_financing_errors(lead))
    if errors:
        raise InvalidLead(_in_form_order(errors))
    return lead


def simulation_from_page(data: dict[str, Any]) -> dict[str, Any]:
    """Without JavaScript, the simulation comes from the address of the page.

    A link of the simulator's table leads to the form with the simulation in
    its query (`?formule=…&duree=…&mensualite=…`); the form is posted with the
    page's address (`page_url`, from `Referer` without JavaScript). Fields left
    empty are taken from it, and the simulated rent is kept only when the
    request is the one simulated (same formula, duration and amount).
    """
    if _filled(data.get("monthly_payment")):
        return data
    query = parse_qs(urlsplit(str(data.get("page_url") or "")).query)
    link = {field: query[param][0] for field, param in SIMULATION_PARAMS.items() if param in query}
    if "financing" not in link or "monthly_payment" not in link:
        return data
    data = dict(data)
    for field in ("financing", "duration", "amount"):
        if not _filled(data.get(field)) and field in link:
            data[field] = link[field]
    same = all(
        _same_text(data.get(field), link.get(field), numeric=field == "amount")
        for field in ("financing", "duration", "amount")
    )
    if same:
        for field in ("monthly_payment", "payment_timing", "residual_percent", "amount_basis"):
            if not _filled(data.get(field)) and field in link:
                data[field] = link[field]
    return data


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _same_text(value: Any, other: Any, numeric: bool = False) -> bool:
    if not _filled(value) or not _filled(other):
        return False
    if not numeric:
        return str(value).strip() == str(other).strip()
    clean = str.maketrans({" ": None, "\u202f": None, "\xa0": None, ",": "."})
    try:
        return Decimal(str(value).translate(clean)) == Decimal(str(other).translate(clean))
    except InvalidOperation:
        return False


def _financing_errors(lead: Lead) -> dict[str, str]:
    """Checks across fields of a financing simulation (amount and rent are in `amount_basis`)."""
    errors = {}
    if lead.amount is not None and lead.amount_basis != "TTC" and lead.amount > MAX_AMOUNT_HT:
        errors["amount"] = "Indiquez un montant entre 500 € et 5 000 000 €."
    if (
        lead.monthly_payment is not None
        and lead.amount is not None
        and lead.monthly_payment > lead.amount
    ):
        errors["monthly_payment"] = (
            "La mensualité simulée dépasse le montant financé : relancez la simulation."
        )
    return errors


def missing_fields(kind: str, data: dict[str, Any]) -> list[str]:
    """Required fields of this kind left empty (an unticked consent box counts as empty)."""
    missing = []
    for name in REQUIRED[kind]:
        value = data.get(name)
        if name == "consent":
            value = value if isinstance(value, bool) else str(value or "").lower() in TRUE_WORDS
        if value is None or value is False or (isinstance(value, str) and not value.strip()):
            missing.append(name)
    return missing


@lru_cache(maxsize=4096)
def _normalized_email(address: str) -> str:
    """Validated once per address: the validator and the store both need it."""
    return validate_email(address, check_deliverability=False).normalized.lower()


def _in_form_order(errors: dict[str, str]) -> dict[str, str]:
    order = {name: position for position, name in enumerate(LABELS)}
    return dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))


def _as_text(value: Any) -> str:
    """JSON may carry numbers where a form carries text; lists and objects are refused."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PydanticCustomError("fr", "Valeur non valide.")
    return str(value)


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def _limit(text: str, name: str) -> str:
    limit = MAX_LENGTH[name]
    if len(text) > limit:
        raise PydanticCustomError(
            "fr", "Ce champ est trop long ({limit} caractères au plus).", {"limit": limit}
        )
    return text


def _choice(value: Any, choices: dict, message: str) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if str(value) not in choices:
        raise PydanticCustomError("fr", message)
    return str(value)


def _decimal(value: Any, message: str) -> Decimal | None:
    """A decimal with at most two places (« 1 820,50 », « 1820.5 »), or the message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise PydanticCustomError("fr", message)
    text = str(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
        rounded = number.quantize(Decimal("0.01"))  # raises for NaN, infinity, 1E+40
    except InvalidOperation as err:
        raise PydanticCustomError("fr", message) from err
    if number != rounded:
        raise PydanticCustomError("fr", message)
    return rounded


def _whole(value: Any, low: int, high: int, message: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise PydanticCustomError("fr", message)
    try:
        number = int(str(value).strip())
    except ValueError as err:
        raise PydanticCustomError("fr", message) from err
    if not low <= number <= high:
        raise PydanticCustomError("fr", message)
    return number
