"""The set-up a new user meets: declared dependencies, and a test command that gives CI's verdict."""

from __future__ import annotations

import os
import subprocess
import sys
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


def test_the_default_hypothesis_profile_is_derandomised() -> None:
    env = {key: value for key, value in os.environ.items() if key != "HYPOTHESIS_PROFILE"}
    code = ("import sys; sys.path.insert(0, 'tests'); import conftest; from hypothesis import settings; "
            "print(settings.default.derandomize, settings.default.max_examples)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.split() == ["True", "100"]  # what CI runs: `make test` gives CI's verdict


def test_make_test_and_ci_use_the_same_profile() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest: ", 1)[1].split("\n\n", 1)[0]
    assert "HYPOTHESIS_PROFILE=${HYPOTHESIS_PROFILE:-ci}" in recipe.replace("$$", "$")
    assert "tools/check-install.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_c_extension_is_optional() -> None:
    # without a C compiler, or when the compile fails, `pip install` must still succeed (cleaner.forest then
    # runs its numpy code); tools/check-install.sh fails when a compiler is there but nothing was built
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert 'Extension("cleaner._forest", ["src/cleaner/_forest.c"], optional=True)' in setup
    assert "cleaner._forest was not built" in (ROOT / "tools" / "check-install.sh").read_text(encoding="utf-8")
