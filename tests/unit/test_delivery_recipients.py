"""Who gets a lead by e-mail: the team for its kind, plus the supplier's sales contacts."""

import os

from catalog.supplier import load_supplier
from catalog.taxonomy import Taxonomy

from leads.delivery.recipients import SupplierDirectory, recipients
from leads.settings import Settings

SETTINGS = Settings.from_env(
    {
        "LEADS_SMTP_HOST": "smtp.example",
        "LEADS_SALES_EMAIL": "ventes@medimarche.example",
        "LEADS_SALES_EMAIL_FINANCEMENT": "financement@medimarche.example",
    }
)


def write_supplier(root, slug, text):
    folder = root / "suppliers" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "supplier.yml").write_text(text, encoding="utf-8")
    return folder


def test_kind_team_then_supplier_contacts_without_duplicates(tmp_path):
    write_supplier(
        tmp_path,
        "alpha-medical",
        "name: Alpha Médical\nsales:\n  - Léa Petit <lea.petit@alpha.example>\n"
        "  - VENTES@medimarche.example\n",
    )
    write_supplier(tmp_path, "beta", "name: Beta\nsales: contact@beta.example\n")
    directory = SupplierDirectory(tmp_path)
    alpha, beta = directory.get("alpha-medical"), directory.get("beta")
    assert recipients(SETTINGS, "devis", alpha) == (
        "ventes@medimarche.example",
        "lea.petit@alpha.example",
    )
    assert recipients(SETTINGS, "financement", beta) == (
        "financement@medimarche.example",
        "contact@beta.example",
    )
    assert recipients(SETTINGS, "contact", None) == ("ventes@medimarche.example",)
    assert directory.names() == {"alpha-medical": "Alpha Médical", "beta": "Beta"}


def test_a_changed_supplier_yml_is_read_again_and_a_broken_one_ignored(tmp_path):
    folder = write_supplier(tmp_path, "alpha", "name: Alpha\n")
    directory = SupplierDirectory(tmp_path)
    assert directory.get("alpha").sales == ()
    path = folder / "supplier.yml"
    path.write_text("name: Alpha\nsales: [ventes@alpha.example]\n", encoding="utf-8")
    os.utime(path, (1, 1))  # a different mtime, whatever the clock's resolution
    assert directory.get("alpha").sales == ("ventes@alpha.example",)
    write_supplier(tmp_path, "gamma", "name: [oops\n")
    assert directory.get("gamma") is None
    assert directory.get("alpha") is not None


def test_the_catalog_check_names_a_wrong_sales_address(tmp_path):
    folder = write_supplier(
        tmp_path,
        "alpha",
        "name: Alpha\nfeed:\n  file: catalogue.csv\nsales:\n  - ventes@alpha.example\n"
        "  - ventes.alpha.example\n",
    )
    (folder / "catalogue.csv").write_text("sku;title\n", encoding="utf-8")
    _config, problems = load_supplier(folder, Taxonomy())
    assert [(p.line, p.field, p.value, p.message) for p in problems] == [
        (
            4,
            "sales",
            "ventes.alpha.example",
            "« ventes.alpha.example » n’est pas une adresse électronique "
            "(exemple : ventes@fournisseur.fr).",
        )
    ]
