"""Rules 2 to 4: required metadata, dates as Pelican reads them, status."""

A = "content/articles/coopetition.md"


def test_required_metadata_missing_or_empty(site):
    site.article(
        "Summary: Des fournisseurs concurrents côte à côte, et ce qu’y gagne l’acheteur.\n", ""
    )
    site.article("Authors: Claire Dumas", "Authors:")
    report = site.report()
    assert (
        f"{A}:1: il manque le résumé : ajoutez une ligne « Summary: … » dans l’en-tête." in report
    )
    assert f"{A}:6: la ligne « Authors: » est vide : indiquez l’auteur." in report


def test_a_page_needs_a_title(site):
    site.write("pages/a-propos.md", "Slug: a-propos\n\nTexte.\n")
    assert site.report() == [
        "content/pages/a-propos.md:1: il manque le titre : ajoutez une ligne « Title: … » dans "
        "l’en-tête."
    ]


def test_invalid_date(site):
    site.article("Date: 2025-09-14 09:00", "Date: 2026-13-45")
    assert site.report()[0] == (
        f"{A}:2: la date « 2026-13-45 » n’est pas une date valide (attendu : AAAA-MM-JJ ou "
        "AAAA-MM-JJ HH:MM)."
    )


def test_date_pelican_would_misread(site):
    site.article("Date: 2025-09-14 09:00", "Date: 05/09/2025")
    assert site.report() == [
        f"{A}:2: la date « 05/09/2025 » serait lue par Pelican comme le 9 mai 2025 : écrivez-la "
        "au format AAAA-MM-JJ ou AAAA-MM-JJ HH:MM (par exemple 2026-09-14 09:00)."
    ]


def test_modified_before_date(site):
    site.article("Modified: 2025-10-02 11:30", "Modified: 2025-09-01")
    assert site.report() == [
        f"{A}:3: la date de modification « 2025-09-01 » est antérieure à la date de publication "
        "« 2025-09-14 09:00 » (ligne 2) : corrigez l’une des deux."
    ]


def test_empty_optional_line(site):
    site.article("Modified: 2025-10-02 11:30", "Modified:")
    # Pelican cannot read the article at all, so links to its listings fail too.
    assert site.report()[0] == (
        f"{A}:3: la ligne « Modified: » est vide : complétez-la ou supprimez-la."
    )


def test_unknown_status(site):
    site.write("pages/a-propos.md", "Title: À propos\nStatus: brouillon\n\nTexte.\n")
    assert site.report() == [
        "content/pages/a-propos.md:2: le statut « brouillon » n’est pas reconnu (attendu : "
        "draft, published ou hidden) : vouliez-vous dire « draft » ?"
    ]
