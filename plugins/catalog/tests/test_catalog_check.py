"""The catalog-check report: problems, French summary, exit code, data directory choice."""

import os
import subprocess
import sys
from pathlib import Path

from catalog.catalog import resolve_data_dir
from catalog.check import main, run

ROOT = Path(__file__).resolve().parents[3]
GOOD = "Réf.;Désignation;Marque;Famille;Descriptif\nA1;T;B;stethos;D\nA2;T2;B;stethos;D\n"


def test_clean_catalog_exits_0_with_a_summary(catalog_dir, capsys):
    catalog_dir.supplier("alpha", GOOD)
    assert main(catalog_dir.root) == 0
    assert capsys.readouterr().out == (
        "1 fournisseur, 2 lignes lues, 2 acceptées, 0 rejetée.\n2 produits après fusion, 2 offres.\n"
    )


def test_rejected_rows_exit_1_and_are_listed_relative_to_the_current_directory(
    catalog_dir, capsys, monkeypatch
):
    catalog_dir.supplier("alpha", GOOD + "A3;T3;B;Inconnue;D\n")
    catalog_dir.supplier("beta", GOOD)
    monkeypatch.chdir(catalog_dir.root.parent)
    assert main("catalog") == 1
    assert capsys.readouterr().out.splitlines() == [
        "catalog/suppliers/alpha/catalogue.csv:4: category: « Inconnue » : catégorie inconnue ; "
        "associez ce libellé à une catégorie de categories.yml sous categories: dans supplier.yml.",
        "2 fournisseurs, 5 lignes lues, 4 acceptées, 1 rejetée.",
        "4 produits après fusion, 4 offres.",
    ]


def test_broken_supplier_file_alone_exits_1(catalog_dir, capsys):
    catalog_dir.supplier("alpha", GOOD, yml="name: Alpha\n")
    assert main(catalog_dir.root) == 1
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "1 fichier en erreur (fournisseur ou catégories ignorés).",
        "0 produit après fusion, 0 offre.",
    ]


def test_big_numbers_are_grouped_the_french_way(catalog_dir, capsys):
    rows = "".join(f"A{i};T{i};B;stethos;D\n" for i in range(1200))
    catalog_dir.supplier("alpha", "Réf.;Désignation;Marque;Famille;Descriptif\n" + rows)
    main(catalog_dir.root)
    assert "1\u202f200 lignes lues, 1\u202f200 acceptées" in capsys.readouterr().out


def test_data_dir_env_var_wins_over_the_setting(monkeypatch):
    monkeypatch.delenv("CATALOG_DATA", raising=False)
    assert resolve_data_dir() == Path("catalog_data")
    assert resolve_data_dir("autre") == Path("autre")
    monkeypatch.setenv("CATALOG_DATA", "/srv/catalogue")
    assert resolve_data_dir("autre") == Path("/srv/catalogue")


def test_command_line_data_option_wins_over_the_env_var(catalog_dir, capsys, monkeypatch):
    catalog_dir.supplier("alpha", GOOD)
    monkeypatch.setenv("CATALOG_DATA", str(catalog_dir.root / "nowhere"))
    assert run(["--data", str(catalog_dir.root)]) == 0
    assert run([]) == 1
    assert "dossier du catalogue introuvable." in capsys.readouterr().out


def test_python_dash_m_works_with_pythonpath_plugins(catalog_dir):
    catalog_dir.supplier("alpha", GOOD + "A2;doublon;B;stethos;D\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    env.pop("CATALOG_DATA", None)
    completed = subprocess.run(
        [sys.executable, "-m", "catalog.check", "--data", str(catalog_dir.root)],
        capture_output=True,
        text=True,
        env=env,
        cwd=catalog_dir.root,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.splitlines()[0] == (
        "suppliers/alpha/catalogue.csv:4: sku: « A2 » : référence déjà utilisée ligne 3 ; "
        "chaque référence doit être unique chez un fournisseur."
    )
    assert completed.stderr == ""
