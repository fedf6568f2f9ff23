"""The real content/ with the real settings and theme: clean as committed, and a copy
broken the ways a writer would break it."""

import re
import shutil
from pathlib import Path

from contentcheck.check import main

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = ROOT / "pelicanconf.py"
ARTICLE = "articles/coopetition-fournisseurs-concurrents-meme-vitrine.md"
SUMMARY = re.compile(r"\d+ articles et \d+ pages vérifiés : ")


def test_the_real_content_has_no_problem(capsys, plain):
    assert main(ROOT / "content", SETTINGS) == 0
    out = plain(capsys.readouterr().out)
    assert SUMMARY.match(out) and out.endswith(" : aucun problème.\n"), out


def test_a_broken_copy_of_a_real_article_is_reported_line_by_line(tmp_path, capsys, plain):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / ARTICLE
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("Summary:")]
    date = next(i for i, line in enumerate(lines, 1) if line.startswith("Date:"))
    lines[date - 1] = "Date: 2026-13-45"
    image = next(i for i, line in enumerate(lines, 1) if line.startswith("!["))
    target = re.search(r"\]\(([^)]+)\)", lines[image - 1])[1]
    lines[image - 1] = f"![]({target})"
    lines.append("Voir aussi [nos partenaires](/pas-de-page-ici/).")
    lines += ["", "[[produit:0000000000000]]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert main(content, SETTINGS) == 1
    *problems, summary = plain(capsys.readouterr().out).splitlines()
    shown = f"content/{ARTICLE}"
    assert problems == [
        f"{shown}:1: il manque le résumé : ajoutez une ligne « Summary: … » dans l’en-tête.",
        f"{shown}:{date}: la date « 2026-13-45 » n’est pas une date valide (attendu : "
        "AAAA-MM-JJ ou AAAA-MM-JJ HH:MM).",
        f"{shown}:{image}: l’image « ![]({target}) » n’a pas de texte alternatif : décrivez-la "
        "entre les crochets, par exemple « ![Échographe portable sur son chariot]"
        f"({target}) ».",
        f"{shown}:{len(lines) - 2}: le lien « /pas-de-page-ici/ » ne mène à aucune page du site : "
        "vérifiez l’adresse (un brouillon ou un article daté dans le futur n’est pas encore "
        "publié).",
        f"{shown}:{len(lines)}: la fiche produit « 0000000000000 » n’existe pas dans le "
        "catalogue : indiquez le GTIN ou la fin de l’adresse d’un produit publié "
        "(catalogue/produits/<adresse>/).",
    ]
    assert SUMMARY.match(summary) and summary.endswith(" : 5 problèmes."), summary
