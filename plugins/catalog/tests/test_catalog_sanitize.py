"""Untrusted supplier descriptions: harmless formatting stays, anything active goes."""

import pytest
from catalog.sanitize import plain_text, sanitize_description, summary


def test_harmless_formatting_is_kept():
    html = (
        "<p>Tensiomètre <strong>validé</strong> <em>ESH</em><br>garantie <b>3</b> <i>ans</i></p>"
        "<ul><li>un</li></ul><ol><li>deux</li></ol>"
        "<table><caption>Fiche</caption><tr><th scope='row'>Poids</th><td colspan='2'>1 kg</td></tr></table>"
    )
    clean = sanitize_description(html)
    for kept in ("<strong>", "<em>", "<br>", "<b>", "<i>", "<ul>", "<ol>", "<li>", "<caption>",
                 '<th scope="row">', '<td colspan="2">'):  # fmt: skip
        assert kept in clean


def test_links_keep_web_and_mail_addresses_and_become_nofollow():
    clean = sanitize_description(
        '<p><a href="https://fabricant.example/notice.pdf">Notice</a> '
        '<a href="mailto:sav@alpha.example">SAV</a></p>'
    )
    assert 'href="https://fabricant.example/notice.pdf"' in clean
    assert 'href="mailto:sav@alpha.example"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<script src="https://tracker.example/pixel.js"></script>',
        "<img src=x onerror=alert(1)>",
        '<p onclick="alert(1)">texte</p>',
        '<a href="javascript:alert(document.cookie)">Voir</a>',
        '<a href="JaVaScRiPt&#58;alert(1)">Voir</a>',
        '<a href="/admin/">Voir</a>',
        "<style>body{display:none}</style>",
        '<iframe src="https://evil.example"></iframe>',
        '<svg onload="alert(1)"><circle/></svg>',
        '<p style="position:fixed;top:0">plein écran</p>',
        "<!-- <script>alert(1)</script> -->",
        '<form action="https://evil.example"><input name="carte"></form>',
    ],
)
def test_active_content_is_removed(attack):
    clean = sanitize_description(f"<p>Autoclave</p>{attack}")
    lowered = clean.lower()
    for banned in ("<script", "alert", "javascript", "onerror", "onclick", "onload", "<style",
                   "<iframe", "<svg", "style=", "<form", "<input", "/admin", "<img"):  # fmt: skip
        assert banned not in lowered
    assert "Autoclave" in clean


def test_refused_links_keep_their_words_but_lose_the_tag():
    clean = sanitize_description(
        '<p><a href="javascript:alert(1)" title="x">Voir la fiche</a> et <a href="/admin">ici</a></p>'
    )
    assert clean == "<p>Voir la fiche et ici</p>"


def test_plain_text_becomes_escaped_paragraphs():
    text = "Table de massage <pliante> & légère.\nLivrée montée.\n\nPoints forts :\n- châssis alu\n"
    assert sanitize_description(text) == (
        "<p>Table de massage &lt;pliante&gt; &amp; légère.<br>\nLivrée montée.</p>"
        "<p>Points forts :</p><ul><li>châssis alu</li></ul>"
    )


def test_plain_text_bullets_become_lists():
    text = "Points forts :\n- léger\n• pliant\n* 13 kg\nLivré avec sa housse.\n\n- garantie 2 ans"
    assert sanitize_description(text) == (
        "<p>Points forts :</p><ul><li>léger</li><li>pliant</li><li>13 kg</li></ul>"
        "<p>Livré avec sa housse.</p><ul><li>garantie 2 ans</li></ul>"
    )


def test_windows_line_endings_in_plain_text():
    assert sanitize_description("Ligne 1\r\nLigne 2\r\n\r\nSuite") == (
        "<p>Ligne 1<br>\nLigne 2</p><p>Suite</p>"
    )


def test_summary_is_plain_text_cut_on_a_word():
    html = "<p>Stéthoscope <strong>double</strong> pavillon.</p><ul><li>Acier</li><li>Membrane</li></ul>"
    assert plain_text(html) == "Stéthoscope double pavillon. Acier Membrane"
    assert summary(html, 30) == "Stéthoscope double pavillon…"
    assert summary("<p>Court &amp; net</p>") == "Court & net"
