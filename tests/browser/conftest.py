"""Browser tests: a fresh French page per test in the session's browser (`tests/conftest.py`),
and the demo site served with the lead service (`shop`)."""

import pytest

from tests.service.support import Service, free_port
from tests.support import ROOT, build_site


@pytest.fixture(scope="session")
def shop(tmp_path_factory):
    """The demo site built with its SITEURL set to the address of `python -m leads
    serve-site`, which then serves it and the API from one process, as `invoke serve`
    does, with a SQLite file. Tests tell their leads apart by e-mail address."""
    folder = tmp_path_factory.mktemp("shop")
    port = free_port()
    result = build_site(ROOT / "content", folder / "output", f"http://127.0.0.1:{port}")
    assert result.returncode == 0, result.stderr
    service = Service(
        f"sqlite:///{folder / 'leads.sqlite3'}", site=folder / "output", port=port
    ).start()
    service.output = folder / "output"
    yield service
    service.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(5000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
