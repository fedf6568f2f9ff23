"""Supplier files to rows: encodings, delimiters, quoting and line numbers."""

import codecs
import json

import pytest
from catalog.feeds import FeedError, parse_json, read_feed, sniff_delimiter

FRENCH_EXCEL = (
    "Réf.;Désignation;Prix HT\r\n"
    "A1;Tensiomètre électronique;1\u00a0234,50 €\r\n"
    'A2;"Stéthoscope ; double pavillon";89,00 €\r\n'
)


def test_french_excel_windows_1252_with_semicolons(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(FRENCH_EXCEL.encode("cp1252"))
    feed = read_feed(path)
    assert feed.encoding == "cp1252"
    assert feed.delimiter == ";"
    assert feed.header == ["Réf.", "Désignation", "Prix HT"]
    assert [row.values["Prix HT"] for row in feed.rows] == ["1\u00a0234,50 €", "89,00 €"]
    assert feed.rows[1].values["Désignation"] == "Stéthoscope ; double pavillon"


def test_utf8_with_bom_and_commas(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_bytes(codecs.BOM_UTF8 + "sku,titre,prix\nB1,Otoscope à fibre,129.00\n".encode())
    feed = read_feed(path)
    assert feed.encoding == "utf-8-sig"
    assert feed.header == ["sku", "titre", "prix"]  # no BOM glued to the first header
    assert feed.rows[0].values == {"sku": "B1", "titre": "Otoscope à fibre", "prix": "129.00"}


def test_utf8_without_bom(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("sku;titre\nC1;Défibrillateur\n", encoding="utf-8")
    feed = read_feed(path)
    assert (feed.encoding, feed.rows[0].values["titre"]) == ("utf-8", "Défibrillateur")


def test_tsv_by_suffix_and_tab_sniffed_in_csv(tmp_path):
    tsv = tmp_path / "tarif.tsv"
    tsv.write_text("Code\tIntitulé, modèle\nD1\tAutoclave 18 L, classe B\n", encoding="utf-8")
    assert read_feed(tsv).rows[0].values == {
        "Code": "D1",
        "Intitulé, modèle": "Autoclave 18 L, classe B",
    }
    txt = tmp_path / "tarif.csv"
    txt.write_text("Code\tIntitulé\tPrix\nD1\tAutoclave\t3 990,00\n", encoding="utf-8")
    assert read_feed(txt).delimiter == "\t"


def test_excel_unicode_text_is_utf16(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes("Réf.\tPrix\nE1\t12,50\n".encode("utf-16"))
    feed = read_feed(path)
    assert feed.encoding == "utf-16"
    assert feed.rows[0].values == {"Réf.": "E1", "Prix": "12,50"}


def test_forced_encoding_and_delimiter(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_bytes("a|b;c\nx|y;z\n".encode("latin-1"))
    feed = read_feed(path, encoding="latin-1", delimiter="|")
    assert feed.header == ["a", "b;c"]
    assert feed.encoding == "latin-1"


def test_forced_encoding_that_does_not_fit_names_the_line(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_bytes(b"a;b\nx;y\nz;\xe9\n")
    with pytest.raises(FeedError) as caught:
        read_feed(path, encoding="utf-8")
    assert caught.value.line == 3
    assert "encodage utf-8" in caught.value.message


def test_quoted_newlines_keep_the_starting_line(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(
        'sku;description\r\nA;"première ligne\r\ndeuxième ligne\r\n\r\nquatrième"\r\n\r\nB;court\r\nC;"x\ny"\r\nD;fin\r\n',
        encoding="utf-8",
    )
    feed = read_feed(path)
    assert [(row.values["sku"], row.line) for row in feed.rows] == [
        ("A", 2),
        ("B", 7),
        ("C", 8),
        ("D", 10),
    ]
    assert feed.rows[0].values["description"] == "première ligne\r\ndeuxième ligne\r\n\r\nquatrième"


def test_row_with_too_many_or_too_few_cells_is_a_problem(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("a;b;c\n1;2;3\n1;2;3;4\n1;2\n1;2;3;;\n", encoding="utf-8")
    feed = read_feed(path)
    assert [row.line for row in feed.rows] == [2, 5]  # stray empty cells are tolerated
    assert [(p.line, p.message) for p in feed.problems] == [
        (
            3,
            "la ligne compte 4 colonnes alors que l’en-tête en compte 3 (séparateur : point-virgule) ; "
            "un guillemet ou un séparateur est sans doute en trop ou manquant.",
        ),
        (
            4,
            "la ligne compte 2 colonnes alors que l’en-tête en compte 3 (séparateur : point-virgule) ; "
            "un guillemet ou un séparateur est sans doute en trop ou manquant.",
        ),
    ]


def test_duplicate_header_is_reported(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("Prix;Réf;prix\n1;2;3\n", encoding="utf-8")
    assert [p.message for p in read_feed(path).problems] == [
        "colonne « prix » présente deux fois dans l’en-tête."
    ]


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "vide.csv"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(FeedError, match="fichier vide"):
        read_feed(empty)
    with pytest.raises(FeedError, match="fichier introuvable"):
        read_feed(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Réf.;Désignation, modèle;Prix", ";"),
        ("sku,title,price", ","),
        ("sku\ttitle\tprice", "\t"),
        ('"Réf, fournisseur";"Prix"', ";"),
        ("seule-colonne", ";"),
    ],
)
def test_sniff_delimiter_counts_outside_quotes(header, expected):
    assert sniff_delimiter(header) == expected


JSON_FEED = """[
  {
    "ref": 4100,
    "nom": "Table de massage",
    "tarif_ht": 249.9,
    "visuels": ["a.png"]
  },
  {"ref": 4101, "nom": "Tabouret", "financable": true},

  "pas un objet",
  {"ref": 4102, "nom": "Guéridon"}
]
"""


def test_json_rows_carry_the_line_of_their_opening_brace(tmp_path):
    path = tmp_path / "produits.json"
    path.write_text(JSON_FEED, encoding="utf-8")
    feed = read_feed(path)
    assert [row.line for row in feed.rows] == [2, 8, 11]
    assert feed.rows[0].values == {
        "ref": 4100,
        "nom": "Table de massage",
        "tarif_ht": 249.9,
        "visuels": ["a.png"],
    }
    assert feed.header == ["ref", "nom", "tarif_ht", "visuels", "financable"]
    assert [(p.line, p.message) for p in feed.problems] == [
        (10, "un objet JSON ({ … }) était attendu ici.")
    ]


def test_json_lines_match_a_pretty_printed_dump(tmp_path):
    items = [{"ref": i, "nom": f"Produit {i}"} for i in range(5)]
    feed = parse_json(tmp_path / "x.json", json.dumps(items, indent=2))
    assert [row.line for row in feed.rows] == [2, 6, 10, 14, 18]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"ref": 1}', 1, "une liste d’objets JSON était attendue ([ { … }, … ])."),
        ('[\n  {"ref": 1,}\n]', 2, "JSON invalide : nom de clé entre guillemets attendu."),
        ('[\n  {"ref": 1}\n  {"ref": 2}\n]', 3, "JSON invalide : virgule ou « ] » attendu."),
        ('[\n  {"ref": 1},\n', 2, "JSON invalide : la liste n’est pas fermée par « ] »."),
    ],
)
def test_broken_json_says_where_and_why(tmp_path, text, line, message):
    with pytest.raises(FeedError) as caught:
        parse_json(tmp_path / "x.json", text)
    assert (caught.value.line, caught.value.message) == (line, message)
