"""The corpus model: learn recurring lines, merge shards, remove site furniture, keep shared quotes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import Config, InputError, clean
from cleaner.passes.corpus import CorpusModel, find_recurring_lines

from .helpers import off, run

DISCLAIMER = "The views expressed in this article are the author's own and do not reflect those of the publisher."
QUOTE = "“We shall fight on the beaches, we shall fight on the landing grounds, we shall fight in the fields.”"


def corpus(documents: int = 100) -> list[str]:
    """Stories with their own text; a disclaimer under 60 of them; a famous quote in 3; a footer in all."""
    texts = []
    for n in range(documents):
        lines = [f"Story {n}: the council met about road number {n} and spoke of plan {n * 7}.",
                 f"Paragraph about district {chr(65 + n % 26)}{n} where residents asked for item {n}."]
        if n % 5 < 3:
            lines.append(DISCLAIMER)
        if n in (10, 40, 70):
            lines.append(QUOTE)
        lines.append("© 2024 Example News. All rights reserved.")
        texts.append("\n\n".join(lines))
    return texts


def test_disclaimer_and_footer_go_but_a_shared_quote_stays() -> None:
    model = CorpusModel.learn(corpus())
    text = (f"A new story about the harbour opened today.\n\n{QUOTE}\n\n{DISCLAIMER}\n\n"
            "© 2025 Example News. All rights reserved.")
    removed = [r.text for r in run(find_recurring_lines, text, Config(model=model))]
    assert removed == [DISCLAIMER, "© 2025 Example News. All rights reserved."]
    assert model.is_boilerplate(QUOTE)[0] is False


def test_models_merge_by_adding_counts() -> None:
    texts = corpus(40)
    whole = CorpusModel.learn(texts)
    merged = CorpusModel.learn(texts[:15]).merge(CorpusModel.learn(texts[15:]))
    assert merged.documents == whole.documents == 40
    assert dict(merged.counts) == dict(whole.counts)


def test_round_trip_and_bad_files(tmp_path: Path) -> None:
    model = CorpusModel.learn(corpus(20), min_documents=3)
    path = tmp_path / "model.json"
    model.save(path)
    loaded = CorpusModel.load(path)
    assert dict(loaded.counts) == dict(model.counts) and loaded.min_documents == 3
    path.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    with pytest.raises(InputError):
        CorpusModel.load(path)


def test_through_clean_and_the_off_switch() -> None:
    model = CorpusModel.learn(corpus())
    text = f"A new story about the harbour opened today.\n\n{DISCLAIMER}"
    assert clean(text, config=Config(model=model)).paragraphs == ("A new story about the harbour opened today.",)
    assert DISCLAIMER in clean(text, config=Config(model=model, disabled_rules=frozenset({"corpus"}))).text
    assert run(find_recurring_lines, text, off("corpus")) == []


def test_learn_and_clean_on_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "pages"
    source.mkdir()
    for n, text in enumerate(corpus(30)):
        (source / f"{n}.txt").write_text(text, encoding="utf-8")
    (source / "broken.txt").write_bytes(b"%PDF-1.4")
    model = tmp_path / "model.json"
    learned = subprocess.run([sys.executable, "-m", "cleaner.cli", "learn", str(source), "-o", str(model)],
                             capture_output=True, timeout=120)
    assert learned.returncode == 1 and b"broken.txt" in learned.stderr  # the bad file is reported, the rest learned
    assert json.loads(model.read_text(encoding="utf-8"))["documents"] == 30
    article = tmp_path / "a.txt"
    article.write_text(f"A new story about the harbour opened today.\n\n{DISCLAIMER}", encoding="utf-8")
    cleaned = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(article), "--model", str(model)],
                             capture_output=True, timeout=120)
    assert cleaned.returncode == 0 and cleaned.stdout.decode().strip() == "A new story about the harbour opened today."
    bad = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(article), "--model", str(article)],
                         capture_output=True, timeout=120)
    assert bad.returncode == 2
