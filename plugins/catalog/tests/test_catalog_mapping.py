"""Rows to offers through a supplier's mapping: every field, defaults, and refusals."""

from decimal import Decimal

from catalog.catalog import load_catalog
from catalog.model import Availability, Condition, MdrClass

FULL_YML = """\
name: Alpha Médical
website: https://alpha.example
feed:
  file: catalogue.csv
columns:
  sku: Réf.
  title: Désignation
  brand: Marque
  category: Famille
  description: Descriptif
  gtin: EAN
  mpn: Réf. fabricant
  price: Prix HT
  vat_rate: TVA
  condition: État
  availability: Dispo
  lead_time_days: Délai
  mdr_class: Classe
  lpp_code: LPP
  warranty_months: Garantie
  image: Photo
  financing: Financement
  url: Lien
  min_order_quantity: Minimum
categories:
  Tensiomètres: tensiometres
"""
FULL_HEADER = (
    "Réf.;Désignation;Marque;Famille;Descriptif;EAN;Réf. fabricant;Prix HT;TVA;État;Dispo;"
    "Délai;Classe;LPP;Garantie;Photo;Financement;Lien;Minimum\n"
)


def offers_of(result):
    return [offer for product in result.products for offer in product.offers]


def test_a_full_row_becomes_a_typed_offer(catalog_dir):
    catalog_dir.write("suppliers/alpha/photos/tb500.jpg", b"\xff\xd8fake")
    catalog_dir.supplier(
        "alpha",
        FULL_HEADER
        + "A1;Tensiomètre  TB-500;Tensalys;TENSIOMÈTRES;Bras;2991000010077;TB-500;1 234,50 €;20,0 %;"
        "Reconditionné;Dernières pièces;5 à 7 jours;classe IIa;1 157 210;2 ans;photos/tb500.jpg;oui;"
        "https://alpha.example/a1;2\n",
        yml=FULL_YML,
    )
    result = load_catalog(catalog_dir.root)
    assert result.problems == []
    (offer,) = offers_of(result)
    assert offer.supplier == "alpha"
    assert offer.line == 2
    assert offer.title == "Tensiomètre TB-500"
    assert offer.category == "tensiometres"
    assert offer.description == "<p>Bras</p>"
    assert (offer.gtin, offer.gtin13, offer.mpn) == ("2991000010077", "2991000010077", "TB-500")
    assert (offer.price, offer.vat_rate, offer.price_ttc) == (
        Decimal("1234.50"),
        Decimal("20"),
        Decimal("1481.40"),
    )
    assert offer.condition is Condition.RECONDITIONNE
    assert offer.availability is Availability.STOCK_LIMITE
    assert (offer.lead_time_days, offer.warranty_months, offer.min_order_quantity) == (7, 24, 2)
    assert offer.mdr_class is MdrClass.IIA
    assert offer.lpp_code == "1157210"
    assert offer.images == ("suppliers/alpha/photos/tb500.jpg",)
    assert offer.financing is True
    assert offer.url == "https://alpha.example/a1"


def test_optional_fields_default_and_empty_price_means_on_quote(catalog_dir):
    catalog_dir.supplier(
        "alpha",
        "Réf.;Désignation;Marque;Famille;Descriptif;price\nA1;Otoscope;Otovia;Stéthos;Texte;\n",
    )
    result = load_catalog(catalog_dir.root)
    assert result.problems == []
    (offer,) = offers_of(result)
    assert offer.price is None and offer.price_ttc is None
    assert (offer.vat_rate, offer.condition, offer.availability) == (
        Decimal(20),
        Condition.NEUF,
        None,
    )
    assert (offer.financing, offer.min_order_quantity, offer.images) == (False, 1, ())


def test_supplier_defaults_fill_empty_cells(catalog_dir):
    catalog_dir.supplier(
        "renov",
        "Réf.;Désignation;Marque;Famille;Descriptif;condition\n"
        "R1;Autoclave;Steriva;autoclaves;Texte;\n"
        "R2;Autoclave;Steriva;autoclaves;Texte;occasion\n",
        extra_yml="defaults:\n  condition: reconditionné\n  warranty_months: 12\n",
    )
    result = load_catalog(catalog_dir.root)
    assert result.problems == []
    assert sorted((o.sku, o.condition.value, o.warranty_months) for o in offers_of(result)) == [
        ("R1", "reconditionne", 12),
        ("R2", "occasion", 12),
    ]


def test_headers_named_like_canonical_fields_need_no_mapping(catalog_dir):
    catalog_dir.supplier(
        "plain",
        "sku,title,brand,category,description,Price\nP1,Stéthoscope,Stetho Lab,stethoscopes,Texte,89.90\n",
        yml="name: Plain\nfeed:\n  file: catalogue.csv\n",
    )
    result = load_catalog(catalog_dir.root)
    assert result.problems == []
    assert offers_of(result)[0].price == Decimal("89.90")  # headers match without case


def test_category_labels_match_mapping_without_case_or_accents_or_our_slugs(catalog_dir):
    catalog_dir.supplier(
        "alpha",
        "Réf.;Désignation;Marque;Famille;Descriptif\n"
        "A1;T;B;tensiometres;D\nA2;T;B;  TENSIOMETRES ;D\nA3;T;B;stethos;D\nA4;T;B;Autoclaves;D\n",
    )
    result = load_catalog(catalog_dir.root)
    assert sorted((o.sku, o.category) for o in offers_of(result)) == [
        ("A1", "tensiometres"),
        ("A2", "tensiometres"),
        ("A3", "stethoscopes"),
    ]
    assert [p.format(catalog_dir.root) for p in result.problems] == [
        "suppliers/alpha/catalogue.csv:5: category: « Autoclaves » : catégorie inconnue ; associez ce "
        "libellé à une catégorie de categories.yml sous categories: dans supplier.yml."
    ]


def test_every_problem_of_a_row_is_reported_once_and_the_row_counted_once(catalog_dir):
    catalog_dir.supplier(
        "alpha",
        FULL_HEADER
        + "A1;;Tensalys;Tensiomètres;Texte;123;;-3;19,6;abîmé;bientôt;;IV;12345;;;peut-être;ftp://x;0\n",
        yml=FULL_YML,
    )
    result = load_catalog(catalog_dir.root)
    assert (result.rows_read, result.accepted, result.rejected) == (1, 0, 1)
    assert [(p.field, p.value, p.message) for p in result.problems] == [
        ("title", None, "champ obligatoire vide (colonne « Désignation »)."),
        (
            "gtin",
            "123",
            "« 123 » n’est pas un GTIN valide (3 chiffres ; attendu : 8, 12, 13 ou 14).",
        ),
        ("price", "-3", "« -3 » : un prix ne peut pas être négatif."),
        (
            "vat_rate",
            "19,6",
            "« 19,6 » n’est pas un taux de TVA français (attendu : 0, 2,1, 5,5, 10 ou 20 %).",
        ),
        (
            "condition",
            "abîmé",
            "« abîmé » : état inconnu (attendu : neuf, reconditionné ou occasion).",
        ),
        (
            "availability",
            "bientôt",
            "« bientôt » : disponibilité inconnue (attendu : en stock, stock limité, sur commande ou rupture).",
        ),
        (
            "mdr_class",
            "IV",
            "« IV » : classe MDR inconnue (attendu : I, Is, Im, Ir, IIa, IIb ou III).",
        ),
        ("lpp_code", "12345", "« 12345 » : un code LPP compte 7 chiffres."),
        ("financing", "peut-être", "« peut-être » : « oui » ou « non » était attendu."),
        ("url", "ftp://x", "« ftp://x » : une adresse web complète (https://…) était attendue."),
        ("min_order_quantity", "0", "« 0 » : au moins 1 attendu."),
    ]


def test_duplicate_sku_is_refused_after_the_first(catalog_dir):
    catalog_dir.supplier(
        "alpha",
        "Réf.;Désignation;Marque;Famille;Descriptif\nA1;T;B;stethos;D\nA2;T;B;stethos;D\n a1 ;T;B;stethos;D\n",
    )
    result = load_catalog(catalog_dir.root)
    assert result.accepted == 2
    assert [p.format(catalog_dir.root) for p in result.problems] == [
        "suppliers/alpha/catalogue.csv:4: sku: « a1 » : référence déjà utilisée ligne 2 ; "
        "chaque référence doit être unique chez un fournisseur."
    ]


def test_images_must_exist_in_the_supplier_folder_or_be_https(catalog_dir):
    catalog_dir.write("suppliers/alpha/img/ok.png", b"\x89PNG")
    catalog_dir.write("secret.jpg", b"\xff\xd8")
    catalog_dir.supplier(
        "alpha",
        "Réf.;Désignation;Marque;Famille;Descriptif;image\n"
        "A1;T;B;stethos;D;img/ok.png | https://cdn.alpha.example/a1.jpg\n"
        "A2;T;B;stethos;D;img/absente.png\n"
        "A3;T;B;stethos;D;../../secret.jpg\n"
        "A4;T;B;stethos;D;http://cdn.alpha.example/a4.jpg\n"
        "A5;T;B;stethos;D;img/notice.pdf\n",
    )
    result = load_catalog(catalog_dir.root)
    (offer,) = offers_of(result)
    assert offer.images == ("suppliers/alpha/img/ok.png", "https://cdn.alpha.example/a1.jpg")
    assert [(p.line, p.message) for p in result.problems] == [
        (3, "« img/absente.png » : fichier introuvable dans le dossier du fournisseur."),
        (4, "« ../../secret.jpg » : l’image doit être dans le dossier du fournisseur."),
        (
            5,
            "« http://cdn.alpha.example/a4.jpg » : une adresse web complète (https://…) était attendue.",
        ),
        (6, "« img/notice.pdf » : image JPEG, PNG ou WebP attendue."),
    ]


def test_json_values_keep_their_types(catalog_dir):
    catalog_dir.supplier(
        "kine",
        """[
          {"ref": 4100, "nom": "Table", "marque": "Kinalys", "rayon": "Tensiomètres", "texte": "T",
           "ean": 2991000010077, "prix": 1890.5, "financable": true, "garantie": 36.0},
          {"ref": 4101, "nom": "Table", "marque": "Kinalys", "rayon": "Tensiomètres", "texte": "T",
           "prix": "sur devis", "financable": false}
        ]""",
        feed_name="produits.json",
        yml="""\
        name: Kiné
        feed:
          file: produits.json
        columns:
          sku: ref
          title: nom
          brand: marque
          category: rayon
          description: texte
          gtin: ean
          price: prix
          financing: financable
          warranty_months: garantie
        categories:
          Tensiomètres: tensiometres
        """,
    )
    result = load_catalog(catalog_dir.root)
    assert result.problems == []
    first, second = sorted(offers_of(result), key=lambda o: o.sku)
    assert (first.sku, first.gtin, first.price, first.financing, first.warranty_months) == (
        "4100",
        "2991000010077",
        Decimal("1890.50"),
        True,
        36,
    )
    assert (second.price, second.financing) == (None, False)


def test_nested_json_value_where_text_is_expected(catalog_dir):
    catalog_dir.supplier(
        "kine",
        '[{"sku": "K1", "title": {"fr": "Table"}, "brand": "K", "category": "stethoscopes", '
        '"description": "D"}]',
        feed_name="p.json",
        yml="name: Kiné\nfeed:\n  file: p.json\n",
    )
    result = load_catalog(catalog_dir.root)
    assert [p.message for p in result.problems] == [
        "« {'fr': 'Table'} » : un texte simple était attendu."
    ]


def test_forced_decimal_mark_settles_ambiguous_thousands(catalog_dir):
    feed = "Réf.;Désignation;Marque;Famille;Descriptif;price\nA1;T;B;stethos;D;1.234\n"
    catalog_dir.supplier("alpha", feed)
    assert offers_of(load_catalog(catalog_dir.root))[0].price == Decimal("1.23")
    forced = catalog_dir.default_yml("alpha").replace(
        "  file: catalogue.csv\n", '  file: catalogue.csv\n  decimal: ","\n'
    )
    catalog_dir.supplier("alpha", feed, yml=forced)
    assert offers_of(load_catalog(catalog_dir.root))[0].price == Decimal("1234.00")


def test_offers_naming_the_same_fields_share_one_set_of_them(catalog_dir):
    """Memory: one `model_fields_set` per distinct set of fields, still telling them apart."""
    catalog_dir.supplier(
        "renov",
        "Réf.;Désignation;Marque;Famille;Descriptif;price\n"
        "R1;Autoclave A;Steriva;autoclaves;Texte;100\n"
        "R2;Autoclave B;Steriva;autoclaves;Texte;200\n"
        "R3;Autoclave C;Steriva;autoclaves;Texte;\n",
    )
    result = load_catalog(catalog_dir.root)
    first, second, on_quote = sorted(offers_of(result), key=lambda o: o.sku)
    assert first.model_fields_set is second.model_fields_set
    assert "price" in first.model_fields_set and "price" not in on_quote.model_fields_set
    copy = first.model_copy(update={"sku": "R9"})
    assert copy.model_fields_set is not first.model_fields_set
    assert result.products[0].model_fields_set is result.products[1].model_fields_set
