"""Every input the fuzzer ever failed on, and its seed corpus, replayed through the fuzzer's own checks.

``make fuzz`` writes a crashing input to ``fuzz/regressions/``; committed with its fix, it runs here from
then on (``fuzz/targets.py`` says what is checked: the entry point and configuration come from the first
byte, and the audit trail's promises must hold for whatever comes back).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"
_spec = importlib.util.spec_from_file_location("fuzz_targets", FUZZ / "targets.py")
assert _spec is not None and _spec.loader is not None
targets = importlib.util.module_from_spec(_spec)
sys.modules["fuzz_targets"] = targets
_spec.loader.exec_module(targets)

INPUTS = sorted(path for folder in ("regressions", "corpus") for path in (FUZZ / folder).iterdir()
                if path.is_file() and not path.name.startswith("."))


@pytest.mark.parametrize("path", INPUTS, ids=[f"{path.parent.name}/{path.name}" for path in INPUTS])
def test_fuzzer_input_keeps_every_promise(path: Path) -> None:
    targets.check_one(path.read_bytes())


def test_the_checks_catch_a_broken_audit_trail() -> None:
    """The fuzzer's oracle itself: an article whose removal lies about its text must fail it."""
    import dataclasses

    import cleaner

    article = cleaner.clean("Title of the story\n\nShutterstock\n\nThe story begins here, officials said.")
    removal = article.removed[0]
    broken = dataclasses.replace(article, removed=(dataclasses.replace(removal, start=removal.start + 1),
                                                   *article.removed[1:]))
    with pytest.raises(AssertionError, match="removal off its text"):
        targets.check_article(broken)
    invented = dataclasses.replace(article, paragraphs=("A paragraph nobody wrote.",))
    with pytest.raises(AssertionError, match="invented"):
        targets.check_article(invented)


@pytest.mark.parametrize("first_byte", range(16))
def test_every_entry_point_and_configuration_runs(first_byte: int) -> None:
    targets.check_one(bytes([first_byte]) + b"Title\n\nThe storm reached the coast on Monday night.")
