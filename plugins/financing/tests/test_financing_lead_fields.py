"""A financing lead keeps the simulation the person saw, or says in French what is wrong.

`leads` is the service's package; it does not import this plugin (it must run
without Pelican), so these tests hold the two to the same rules.
"""

from decimal import Decimal

import pytest

from leads.models import InvalidLead, parse_lead

BASE = {
    "kind": "financement",
    "name": "Claire Dumas",
    "email": "claire.dumas@cabinet-exemple.fr",
    "amount": "4 000,00",
    "duration": "60",
    "financing": "credit-bail",
}


def test_the_simulation_is_kept_with_canonical_values():
    lead = parse_lead(
        {
            **BASE,
            "monthly_payment": "72.82",
            "payment_timing": "a-echoir",
            "residual_percent": "1",
            "amount_basis": "ht",
            "offer": "alpha-medical:AM-10308",
        }
    )
    assert lead.monthly_payment == Decimal("72.82")
    assert lead.payment_timing == "advance"
    assert lead.residual_percent == Decimal("1.00")
    assert lead.amount_basis == "HT"
    assert lead.offer == "alpha-medical:AM-10308"


def test_any_whole_duration_from_24_to_84_months():
    assert parse_lead({**BASE, "duration": "24"}).duration == 24
    assert parse_lead({**BASE, "duration": "37"}).duration == 37
    assert parse_lead({**BASE, "duration": "84"}).duration == 84


def test_a_lead_without_simulation_is_still_accepted():
    lead = parse_lead(BASE)
    assert lead.monthly_payment is None and lead.payment_timing is None


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("duration", "23", "Indiquez une durée entière entre 24 et 84 mois."),
        ("duration", "85", "Indiquez une durée entière entre 24 et 84 mois."),
        ("duration", "soixante", "Indiquez une durée entière entre 24 et 84 mois."),
        ("amount", "", "Indiquez le montant à financer."),
        ("amount", "quatre mille", "Indiquez un montant en euros, par exemple 12 500."),
        ("amount", "499,99", "Indiquez un montant entre 500 € et 5 000 000 €."),
        ("amount", "5000000,01", "Indiquez un montant entre 500 € et 5 000 000 €."),
        (
            "monthly_payment",
            "abc",
            "La mensualité simulée n’est pas valide : relancez la simulation.",
        ),
        (
            "monthly_payment",
            "72,825",
            "La mensualité simulée n’est pas valide : relancez la simulation.",
        ),
        (
            "monthly_payment",
            "1e40",
            "La mensualité simulée n’est pas valide : relancez la simulation.",
        ),
        (
            "monthly_payment",
            "4000,01",
            "La mensualité simulée dépasse le montant financé : relancez la simulation.",
        ),
        ("payment_timing", "mensuel", "Choisissez des loyers à échoir ou à terme échu."),
        ("residual_percent", "31", "Indiquez une valeur résiduelle entre 0 et 30\u00a0%."),
        ("residual_percent", "-1", "Indiquez une valeur résiduelle entre 0 et 30\u00a0%."),
        ("amount_basis", "EUR", "Indiquez des montants HT ou TTC."),
    ],
)
def test_wrong_values_get_a_french_message_on_their_field(field, value, message):
    with pytest.raises(InvalidLead) as err:
        parse_lead({**BASE, field: value})
    assert err.value.errors == {field: message}


def test_ttc_amounts_may_exceed_the_ht_maximum_by_the_vat():
    lead = parse_lead({**BASE, "amount": "6000000", "amount_basis": "TTC"})
    assert lead.amount == Decimal("6000000.00")
    with pytest.raises(InvalidLead):
        parse_lead({**BASE, "amount": "6000000,01", "amount_basis": "TTC"})


LINK = (
    "https://www.medimarche.example/catalogue/produits/table/?formule=credit-bail&duree=60"
    "&echeance=a-echoir&vr=1&base=ht&montant=4000.00&mensualite=72.82&offre=a%3AB"
)


def test_without_javascript_the_simulation_comes_from_the_page_address():
    data = {**BASE, "duration": "", "financing": "", "page_url": LINK}
    lead = parse_lead(data)
    assert (lead.financing, lead.duration, lead.amount) == ("credit-bail", 60, Decimal("4000.00"))
    assert lead.monthly_payment == Decimal("72.82") and lead.payment_timing == "advance"
    assert lead.residual_percent == Decimal("1.00") and lead.amount_basis == "HT"


def test_a_request_that_differs_from_the_simulation_does_not_keep_its_rent():
    lead = parse_lead({**BASE, "duration": "48", "page_url": LINK})
    assert lead.duration == 48 and lead.monthly_payment is None
    lead = parse_lead({**BASE, "amount": "5 000", "page_url": LINK})
    assert lead.monthly_payment is None
