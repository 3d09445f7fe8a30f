"""The set-up a new user meets: declared dependencies, and a test command that gives CI's verdict."""

from __future__ import annotations

from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def _dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [requirement.split(";")[0].split("[")[0].split(">")[0].split("=")[0].strip().lower().replace("-", "_")
            for requirement in project["dependencies"]]


def test_lxml_html_clean_is_a_direct_dependency() -> None:
    # justext imports lxml.html.clean; its lxml[html_clean] extra is not resolved by pip 23.2 (Python 3.11's
    # own), which then installs a cleaner whose clean_html fails. tools/check-install.sh (CI) runs that pip.
    assert "lxml_html_clean" in _dependencies()

