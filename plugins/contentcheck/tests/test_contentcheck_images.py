"""Rule 6: covers and images have a text alternative and a file the site publishes."""

A = "content/articles/coopetition.md"
SCHEMA = "![Vitrine partagée par trois fournisseurs]({static}/images/articles/coopetition.svg)"


def test_cover_without_file_nor_alt(site):
    site.article("Cover: images/articles/coopetition.svg", "Cover: images/articles/coopetiton.svg")
    site.article("Cover_alt: Deux formes qui se rejoignent au centre.\n", "")
    assert site.report() == [
        f"{A}:8: l’image de couverture n’a pas de texte alternatif : ajoutez une ligne "
        "« Cover_alt: … » qui la décrit.",
        f"{A}:8: l’image de couverture « images/articles/coopetiton.svg » renvoie à un fichier "
        "introuvable (content/images/articles/coopetiton.svg) : vouliez-vous dire "
        "« coopetition.svg » ?",
    ]


def test_cover_written_as_a_link(site):
    site.article("Cover: images/", "Cover: {static}/images/")
    assert site.report() == [
        f"{A}:8: écrivez « Cover: images/articles/coopetition.svg » : la couverture s’écrit "
        "depuis le dossier content/, sans {static} ni « / » au début."
    ]


def test_images_without_alt(site):
    site.article(SCHEMA, '![]({static}/images/articles/coopetition.svg) <img src="/images/x.svg">')
    site.article("Écrivez-nous", "![ ][schema] Écrivez-nous")
    site.article(
        "/pages/contact.md).",
        "/pages/contact.md).\n\n[schema]: {static}/images/articles/coopetition.svg",
    )
    assert site.report() == [
        f"{A}:11: l’image « ![]({{static}}/images/articles/coopetition.svg) » n’a pas de texte "
        "alternatif : décrivez-la entre les crochets, par exemple « ![Échographe portable sur "
        "son chariot]({static}/images/articles/coopetition.svg) ».",
        f'{A}:11: la balise « <img src="/images/x.svg"> » n’a pas de texte alternatif : ajoutez '
        'alt="…" qui décrit l’image.',
        f"{A}:11: l’image « /images/x.svg » renvoie à un fichier introuvable "
        "(content/images/x.svg) : vérifiez le nom du fichier et son dossier.",
        f"{A}:12: l’image « ![ ][schema] » n’a pas de texte alternatif : décrivez-la entre les "
        "crochets, par exemple « ![Échographe portable sur son chariot][schema] ».",
    ]


def test_relative_image_is_not_published_even_if_the_file_exists(site):
    site.write("articles/schema.svg", "<svg/>")
    site.article(SCHEMA, "![Schéma](schema.svg)")
    assert site.report() == [
        f"{A}:11: l’image « schema.svg » ne s’affichera pas sur le site (une adresse relative est "
        "cherchée à côté de la page publiée) : écrivez « {static}/articles/schema.svg »."
    ]


def test_root_relative_image_outside_the_static_folders(site):
    site.write("articles/schema.svg", "<svg/>")
    site.article(SCHEMA, "![Schéma](/articles/schema.svg)")
    assert site.report() == [
        f"{A}:11: l’image « /articles/schema.svg » n’est pas dans un dossier publié tel quel "
        "(images/, extra/) : déplacez le fichier dans l’un de ces dossiers de content/."
    ]
