"""Financing in the templates: « à partir de … €/mois », the no-JS table, the simulator's data.

Everything a page shows is computed by `formula.py`, the same reference the
live simulator (`theme/static/js/financing.js`) mirrors, with the rates of
the `FINANCING` setting. Per product this is a few multiplications: the
discount factors are computed once per rate and duration.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache, partial
from types import SimpleNamespace
from urllib.parse import quote

from frenchformat import french_price
from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican import signals

from .formula import FORMULAS, monthly_payment, rent_for, residual_value, with_vat
from .settings import FinancingSettings, FinancingSettingsError, read_settings

logger = logging.getLogger(__name__)

FORMULA_LABELS = {
    "comptant": "Achat comptant",
    "credit-bail": "Crédit-bail",
    "location-financiere": "Location financière",
}


_READ: dict[str, FinancingSettings] = {}

# Stand-ins for what differs between product pages in the financing request
# form: rendered once with them, the form is then filled by string replacement.
# Private-use characters survive escaping and cannot occur in catalog text.
_TITLE, _SLUG, _SUPPLIER, _SKU = ("\ue000" + name + "\ue001" for name in ("t", "s", "f", "r"))
_PRICE = Decimal("9876543210.98")
_PRICE_TEXT = "9876543210,98"


def as_financing_settings(settings) -> FinancingSettings:
    """A `FinancingSettings`, from itself or from Pelican's settings dict (read once)."""
    if isinstance(settings, FinancingSettings):
        return settings
    given = settings.get("FINANCING") or {}
    key = repr(given)
    if key not in _READ:
        _READ[key] = read_settings({"FINANCING": given})
    return _READ[key]


def monthly_from(price_ht: Decimal | None, settings) -> Decimal | None:
    """The lowest monthly rent HT for this price, or None below the threshold.

    The public entry point for other plugins (search results, cards): the
    smallest rent over every standard duration and both formulas, with the
    default timing and residual value, rounded half-up to the cent.
    """
    fs = as_financing_settings(settings)
    if price_ht is None or not max(fs.threshold, fs.min_amount) <= price_ht <= fs.max_amount:
        return None
    amount = Decimal(price_ht)
    return min(
        monthly_payment(
            amount,
            fs.rate(formula, months),
            months,
            fs.timing,
            fs.residual_percent if formula == "credit-bail" else Decimal(0),
        )
        for months in fs.durations
        for formula in FORMULAS
    )


def per_month_text(monthly: Decimal) -> str:
    """« à partir de 79 €/mois HT »: whole euros, rounded up so it never understates."""
    euros = int(monthly.to_integral_value(rounding=ROUND_CEILING))
    grouped = f"{euros:,}".replace(",", "\u202f")
    return f"à partir de {grouped}\u00a0€/mois\u00a0HT"


@dataclass(frozen=True, slots=True)
class Cell:
    rent: Decimal  # HT
    rent_ttc: Decimal
    rent_text: str  # « 72,82 € HT »
    rent_ttc_text: str
    query: str  # pre-fills the financing request form (see forms.js)


@dataclass(frozen=True, slots=True)
class TableRow:
    months: int
    cells: dict[str, Cell]  # formula -> its rent


class Financing:
    """What templates call, bound to one build's validated settings."""

    def __init__(self, settings: FinancingSettings, env=None):
        self.settings = settings
        self.env = env
        self._fragments: dict[tuple, Markup] = {}
        self._forms: dict[tuple, str] = {}
        # A product's rents serve its card and its page's table, rendered close together:
        # a few thousand prices are enough, and a large catalog holds far more.
        self._standard_rents = lru_cache(maxsize=4096)(self._standard_rents)
        self._rates = {
            (formula, months): settings.rate(formula, months)
            for formula in FORMULAS
            for months in settings.durations
        }

    def offers(self, product) -> list:
        """The offers of `product` eligible for the simulator (priced, from the threshold)."""
        fs = self.settings
        return [
            o
            for o in product.offers
            if o.price is not None
            and fs.threshold <= o.price
            and fs.min_amount <= o.price
            and o.price <= fs.max_amount
        ]

    def _standard_rents(self, amount_ht: Decimal) -> dict[tuple[str, int], Decimal]:
        """(formula, months) -> rent HT with the default timing and residual (cached by price)."""
        fs = self.settings
        residuals = {
            "credit-bail": residual_value(amount_ht, fs.residual_percent),
            "location-financiere": Decimal(0),
        }
        return {
            (formula, months): rent_for(amount_ht, residuals[formula], rate, months, fs.timing)
            for (formula, months), rate in self._rates.items()
        }

    def monthly_from(self, product) -> Decimal | None:
        """`monthly_from` for the cheapest eligible offer (shares the page table's rents)."""
        offers = self.offers(product)
        if not offers:
            return None
        return min(self._standard_rents(offers[0].price).values())

    def from_text(self, product) -> str:
        """« à partir de 79 €/mois HT », or "" when no offer qualifies."""
        monthly = self.monthly_from(product)
        return per_month_text(monthly) if monthly is not None else ""

    def table(self, amount_ht: Decimal, vat_rate: Decimal, offer: str = "") -> list[TableRow]:
        """Rents for the standard durations: the page's table without JavaScript.

        Each cell carries the query string of its « Demander ce financement »
        link, `?formule=…&duree=…&echeance=…&vr=…&base=ht&montant=…&mensualite=…&offre=…`;
        built with plain strings, as urlencode would cost more than the rest.
        """
        fs = self.settings
        amount_ht = Decimal(amount_ht)
        rents = self._standard_rents(amount_ht)
        tail = f"&base=ht&montant={amount_ht}" + (
            f"&offre={quote(offer, safe='')}" if offer else ""
        )
        residuals = {"credit-bail": fs.residual_percent, "location-financiere": 0}
        rows = []
        for months in fs.durations:
            cells = {}
            for formula in FORMULAS:
                rent = rents[formula, months]
                ttc = with_vat(rent, vat_rate)
                query = (
                    f"?formule={formula}&duree={months}&echeance={fs.timing}"
                    f"&vr={residuals[formula]}{tail}&mensualite={rent}"
                )
                cells[formula] = Cell(
                    rent, ttc, french_price(rent, "HT"), french_price(ttc, "TTC"), query
                )
            rows.append(TableRow(months, cells))
        return rows

    def table_rows(
        self, amount_ht: Decimal, vat_rate: Decimal, offer: str, request_url: str, anchor: str
    ) -> Markup:
        """The `<tr>` rows of the table without JavaScript, written here in one go.

        The same markup through Jinja costs ten times more (two hundred escapes
        a page), on every product page of the catalog.
        """
        url, hash_ = escape(request_url), escape(anchor)
        lines = []
        for row in self.table(amount_ht, vat_rate, offer):
            lines.append(f'<tr data-months="{row.months}">')
            lines.append(f'<th scope="row">{row.months}\u00a0mois</th>')
            for formula, cell in row.cells.items():
                label = FORMULA_LABELS[formula].lower()
                lines.append(
                    f'<td data-formula="{formula}" data-monthly-ht="{cell.rent}" '
                    f'data-monthly-ttc="{cell.rent_ttc}">'
                    f'<span class="financing__rent">{cell.rent_text}</span> '
                    f'<span class="financing__rent-ttc">{cell.rent_ttc_text}</span> '
                    f'<a class="financing__ask" href="{url}{escape(cell.query)}#{hash_}">'
                    f'Demander ce financement<span class="visually-hidden"> : {label} sur '
                    f"{row.months}\u00a0mois</span></a></td>"
                )
            lines.append("</tr>")
        return Markup("\n".join(lines))

    @staticmethod
    def with_vat(amount_ht: Decimal, vat_rate: Decimal) -> Decimal:
        return with_vat(Decimal(amount_ht), Decimal(vat_rate))

    def fragment(self, template: str, **variables) -> Markup:
        """A piece of the simulator no product changes, rendered once per variables.

        The form's fields and the comparison table are the same on thousands
        of product pages; rendering them once keeps a page's cost to its table.
        """
        key = (template, *sorted(variables.items()))
        html = self._fragments.get(key)
        if html is None:
            rendered = self.env.get_template(template).render(
                financing=self, financing_labels=FORMULA_LABELS, **variables
            )
            html = self._fragments[key] = Markup(rendered)
        return html

    def request_form(self, context, product, offer) -> Markup:
        """`partials/forms/financing.html` for this product and offer, at the cost of a copy.

        A full lead form on each of thousands of product pages cost more than
        the rest of the simulator; it is rendered once per SITEURL and
        endpoint, with stand-ins replaced here by the product's own values.
        """
        key = (context.get("SITEURL"), context.get("LEADS_ENDPOINT"))
        html = self._forms.get(key)
        if html is None:
            stand_in_product = SimpleNamespace(title=_TITLE, slug=_SLUG)
            stand_in_offer = SimpleNamespace(supplier=_SUPPLIER, sku=_SKU, price=_PRICE)
            template = self.env.get_template("partials/forms/financement.html")
            html = template.render(
                {**context.get_all(), "product": stand_in_product, "offer": stand_in_offer}
            )
            html = self._forms[key] = html
        return Markup(
            html.replace(_TITLE, escape(product.title))
            .replace(_SLUG, escape(product.slug))
            .replace(_SUPPLIER, escape(offer.supplier))
            .replace(_SKU, escape(offer.sku))
            .replace(_PRICE_TEXT, f"{offer.price:.2f}".replace(".", ","))
        )

    def config_json(self) -> Markup:
        """The simulator's settings for financing.js, safe inside an HTML attribute."""
        return Markup.escape(json.dumps(self.settings.as_json(), separators=(",", ":")))


def add_to_templates(generator) -> None:
    """Expose `financing` (a `Financing`) and the formula labels to every template."""
    if "financing" not in generator.settings.get("PLUGINS", []):
        return
    try:
        fs = read_settings(generator.settings)
    except FinancingSettingsError as err:
        logger.error("%s", err)
        raise
    financing = Financing(fs, generator.env)
    generator.env.globals.update(
        financing=financing,
        financing_labels=FORMULA_LABELS,
        # pass_context marks a function, not a bound method: bind through partial.
        financing_request_form=pass_context(partial(Financing.request_form, financing)),
    )


def register() -> None:
    signals.generator_init.connect(add_to_templates)
