"""Every message is typeset in French: « guillemets » and « : » with no-break spaces,
« ? » and « ; » with narrow ones, the typographic apostrophe."""

import re

from contentcheck.check import check_content

ORDINARY_SPACE_BEFORE = re.compile(r"(« | »| :| \?| ;| !)")


def test_messages_and_summary_follow_french_typography(site):
    site.article("Category: Coopétition", "Categroy: Coopétition")
    site.article("Date: 2025-09-14 09:00", "Date: 14/09/2025")
    site.article("Authors: Claire Dumas", "Authors: Claire Dumas\nStatus: brouillon")
    site.article("Cover_alt: Deux formes qui se rejoignent au centre.\n", "")
    site.article("(/contact/)", "(/contcat/)")
    report = check_content(site.content, site.settings)
    texts = [problem.message for problem in report.problems] + [report.summary()]
    assert len(texts) > 6
    for text in texts:
        assert "'" not in text, text
        assert not ORDINARY_SPACE_BEFORE.search(text), text
        assert text.count("«") == text.count("«\u00a0"), text
        assert text.count("»") == text.count("\u00a0»"), text
    assert any("\u202f?" in text for text in texts)
