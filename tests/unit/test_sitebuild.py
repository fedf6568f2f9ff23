"""`sitebuild.py` runs Pelican, keeps its exit status and loses none of its output."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ARTICLE = "Title: Bonjour\nDate: 2026-03-02 10:00\nCategory: Actualités\n\nUn premier article.\n"


def sitebuild(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    settings = tmp_path / "settings.py"
    settings.write_text(f"PATH = {str(content)!r}\nSITEURL = ''\nPLUGINS = []\n", encoding="utf-8")
    command = [sys.executable, str(ROOT / "sitebuild.py"), str(content), "-s", str(settings)]
    command += ["-o", str(tmp_path / "output"), *extra]
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)


def test_a_build_ends_with_status_0_and_its_report_printed(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "bonjour.md").write_text(ARTICLE, encoding="utf-8")
    done = sitebuild(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Processed 1 article" in done.stdout
    assert "Un premier article." in (tmp_path / "output" / "bonjour.html").read_text()


def test_a_failed_build_keeps_pelicans_status_and_message(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "sans-titre.md").write_text("Date: 2026-03-02\n\nTexte.\n")
    done = sitebuild(tmp_path, "--fatal", "errors")
    assert done.returncode == 1
    assert "sans-titre.md" in done.stdout + done.stderr
