"""cleaner.files: atomic writes and the modes of the files they leave."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner.files import write_atomic

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_8136f59bb0079f48.txt"


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o027, 0o077])
def test_a_written_file_follows_the_umask_of_the_moment(tmp_path: Path, umask: None, mask: int) -> None:
    os.umask(mask)  # set after cleaner.files was imported: the mode must not be the one of import time
    write_atomic(tmp_path / "out.txt", "Text.\n")
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o666 & ~mask
    assert [path.name for path in tmp_path.iterdir()] == ["out.txt"]


def test_a_file_written_over_keeps_its_mode(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "out.txt"
    target.write_text("Old.\n", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "New.\n")
    assert target.read_text(encoding="utf-8") == "New.\n" and target.stat().st_mode & 0o777 == 0o640


def test_the_cli_output_follows_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "clean.txt"
    subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(SEED), "-o", str(out)], check=True,
                   timeout=120, preexec_fn=lambda: os.umask(0o002))
    assert out.stat().st_mode & 0o777 == 0o664
