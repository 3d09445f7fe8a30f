"""The architecture holds: the import-linter contracts of pyproject.toml (layers from ``cli`` down to
``errors``, no cycles), and no module outside ``cleaner/cli/`` imports the command line, not even inside a
function (docs/architecture.md)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "cleaner"
#: An import of the command line, at any indentation: at the top of a module or inside a function.
_IMPORTS_CLI = re.compile(r"^\s*(?:from\s+cleaner\.cli(?:\.\w+)*\s+import\b|import\s+cleaner\.cli\b|"
                          r"from\s+cleaner\s+import\s+[^#\n]*\bcli\b)", re.MULTILINE)

pytest.importorskip("importlinter", reason="import-linter is in the dev extra: pip install -e '.[dev]'")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the ``cleaner`` package under ``root/src`` with ``root/pyproject.toml``."""
    code = ("import sys\nfrom importlinter.cli import lint_imports\n"
            "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True))")
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(root / "src")})


def test_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_function_local_import_of_the_cli_breaks_the_layers(tmp_path: Path) -> None:
    """The contracts see imports inside functions: the cycle this layout removed would be caught again."""
    shutil.copytree(SRC, tmp_path / "src" / "cleaner", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    learn = tmp_path / "src" / "cleaner" / "learn.py"
    learn.write_text(learn.read_text(encoding="utf-8")
                     + "\n\ndef _exit_code() -> int:\n    from cleaner.cli import EXIT_OK\n\n    return EXIT_OK\n",
                     encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "cleaner.learn -> cleaner.cli" in result.stdout


def test_nothing_outside_cli_imports_cli() -> None:
    offenders = [f"{path.relative_to(ROOT)}: {found.group(0).strip()}"
                 for path in sorted(SRC.rglob("*.py")) if path.parent.name != "cli" and path.name != "__main__.py"
                 for found in _IMPORTS_CLI.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_cli_check_sees_imports_inside_functions() -> None:
    assert _IMPORTS_CLI.search("def run():\n    from cleaner.cli import error\n")
    assert _IMPORTS_CLI.search("def run():\n    import cleaner.cli.common\n")
    assert _IMPORTS_CLI.search("from cleaner import batch, cli\n")
    assert not _IMPORTS_CLI.search("from cleaner.clients import x\n# see cleaner.cli\n")
