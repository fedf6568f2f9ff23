"""The canonical catalog: categories, suppliers, offers and merged products.

Every supplier format is converted into these models at the edge; nothing
after this stage knows about CSV headers, decimal commas or a supplier's
own category names. An `Offer` is one supplier's row, validated; a
`Product` is what a professional looks for: one device with every supplier's
offer for it.

`Offer` validates raw cell values itself (French numbers, GTIN check digit,
closed lists...), so a row goes from `dict` of raw cells to a typed offer in
one call, and each refused value comes back as a pydantic error whose message
is already the French sentence to show (see `mapping.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from . import parsing
from .parsing import InvalidValue
from .sanitize import sanitize_description, summary

HUNDRED = Decimal(100)
_CLASS_PREFIX = re.compile(r"^(classe|class)\s*")
_LPP_NOISE = re.compile(r"[\s.]")
_LPP = re.compile(r"\d{7}")
_IMAGE_SEPARATOR = re.compile(r"[|\n]")
_WEB = re.compile(r"^https?://", re.IGNORECASE)


class Condition(StrEnum):
    """State of the device sold: new, refurbished by a professional, or used as is."""

    NEUF = "neuf"
    RECONDITIONNE = "reconditionne"
    OCCASION = "occasion"

    @property
    def label(self) -> str:
        return {"neuf": "Neuf", "reconditionne": "Reconditionné", "occasion": "Occasion"}[self]

    @property
    def schema_org(self) -> str:
        return {
            "neuf": "https://schema.org/NewCondition",
            "reconditionne": "https://schema.org/RefurbishedCondition",
            "occasion": "https://schema.org/UsedCondition",
        }[self]


CONDITION_WORDS = {
    "neuf": Condition.NEUF, "neuve": Condition.NEUF, "new": Condition.NEUF,
    "n": Condition.NEUF,
    "reconditionne": Condition.RECONDITIONNE, "reconditionnee": Condition.RECONDITIONNE,
    "refurbished": Condition.RECONDITIONNE, "reconditioned": Condition.RECONDITIONNE,
    "remis a neuf": Condition.RECONDITIONNE, "r": Condition.RECONDITIONNE,
    "occasion": Condition.OCCASION, "d'occasion": Condition.OCCASION,
    "used": Condition.OCCASION, "second hand": Condition.OCCASION, "o": Condition.OCCASION,
}  # fmt: skip


class Availability(StrEnum):
    """How soon the supplier can ship: a short list every supplier's words map onto."""

    EN_STOCK = "en_stock"
    STOCK_LIMITE = "stock_limite"
    SUR_COMMANDE = "sur_commande"
    RUPTURE = "rupture"

    @property
    def label(self) -> str:
        return {
            "en_stock": "En stock",
            "stock_limite": "Stock limité",
            "sur_commande": "Sur commande",
            "rupture": "En rupture de stock",
        }[self]

    @property
    def schema_org(self) -> str:
        return {
            "en_stock": "https://schema.org/InStock",
            "stock_limite": "https://schema.org/LimitedAvailability",
            "sur_commande": "https://schema.org/BackOrder",
            "rupture": "https://schema.org/OutOfStock",
        }[self]


AVAILABILITY_WORDS = {
    "en stock": Availability.EN_STOCK, "stock": Availability.EN_STOCK,
    "disponible": Availability.EN_STOCK, "dispo": Availability.EN_STOCK,
    "in stock": Availability.EN_STOCK, "oui": Availability.EN_STOCK,
    "stock limite": Availability.STOCK_LIMITE, "stock faible": Availability.STOCK_LIMITE,
    "derniers articles": Availability.STOCK_LIMITE, "dernieres pieces": Availability.STOCK_LIMITE,
    "limited": Availability.STOCK_LIMITE,
    "sur commande": Availability.SUR_COMMANDE, "commande": Availability.SUR_COMMANDE,
    "a commander": Availability.SUR_COMMANDE, "en reapprovisionnement": Availability.SUR_COMMANDE,
    "on order": Availability.SUR_COMMANDE, "backorder": Availability.SUR_COMMANDE,
    "rupture": Availability.RUPTURE, "rupture de stock": Availability.RUPTURE,
    "en rupture": Availability.RUPTURE, "epuise": Availability.RUPTURE,
    "indisponible": Availability.RUPTURE, "out of stock": Availability.RUPTURE,
    "non": Availability.RUPTURE,
}  # fmt: skip


class MdrClass(StrEnum):
    """Risk class under the EU Medical Device Regulation 2017/745."""

    I = "I"  # noqa: E741
    IS = "Is"
    IM = "Im"
    IR = "Ir"
    IIA = "IIa"
    IIB = "IIb"
    III = "III"

    @property
    def label(self) -> str:
        return f"Classe {self.value}"


MDR_WORDS = {m.value.casefold(): m for m in MdrClass} | {
    "1": MdrClass.I, "1s": MdrClass.IS, "1m": MdrClass.IM, "1r": MdrClass.IR,
    "2a": MdrClass.IIA, "2b": MdrClass.IIB, "3": MdrClass.III,
}  # fmt: skip


class Category(BaseModel):
    """A node of our taxonomy (categories.yml).

    `path` lists the slugs from the root down to this one; `description` is
    sanitised HTML; `featured` categories are shown on the home page.
    """

    model_config = ConfigDict(frozen=True)

    slug: str
    name: str
    parent: str | None = None
    path: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    description: str = ""
    featured: bool = False
    line: int | None = None


class Supplier(BaseModel):
    """Who sells: the public part of supplier.yml, shown on the supplier's page."""

    model_config = ConfigDict(frozen=True)

    slug: str
    name: str
    website: str | None = None
    description: str = ""
    city: str | None = None
    order: int = 0


@dataclass(frozen=True, slots=True)
class OfferContext:
    """What validating a row needs besides its cells; passed as pydantic context.

    `resolve_category` turns a supplier's label into our slug (or raises
    `InvalidValue`); `supplier_dir` and `data_dir` locate image files.
    """

    supplier: str
    data_dir: Path
    supplier_dir: Path
    resolve_category: Callable[[str], str]
    decimal_mark: str | None = None
    existing_files: frozenset[str] = field(default_factory=frozenset)


def _ctx(info: ValidationInfo) -> OfferContext:
    return info.context["offer"]


class FieldSets:
    """One `model_fields_set` object per distinct set of fields, shared by the models.

    Pydantic gives every validated model a set of its own naming the fields
    its input had: 700 bytes an offer, 60 MB over 80,000 offers, copied again
    by each process that renders pages. The rows of a feed name the same
    fields, and a frozen model never changes its set (`model_copy` copies it
    first), so they can share one; pickle then stores it once per feed.
    """

    def __init__(self):
        self._known: dict[frozenset[str], set[str]] = {}

    def share(self, model: BaseModel) -> None:
        fields = model.__pydantic_fields_set__
        object.__setattr__(
            model, "__pydantic_fields_set__", self._known.setdefault(frozenset(fields), fields)
        )


class Offer(BaseModel):
    """One supplier's offer for a device, as validated from one feed row.

    Prices are excluding VAT (B2B); `price` None means « Prix sur devis ».
    `images` are https URLs or paths relative to the catalog data directory.
    `line` and `source` say where the row came from, for later messages;
    `digest` fingerprints the row's values, so that an incremental build
    knows whether pages showing this offer must be made again.
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    supplier: str
    source: str
    line: int
    sku: str
    title: str
    brand: str
    category: str
    description: str
    gtin: str | None = None
    mpn: str | None = None
    price: Decimal | None = None
    vat_rate: Decimal = Decimal(20)
    condition: Condition = Condition.NEUF
    availability: Availability | None = None
    lead_time_days: int | None = None
    mdr_class: MdrClass | None = None
    lpp_code: str | None = None
    warranty_months: int | None = None
    images: tuple[str, ...] = Field(default=(), validation_alias="image")
    financing: bool = False
    url: str | None = None
    min_order_quantity: int = 1
    digest: str = ""

    @field_validator("sku", "title", "brand", "mpn", mode="before")
    @classmethod
    def _text(cls, value: object) -> str:
        return parsing.text(value)

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: object, info: ValidationInfo) -> str:
        return _ctx(info).resolve_category(parsing.text(value))

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: object) -> str:
        if not isinstance(value, str):
            raise InvalidValue("un texte était attendu.")
        return sanitize_description(value)

    @field_validator("gtin", mode="before")
    @classmethod
    def _gtin(cls, value: object) -> str:
        return parsing.parse_gtin(value)

    @field_validator("price", mode="before")
    @classmethod
    def _price(cls, value: object, info: ValidationInfo) -> Decimal | None:
        return parsing.parse_price(value, _ctx(info).decimal_mark)

    @field_validator("vat_rate", mode="before")
    @classmethod
    def _vat_rate(cls, value: object, info: ValidationInfo) -> Decimal:
        return parsing.parse_vat_rate(value, _ctx(info).decimal_mark)

    @field_validator("condition", mode="before")
    @classmethod
    def _condition(cls, value: object) -> Condition:
        return parsing.parse_choice(
            value, CONDITION_WORDS, "état inconnu", "neuf, reconditionné ou occasion"
        )

    @field_validator("availability", mode="before")
    @classmethod
    def _availability(cls, value: object) -> Availability:
        return parsing.parse_choice(
            value,
            AVAILABILITY_WORDS,
            "disponibilité inconnue",
            "en stock, stock limité, sur commande ou rupture",
        )

    @field_validator("mdr_class", mode="before")
    @classmethod
    def _mdr_class(cls, value: object) -> MdrClass:
        word = _CLASS_PREFIX.sub("", parsing.fold(str(value))).replace(" ", "")
        if word not in MDR_WORDS:
            raise InvalidValue(
                f"{parsing.quote(value)} : classe MDR inconnue "
                "(attendu : I, Is, Im, Ir, IIa, IIb ou III)."
            )
        return MDR_WORDS[word]

    @field_validator("lpp_code", mode="before")
    @classmethod
    def _lpp_code(cls, value: object) -> str:
        code = _LPP_NOISE.sub("", str(value))
        if not _LPP.fullmatch(code):
            raise InvalidValue(f"{parsing.quote(value)} : un code LPP compte 7 chiffres.")
        return code

    @field_validator("lead_time_days", mode="before")
    @classmethod
    def _lead_time(cls, value: object) -> int:
        return parsing.parse_count(value, "jours")

    @field_validator("warranty_months", mode="before")
    @classmethod
    def _warranty(cls, value: object) -> int:
        return parsing.parse_count(value, "mois")

    @field_validator("min_order_quantity", mode="before")
    @classmethod
    def _min_order(cls, value: object) -> int:
        return parsing.parse_count(value, "unités", minimum=1)

    @field_validator("financing", mode="before")
    @classmethod
    def _financing(cls, value: object) -> bool:
        return parsing.parse_bool(value)

    @field_validator("url", mode="before")
    @classmethod
    def _url(cls, value: object) -> str:
        return parsing.parse_url(value)

    @field_validator("images", mode="before")
    @classmethod
    def _images(cls, value: object, info: ValidationInfo) -> tuple[str, ...]:
        items = value if isinstance(value, list) else _IMAGE_SEPARATOR.split(str(value))
        return tuple(_image(str(item).strip(), _ctx(info)) for item in items if str(item).strip())

    @property
    def gtin13(self) -> str | None:
        return parsing.gtin13(self.gtin) if self.gtin else None

    @property
    def anchor(self) -> str:
        """The id of this offer's row on the product page."""
        return f"offre-{self.supplier}-{parsing.slugify(self.sku) or 'x'}"

    @property
    def price_ttc(self) -> Decimal | None:
        """Price including VAT, rounded to the cent, for comparison only."""
        if self.price is None:
            return None
        return (self.price * (HUNDRED + self.vat_rate) / HUNDRED).quantize(
            parsing.CENT, rounding=ROUND_HALF_UP
        )


def _image(item: str, ctx: OfferContext) -> str:
    """An https URL as is, or a file inside the supplier's folder, relative to the data dir."""
    if _WEB.match(item):
        return parsing.parse_url(item, schemes=("https",))
    relative = Path(item.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts:
        raise InvalidValue(
            f"{parsing.quote(item)} : l’image doit être dans le dossier du fournisseur."
        )
    if relative.suffix.lower() not in {".jpg", ".jpeg", ".png", ".webp"}:
        raise InvalidValue(f"{parsing.quote(item)} : image JPEG, PNG ou WebP attendue.")
    if relative.as_posix() not in ctx.existing_files:
        raise InvalidValue(
            f"{parsing.quote(item)} : fichier introuvable dans le dossier du fournisseur."
        )
    return (ctx.supplier_dir / relative).relative_to(ctx.data_dir).as_posix()


class Product(BaseModel):
    """One device and every supplier's offer for it, merged (see `merge.py`).

    `key` is the identity used for merging (`gtin:…`, `mpn:…` or `sku:…`);
    `sku` is the reference of the offer that describes it best; `offers` are sorted by price excluding VAT, « Prix sur devis » last.
    """

    model_config = ConfigDict(frozen=True)

    slug: str
    key: str
    sku: str
    title: str
    brand: str
    category: str
    description: str
    gtin: str | None = None
    mpn: str | None = None
    mdr_class: MdrClass | None = None
    lpp_code: str | None = None
    images: tuple[str, ...] = ()
    offers: tuple[Offer, ...]
    price_min: Decimal | None = None
    price_max: Decimal | None = None

    @property
    def gtin13(self) -> str | None:
        return parsing.gtin13(self.gtin) if self.gtin else None

    @cached_property
    def suppliers(self) -> list[str]:
        """Slugs of the suppliers offering it, without repeats, in offer order."""
        return list(dict.fromkeys(o.supplier for o in self.offers))

    @cached_property
    def conditions(self) -> list[Condition]:
        """Its offers' conditions, in the order neuf, reconditionné, occasion."""
        return [c for c in Condition if any(o.condition is c for o in self.offers)]

    @cached_property
    def summary(self) -> str:
        """Plain text (to be escaped) for meta descriptions and JSON-LD; computed once."""
        return summary(self.description)

    @property
    def financing(self) -> bool:
        return any(o.financing for o in self.offers)
