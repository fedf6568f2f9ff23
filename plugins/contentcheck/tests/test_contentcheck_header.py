"""Rule 1: header lines, unknown keys, duplicated keys, unreadable files."""

A = "content/articles/coopetition.md"
P = "content/pages/a-propos.md"


def test_the_clean_small_site_has_no_problem(site):
    assert site.report() == []


def test_unknown_key_suggests_the_closest_known_key(site):
    site.article("Modified:", "Modifed:")
    assert site.report() == [
        f"{A}:3: la clé « Modifed » n’est pas reconnue dans l’en-tête d’un article : "
        "vouliez-vous dire « Modified » ?"
    ]


def test_french_key_with_a_space_before_the_colon(site):
    site.article("Summary: Des", "Résumé : Des")
    assert site.report() == [
        f"{A}:7: écrivez « Résumé: » sans espace avant les deux-points : Pelican ne reconnaît "
        "pas « Résumé : ».",
        f"{A}:7: la clé « Résumé » n’est pas reconnue dans l’en-tête d’un article : "
        "vouliez-vous dire « Summary » ?",
    ]


def test_line_that_is_not_key_value_and_duplicated_key(site):
    site.write("pages/a-propos.md", "Title: À propos\nQui sommes-nous\nTitle: Nous\n\nTexte.\n")
    assert site.report() == [
        f"{P}:2: la ligne « Qui sommes-nous » n’est pas de la forme « Clé: valeur » ; si le "
        "texte commence ici, laissez une ligne vide entre l’en-tête et le texte.",
        f"{P}:3: la clé « Title » figure déjà à la ligne 1 : gardez une seule ligne « Title: … ».",
    ]


def test_blank_first_line_and_key_not_meant_for_pages(site):
    site.write("pages/a-propos.md", "\nTitle: À propos\nCategory: Aide\n\nTexte.\n")
    assert site.report() == [
        f"{P}:1: cette ligne est vide : l’en-tête (Title: …) doit commencer dès la première "
        "ligne du fichier, sans ligne vide avant.",
        f"{P}:3: la clé « Category » n’est pas reconnue dans l’en-tête d’une page (clés "
        "possibles : Title, Slug, Summary, Save_as, URL, Template, Status) : corrigez-la ou "
        "supprimez la ligne.",
    ]


def test_only_the_summary_may_run_over_several_lines(site):
    site.article("Summary: Des", "Summary: Des\n    fournisseurs")
    assert site.report() == []
    site.article("Authors: Claire Dumas", "Authors: Claire Dumas\n    et Paul Martin")
    assert site.report() == [
        f"{A}:7: cette ligne en retrait prolonge « Authors » : écrivez toute la valeur sur une "
        "seule ligne (seul Summary peut s’étendre sur plusieurs lignes)."
    ]


def test_file_not_saved_as_utf8(site):
    path = site.content / "articles" / "coopetition.md"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    assert site.report()[0] == (
        f"{A}:1: le fichier n’est pas enregistré en UTF-8, les accents de cette ligne sont "
        "illisibles : réenregistrez-le en UTF-8 depuis votre éditeur."
    )
