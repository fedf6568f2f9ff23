"""Rule 7: internal links checked against the sources and the built site."""

A = "content/articles/coopetition.md"


def test_links_to_missing_files_listings_and_pages(site):
    site.article("(/contact/)", "(/contcat/)")
    site.article("{category}Coopétition", "{category}Coopetiton")
    site.article("{tag}marketplace", "{tag}market-place")
    site.article("{author}Claire Dumas", "{author}Claire Duma")
    site.article("{filename}/pages/contact.md", "{filename}/pages/contacts.md")
    assert site.report() == [
        f"{A}:12: le lien « /contcat/ » ne mène à aucune page du site : vouliez-vous dire "
        "« /contact/ » ?",
        f"{A}:13: la catégorie « Coopetiton » n’a pas de page sur le site : aucun article publié "
        "n’y est rattaché ; vouliez-vous dire « Coopétition » ?",
        f"{A}:13: l’étiquette « market-place » n’a pas de page sur le site : aucun article "
        "publié n’y est rattaché ; vouliez-vous dire « marketplace » ?",
        f"{A}:14: l’auteur « Claire Duma » n’a pas de page sur le site : aucun article publié n’y "
        "est rattaché ; vouliez-vous dire « Claire Dumas » ?",
        f"{A}:14: le lien « {{filename}}/pages/contacts.md » renvoie à un fichier introuvable "
        "(content/pages/contacts.md) : vouliez-vous dire « contact.md » ?",
    ]


def test_link_to_an_article_that_is_not_published_yet(site):
    site.write(
        "articles/prochain.md",
        "Title: Prochain\nDate: 2099-01-01\nCategory: Coopétition\nAuthors: Claire Dumas\n"
        "Summary: Bientôt.\n\nTexte.\n",
    )
    site.article("(/contact/)", "(/blog/prochain/)")
    assert site.report() == [
        f"{A}:12: le lien « /blog/prochain/ » ne mène à aucune page du site : vérifiez l’adresse "
        "(un brouillon ou un article daté dans le futur n’est pas encore publié)."
    ]


def test_code_product_cards_and_external_links_are_left_alone(site):
    site.write(
        "pages/a-propos.md",
        "Title: À propos\n\n"
        "Voir `[exemple](/nulle-part/)` et [le site du ministère](https://sante.gouv.fr/).\n"
        "[[produit:ECHO-123]] [fiche](/catalogue/echo-123/)\n"
        "```\n[exemple](/nulle-part/)\n```\n"
        "[Paris](#bureaux) [Nous écrire](/contact/#formulaire) [Blog](/blog/)\n",
    )
    assert site.report() == []


def test_link_to_a_draft_from_a_published_article(site):
    draft = (
        "Title: Prochain\nDate: 2025-12-01\nCategory: Coopétition\nAuthors: Claire Dumas\n"
        "Summary: Bientôt.\nStatus: draft\n\nVoir [la vitrine]({filename}coopetition.md).\n"
    )
    site.write("articles/prochain.md", draft)
    site.article("{filename}/pages/contact.md", "{filename}/articles/prochain.md")
    assert site.report() == [
        f"{A}:14: le lien « {{filename}}/articles/prochain.md » mène à un article qui n’est pas "
        "encore publié (brouillon ou date à venir), absent du site en ligne : retirez le lien "
        "ou attendez sa publication."
    ]
