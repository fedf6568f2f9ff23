"""Rule 5: one address per article and per page."""


def test_two_articles_with_the_same_slug_are_both_reported(site):
    other = (site.content / "articles" / "coopetition.md").read_text(encoding="utf-8")
    site.write("articles/coopetition-bis.md", other.replace("Claire Dumas", "Paul Martin"))
    assert site.report()[:2] == [
        "content/articles/coopetition-bis.md:1: le slug « coopetition-pourquoi-des-concurrents-"
        "partagent-une-vitrine » est aussi celui de content/articles/coopetition.md : ces articles "
        "auraient la même adresse ; donnez à l’un d’eux une ligne « Slug: … » différente.",
        "content/articles/coopetition.md:1: le slug « coopetition-pourquoi-des-concurrents-"
        "partagent-une-vitrine » est aussi celui de content/articles/coopetition-bis.md : ces "
        "articles auraient la même adresse ; donnez à l’un d’eux une ligne « Slug: … » différente.",
    ]


def test_pages_clash_through_an_explicit_slug_not_a_save_as(site):
    site.write("pages/nous-ecrire.md", "Title: Nous écrire\nSlug: contact\n\nTexte.\n")
    site.write("pages/404.md", "Title: Contact\nSave_as: 404.html\nStatus: hidden\n\nTexte.\n")
    assert site.report()[:2] == [
        "content/pages/contact.md:2: le slug « contact » est aussi celui de "
        "content/pages/nous-ecrire.md : ces pages auraient la même adresse ; donnez à l’une "
        "d’elles une ligne « Slug: … » différente.",
        "content/pages/nous-ecrire.md:2: le slug « contact » est aussi celui de "
        "content/pages/contact.md : ces pages auraient la même adresse ; donnez à l’une d’elles "
        "une ligne « Slug: … » différente.",
    ]


def test_explicit_slug_that_makes_a_poor_address(site):
    site.write("pages/a-propos.md", "Title: À propos\nSlug: À propos\n\nTexte.\n")
    assert site.report() == [
        "content/pages/a-propos.md:2: le slug « À propos » ne convient pas à une adresse web : "
        "écrivez « a-propos »."
    ]


def test_the_failed_build_that_follows_points_back_to_them(site):
    site.write("pages/nous-ecrire.md", "Title: Nous écrire\nSlug: contact\n\nTexte.\n")
    last = site.report()[-1]
    assert last.startswith(f"{site.settings.as_posix()}: la construction du site a échoué (")
    assert last.endswith(
        "les liens internes n’ont pas été vérifiés : corrigez d’abord les problèmes ci-dessus, "
        "puis relancez la vérification."
    )
