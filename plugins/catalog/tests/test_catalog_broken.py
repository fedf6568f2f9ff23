"""tests/data/broken_catalog breaks every rule once: catalog-check must say exactly this."""

from pathlib import Path

from catalog.catalog import load_catalog
from catalog.check import main

BROKEN = Path(__file__).resolve().parents[3] / "tests" / "data" / "broken_catalog"
ALPHA = "suppliers/alpha/catalogue.csv"

EXPECTED = [
    f"{ALPHA}:5: title: champ obligatoire vide (colonne « Désignation »).",
    f"{ALPHA}:6: gtin: « 2991000010078 » n’est pas un GTIN valide (chiffre de contrôle attendu : 7).",
    f"{ALPHA}:7: gtin: « 29910000100 » n’est pas un GTIN valide (11 chiffres ; attendu : 8, 12, 13 ou 14).",
    f"{ALPHA}:8: gtin: « 2,99100E+12 » : le tableur a converti le GTIN en nombre scientifique ; "
    "formatez la colonne en texte.",
    f"{ALPHA}:9: price: « -119,00 € » : un prix ne peut pas être négatif.",
    f"{ALPHA}:10: price: « environ 100 € » n’est pas un prix lisible (exemple attendu : 1 234,50).",
    f"{ALPHA}:11: price: « 0,00 € » : un prix nul n’est pas accepté ; laissez la case vide pour "
    "« Prix sur devis ».",
    f"{ALPHA}:12: category: « Stérilisation » : catégorie inconnue ; associez ce libellé à une "
    "catégorie de categories.yml sous categories: dans supplier.yml.",
    f"{ALPHA}:13: condition: « Abîmé » : état inconnu (attendu : neuf, reconditionné ou occasion).",
    f"{ALPHA}:14: mdr_class: « IV » : classe MDR inconnue (attendu : I, Is, Im, Ir, IIa, IIb ou III).",
    f"{ALPHA}:15: sku: « OK-1 » : référence déjà utilisée ligne 2 ; chaque référence doit être "
    "unique chez un fournisseur.",
    f"{ALPHA}:16: vat_rate: « 19,6 % » n’est pas un taux de TVA français (attendu : 0, 2,1, 5,5, "
    "10 ou 20 %).",
    f"{ALPHA}:17: availability: « Bientôt » : disponibilité inconnue (attendu : en stock, stock "
    "limité, sur commande ou rupture).",
    f"{ALPHA}:18: lead_time_days: « rapide » : un nombre entier de jours était attendu.",
    f"{ALPHA}:19: lpp_code: « 11572 » : un code LPP compte 7 chiffres.",
    f"{ALPHA}:20: warranty_months: « à vie » : un nombre entier de mois était attendu.",
    f"{ALPHA}:21: image: « photos/absente.jpg » : fichier introuvable dans le dossier du fournisseur.",
    f"{ALPHA}:22: financing: « peut-être » : « oui » ou « non » était attendu.",
    f"{ALPHA}:23: la ligne compte 17 colonnes alors que l’en-tête en compte 16 (séparateur : "
    "point-virgule) ; un guillemet ou un séparateur est sans doute en trop ou manquant.",
    "suppliers/beta/supplier.yml:12: columns.prix: « prix » n’est pas un champ du catalogue "
    "(champs possibles : sku, title, brand, category, description, gtin, mpn, price, vat_rate, "
    "condition, availability, lead_time_days, mdr_class, lpp_code, warranty_months, image, "
    "financing, url, min_order_quantity).",
    "suppliers/beta/supplier.yml:13: columns.gtin: colonne « code_ean » absente de tarif.csv "
    "(colonnes trouvées : « reference », « libelle », « marque », « famille », « texte », "
    "« prix_ht »).",
    "suppliers/beta/supplier.yml:15: categories.Tensio: « tensiometre » n’est pas un slug de "
    "categories.yml.",
    "suppliers/delta/produits.json:11: un objet JSON ({ … }) était attendu ici.",
    "suppliers/gamma/supplier.yml: fichier introuvable : chaque dossier de suppliers/ décrit son "
    "fournisseur dans un supplier.yml.",
]


def test_broken_catalog_yields_exactly_the_expected_messages():
    result = load_catalog(BROKEN)
    assert [problem.format(BROKEN) for problem in result.problems] == EXPECTED


def test_broken_catalog_counts_and_exit_code(capsys, monkeypatch):
    monkeypatch.chdir(BROKEN)
    assert main(".") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[: len(EXPECTED)] == EXPECTED
    assert lines[len(EXPECTED) :] == [
        "2 fournisseurs, 23 lignes lues, 3 acceptées, 20 rejetées.",
        "2 fichiers en erreur (fournisseur ou catégories ignorés).",
        "2 produits après fusion, 3 offres.",
    ]


def test_valid_rows_of_the_broken_catalog_still_load():
    result = load_catalog(BROKEN)
    assert sorted(o.sku for p in result.products for o in p.offers) == ["D1", "OK-1", "OK-2"]
    (merged,) = [p for p in result.products if len(p.offers) == 2]
    assert merged.suppliers == ["alpha", "delta"]
