"""Files and folders the user may not read or write: one line naming the path, a failure, exit status 1.

Tests here often run as root, whom permission bits do not stop. The commands then run without the two
capabilities that let root ignore them (``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``, dropped from the
bounding set before ``exec``), so they meet ``EACCES`` exactly as an ordinary user does; as an ordinary
user they run as they are.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_file_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _as_an_ordinary_user() -> Callable[[], None] | None:
    """What to run in the child before ``exec`` so that permission bits apply to it."""
    if os.geteuid() != 0:
        return None
    probe = subprocess.run([sys.executable, "-c", "open('/proc/self/status').read()"], check=False,
                           preexec_fn=_drop_file_capabilities, capture_output=True)
    if probe.returncode != 0:
        pytest.skip("running as root without CAP_SETPCAP: permission bits cannot be made to apply here")
    return _drop_file_capabilities


def cleaner(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], capture_output=True, text=True,
                          timeout=300, check=False, preexec_fn=_as_an_ordinary_user())


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A tree: two readable documents, a folder that cannot be listed holding a third, a read-only folder."""
    tree = tmp_path / "tree"
    (tree / "open").mkdir(parents=True)
    (tree / "open" / "a.txt").write_bytes(SEEDS[0].read_bytes())
    (tree / "b.txt").write_bytes(SEEDS[1].read_bytes())
    (tree / "secret").mkdir()
    (tree / "secret" / "c.txt").write_bytes(SEEDS[2].read_bytes())
    (tmp_path / "read-only").mkdir()
    (tree / "secret").chmod(0o000)
    (tmp_path / "read-only").chmod(0o555)
    yield tmp_path
    (tree / "secret").chmod(0o755)
    (tmp_path / "read-only").chmod(0o755)


def assert_one_line_naming(result: subprocess.CompletedProcess[str], path: Path, *, lines: int = 1) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = result.stderr.splitlines()
    assert len(errors) == lines, result.stderr
    assert str(path) in errors[0] and "Permission denied" in errors[0] and errors[0].startswith("cleaner: ")


def test_clean_a_file_in_a_folder_that_cannot_be_searched(locked: Path) -> None:
    target = locked / "tree" / "secret" / "c.txt"
    result = cleaner("clean", str(target))
    assert_one_line_naming(result, target)
    assert "cannot be read" in result.stderr and result.stdout == ""


def test_clean_into_a_read_only_folder(locked: Path) -> None:
    target = locked / "read-only" / "out.txt"
    result = cleaner("clean", str(SEEDS[0]), "-o", str(target))
    assert_one_line_naming(result, locked / "read-only")
    assert "cannot be written" in result.stderr and not target.exists()


def test_explain_into_a_read_only_folder(locked: Path) -> None:
    result = cleaner("explain", str(SEEDS[0]), "--html", str(locked / "read-only" / "report.html"))
    assert_one_line_naming(result, locked / "read-only")


def test_batch_on_a_folder_that_cannot_be_listed(locked: Path) -> None:
    result = cleaner("batch", str(locked / "tree" / "secret"), str(locked / "out"), "-w", "0")
    assert_one_line_naming(result, locked / "tree" / "secret", lines=2)
    assert "cleaned 0 documents, 1 failed" in result.stderr.splitlines()[1]


def test_batch_counts_an_unreadable_subfolder_as_a_failure(locked: Path) -> None:
    result = cleaner("batch", str(locked / "tree"), str(locked / "out"), "-w", "1")
    assert_one_line_naming(result, locked / "tree" / "secret", lines=2)
    assert "cleaned 2 documents, 1 failed" in result.stderr
    assert sorted(path.name for path in (locked / "out").rglob("*.txt")) == ["a.txt", "b.txt"]
    report = [json.loads(line) for line in (locked / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(record["id"], record["error"]) for record in report] == [("secret", "InputError")]


def test_batch_into_a_read_only_folder(locked: Path) -> None:
    output = locked / "read-only" / "out.jsonl"
    result = cleaner("batch", str(locked / "tree" / "open"), str(output), "-w", "0", "-q")
    assert_one_line_naming(result, locked / "read-only")
    assert not output.exists()


def test_learn_counts_an_unreadable_subfolder_as_a_failure(locked: Path) -> None:
    result = cleaner("learn", str(locked / "tree"), "-o", str(locked / "model.json"), "-w", "0")
    assert_one_line_naming(result, locked / "tree" / "secret", lines=2)
    assert "from 2 documents" in result.stderr.splitlines()[1]
    result = cleaner("learn", str(locked / "tree" / "open"), "-o", str(locked / "read-only" / "model.json"))
    assert_one_line_naming(result, locked / "read-only")


def test_batch_on_a_jsonl_file_that_cannot_be_read(locked: Path) -> None:
    docs = locked / "docs.jsonl"
    docs.write_text(json.dumps({"id": "a", "text": "Some text."}) + "\n", encoding="utf-8")
    docs.chmod(0o000)
    result = cleaner("batch", str(docs), str(locked / "out.jsonl"), "-w", "0")
    assert_one_line_naming(result, docs, lines=2)
    assert "cleaned 0 documents, 1 failed" in result.stderr
