"""supplier.yml and categories.yml: every mistake named with its file and line."""

from catalog.catalog import load_catalog
from catalog.taxonomy import load_taxonomy

FEED = "Réf.;Désignation;Marque;Famille;Descriptif\nA1;T;B;stethos;D\n"


def report(catalog_dir):
    result = load_catalog(catalog_dir.root)
    return result, [p.format(catalog_dir.root) for p in result.problems]


def test_a_broken_supplier_is_kept_out_and_counted(catalog_dir):
    catalog_dir.supplier("alpha", FEED)
    catalog_dir.supplier("beta", FEED, extra_yml="colums:\n  sku: Réf.\n")
    result, lines = report(catalog_dir)
    assert list(result.suppliers) == ["alpha"]
    assert (result.rows_read, result.accepted, result.rejected, result.broken_files) == (1, 1, 0, 1)
    assert not result.ok
    assert lines == [
        "suppliers/beta/supplier.yml:13: colums: clé inconnue (clés possibles : name, website, "
        "city, description, feed, columns, categories, defaults, sales)."
    ]


def test_missing_supplier_yml(catalog_dir):
    catalog_dir.write("suppliers/gamma/catalogue.csv", FEED)
    _, lines = report(catalog_dir)
    assert lines == [
        "suppliers/gamma/supplier.yml: fichier introuvable : chaque dossier de suppliers/ décrit "
        "son fournisseur dans un supplier.yml."
    ]


def test_yaml_syntax_errors_name_the_line_and_the_likely_cause(catalog_dir):
    catalog_dir.supplier(
        "alpha",
        FEED,
        yml="name: Alpha\ndescription: Distributeur : matériel de diagnostic\nfeed:\n  file: catalogue.csv\n",
    )
    catalog_dir.supplier("beta", FEED, yml="name: Beta\nfeed:\n\tfile: catalogue.csv\n")
    catalog_dir.supplier("gamma", FEED, yml="name: Gamma\nname: Gamma bis\n")
    _, lines = report(catalog_dir)
    assert lines == [
        "suppliers/alpha/supplier.yml:2: YAML invalide : un texte contient « : » suivi d’une "
        "espace ; mettez ce texte entre guillemets.",
        "suppliers/beta/supplier.yml:3: YAML invalide : tabulation interdite, indentez avec des espaces.",
        "suppliers/gamma/supplier.yml:2: clé « name » présente deux fois.",
    ]


def test_mapping_mistakes_point_at_their_lines(catalog_dir):
    catalog_dir.supplier(
        "alpha",
        FEED,
        yml="""\
        name: Alpha
        website: alpha.example
        feed:
          file: catalogue.csv
          delimiter: deux-points
          encoding: klingon
        columns:
          sku: Réf.
          title: Désignation
          brand: Marque
          category: Famille
          description: Descriptif
          prix: Prix HT
          gtin: Code EAN
        categories:
          Stéthos: stethoscope
        defaults:
          couleur: bleu
        """,
    )
    _, lines = report(catalog_dir)
    assert lines == [
        "suppliers/alpha/supplier.yml:2: website: « alpha.example » : une adresse web complète "
        "(https://…) était attendue.",
        "suppliers/alpha/supplier.yml:5: feed.delimiter: « deux-points » : valeur inconnue "
        "(attendu : « ; », « , », « tab » ou « | »).",
        "suppliers/alpha/supplier.yml:6: feed.encoding: « klingon » : encodage inconnu "
        "(exemples : utf-8, cp1252).",
        "suppliers/alpha/supplier.yml:13: columns.prix: « prix » n’est pas un champ du catalogue "
        "(champs possibles : sku, title, brand, category, description, gtin, mpn, price, vat_rate, "
        "condition, availability, lead_time_days, mdr_class, lpp_code, warranty_months, image, "
        "financing, url, min_order_quantity).",
        "suppliers/alpha/supplier.yml:14: columns.gtin: colonne « Code EAN » absente de "
        "catalogue.csv (colonnes trouvées : « Réf. », « Désignation », « Marque », « Famille », "
        "« Descriptif »).",
        "suppliers/alpha/supplier.yml:16: categories.Stéthos: « stethoscope » n’est pas un slug "
        "de categories.yml.",
        "suppliers/alpha/supplier.yml:18: defaults.couleur: « couleur » n’est pas un champ du "
        "catalogue (champs possibles : sku, title, brand, category, description, gtin, mpn, price, "
        "vat_rate, condition, availability, lead_time_days, mdr_class, lpp_code, warranty_months, "
        "image, financing, url, min_order_quantity).",
    ]


def test_required_field_without_column_and_missing_feed_file(catalog_dir):
    catalog_dir.supplier(
        "alpha",
        "sku;title;brand;category\nA1;T;B;stethoscopes\n",
        yml="name: Alpha\nfeed:\n  file: catalogue.csv\n",
    )
    catalog_dir.supplier("beta", FEED, yml="name: Beta\nfeed:\n  file: tarif.xlsx\n")
    catalog_dir.supplier("gamma", FEED, yml="name: Gamma\nfeed:\n  file: absent.csv\n")
    catalog_dir.supplier("delta", FEED, yml="name: Delta\n")
    _, lines = report(catalog_dir)
    assert lines == [
        "suppliers/alpha/supplier.yml:1: columns.description: champ obligatoire sans colonne : "
        "ajoutez « description: <nom de la colonne> » sous columns.",
        "suppliers/beta/supplier.yml:3: feed.file: « tarif.xlsx » : fichier .csv, .tsv, .txt ou "
        ".json attendu.",
        "suppliers/delta/supplier.yml:1: feed.file: fichier du catalogue non indiqué "
        "(feed: file: catalogue.csv).",
        "suppliers/gamma/supplier.yml:3: feed.file: « absent.csv » : fichier introuvable dans gamma/.",
    ]


def test_unreadable_feed_keeps_the_supplier_out(catalog_dir):
    catalog_dir.supplier("kine", '[{"sku": 1,}]', feed_name="p.json")
    result, lines = report(catalog_dir)
    assert result.broken_files == 1
    assert lines == [
        "suppliers/kine/p.json:1: JSON invalide : nom de clé entre guillemets attendu."
    ]


def test_taxonomy_tree_paths_and_featured(catalog_dir):
    taxonomy, problems = load_taxonomy(catalog_dir.root / "categories.yml")
    assert problems == []
    assert [c.slug for c in taxonomy.roots] == ["diagnostic", "sterilisation"]
    assert taxonomy["tensiometres"].path == ("diagnostic", "tensiometres")
    assert taxonomy["diagnostic"].children == ("tensiometres", "stethoscopes")
    assert [c.name for c in taxonomy.ancestors("stethoscopes")] == ["Diagnostic", "Stéthoscopes"]
    assert taxonomy.descendants("diagnostic") == ["diagnostic", "tensiometres", "stethoscopes"]
    assert [c.slug for c in taxonomy.featured] == ["diagnostic"]


def test_taxonomy_problems(catalog_dir):
    path = catalog_dir.write(
        "categories.yml",
        """\
        - slug: diagnostic
          name: Diagnostic
          children:
            - slug: Tensiomètres
              name: Tensiomètres
            - slug: diagnostic
              name: Doublon
            - name: Sans slug
            - slug: thermometres
              nom: Thermomètres
        - slug: imagerie
          name: Imagerie
          children: echographes
        """,
    )
    taxonomy, problems = load_taxonomy(path)
    assert list(taxonomy.categories) == ["diagnostic", "imagerie"]
    assert [(p.line, p.field, p.message) for p in problems] == [
        (
            4,
            "slug",
            "« Tensiomètres » : slug attendu en minuscules sans accents, chiffres et tirets "
            "(exemple : tables-d-examen).",
        ),
        (6, "slug", "« diagnostic » est déjà utilisé ligne 1 ; chaque slug doit être unique."),
        (8, "slug", "slug de la catégorie manquant."),
        (10, "nom", "clé inconnue (attendu : children, description, featured, name, slug)."),
        (9, "name", "nom de la catégorie manquant."),
        (13, "children", "une liste de sous-catégories était attendue."),
    ]


def test_broken_taxonomy_stops_before_the_suppliers(catalog_dir):
    catalog_dir.write(
        "categories.yml", "- slug: a\n  name: A\n  description: Texte : avec deux-points\n"
    )
    catalog_dir.supplier("alpha", FEED)
    result, lines = report(catalog_dir)
    assert lines == [
        "categories.yml:3: YAML invalide : un texte contient « : » suivi d’une espace ; mettez ce "
        "texte entre guillemets."
    ]
    assert (result.broken_files, result.products) == (1, [])


def test_missing_data_dir(tmp_path):
    result = load_catalog(tmp_path / "nowhere")
    assert [p.message for p in result.problems] == ["dossier du catalogue introuvable."]
    assert not result.ok
