"""Language identification: ``cleaner.language.classify`` gives py3langid's answer for every input.

``classify`` walks py3langid's scanner with numpy, a window of ``_SCANNER_DEPTH`` bytes per position,
which is exact only for an Aho-Corasick automaton whose strings are at most that long: the first test
checks both on the installed model, the others compare the answers and the counts with py3langid's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import py3langid
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from py3langid import langid

import cleaner
from cleaner import language
from cleaner.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
IDENTIFIER = langid._get_identifier()
SCANNER = language._scanner(IDENTIFIER)
needs_scanner = pytest.mark.skipif(SCANNER is None, reason="another py3langid release: py3langid classifies")


@needs_scanner
def test_scanner_is_an_automaton_of_short_strings() -> None:
    """Every state's string (its path from the start, breadth first) is at most ``_SCANNER_DEPTH`` bytes,
    and each move goes to the state of the longest suffix of that string and the byte that has a state."""
    assert SCANNER is not None
    moves = SCANNER.nextmove.reshape(-1, 256)[np.asarray(IDENTIFIER.tk_row)]
    states = len(moves)
    depth = np.full(states, -1, dtype=np.int64)
    parent = np.zeros(states, dtype=np.int64)
    via = np.zeros(states, dtype=np.int64)
    depth[0] = 0
    frontier = np.array([0])
    level = 0
    while frontier.size:
        targets = moves[frontier].ravel()
        sources = np.repeat(frontier, 256)
        letters = np.tile(np.arange(256), frontier.size)
        new = depth[targets] < 0
        reached, first = np.unique(targets[new], return_index=True)
        level += 1
        depth[reached] = level
        parent[reached] = sources[new][first]
        via[reached] = letters[new][first]
        frontier = reached
    assert (depth >= 0).all()
    assert depth.max() <= language._SCANNER_DEPTH
    # each state's string as an integer (its bytes, big-endian) and its length: one key per state
    strings = np.zeros(states, dtype=np.int64)
    for length in range(1, int(depth.max()) + 1):
        at = np.nonzero(depth == length)[0]
        strings[at] = strings[parent[at]] * 256 + via[at]
    keys = strings * 8 + depth
    order = np.argsort(keys)
    sorted_keys = keys[order]
    assert np.unique(keys).size == states

    def state_of(key: np.ndarray) -> np.ndarray:
        position = np.minimum(np.searchsorted(sorted_keys, key), states - 1)
        return np.where(sorted_keys[position] == key, order[position], -1)

    for low in range(0, 256, 32):
        letters = np.arange(low, low + 32)
        sources = np.repeat(np.arange(states), letters.size)
        bytes_ = np.tile(letters, states)
        lengths = depth[sources] + 1
        extended = strings[sources] * 256 + bytes_
        expected = np.zeros(sources.size, dtype=np.int64)
        found = np.zeros(sources.size, dtype=bool)
        for length in range(int(depth.max()) + 1, 0, -1):  # the longest suffix first
            suffix = state_of(extended % (256**length) * 8 + length)
            hit = (lengths >= length) & ~found & (suffix >= 0)
            expected[hit] = suffix[hit]
            found |= hit
        assert (moves[sources, bytes_] == expected).all()


def samples() -> list[str]:
    texts = []
    for path in sorted(ROOT.glob("corpus/cases/*/input.txt")) + sorted(ROOT.glob("seeds/*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [language.language_sample(normalize(text, cleaner.Config()).text.split("\n")), text[:2000]]
    return texts


def test_classify_is_py3langid_on_the_corpus() -> None:
    for text in samples():
        assert language.classify(text) == py3langid.classify(text)[0]


@given(st.text(st.characters() | st.characters(categories=["Cs"]), max_size=700))
@example("")
@example("ABCDE")
@example("\ud83d")
@example("a" * 5)
@example("a" * 6)
def test_classify_is_py3langid(text: str) -> None:
    assert language.classify(text) == py3langid.classify(text)[0]


@needs_scanner
@given(st.binary(max_size=300))
@example(b"")
@example(b"the")
@example("Straße gesperrt".encode())
def test_visit_counts_are_py3langid_counts_in_order(data: bytes) -> None:
    assert SCANNER is not None
    ours = language.visit_counts(data, SCANNER)
    theirs = langid.visit_counts(IDENTIFIER.tk_nextmove, IDENTIFIER._rowbase, IDENTIFIER.tk_output, data)
    assert (ours is None) == (theirs is None)
    if ours is not None and theirs is not None:
        assert list(ours.items()) == list(theirs.items())


@needs_scanner
@given(st.text(st.characters() | st.characters(categories=["Cs"]), min_size=1, max_size=700))
@example("Der Bürgermeister sagte am Montag, dass die Straße gesperrt bleibt.")
def test_sparse_score_is_py3langid_score_to_the_bit(text: str) -> None:
    assert SCANNER is not None
    visits = language.visit_counts(IDENTIFIER._encode(text), SCANNER)
    if visits:
        theirs = IDENTIFIER._sparse_score(visits, IDENTIFIER.nb_ptc)
        ours = language.sparse_score(visits, IDENTIFIER.nb_ptc, IDENTIFIER.nb_pc)
        assert ours.dtype == theirs.dtype == np.float32
        assert (ours.view(np.uint32) == theirs.view(np.uint32)).all()


def test_sparse_score_on_the_corpus_is_py3langid_score_to_the_bit() -> None:
    if SCANNER is None:
        pytest.skip("another py3langid release: py3langid classifies")
    for text in samples():
        visits = language.visit_counts(IDENTIFIER._encode(text), SCANNER)
        if visits:
            theirs = IDENTIFIER._sparse_score(visits, IDENTIFIER.nb_ptc)
            ours = language.sparse_score(visits, IDENTIFIER.nb_ptc, IDENTIFIER.nb_pc)
            assert (ours.view(np.uint32) == theirs.view(np.uint32)).all()


# ------------------------------------------------------------------------------------------- accepted codes


def test_the_known_codes_are_py3langids_classes() -> None:
    assert language.PY3LANGID_CODES == set(IDENTIFIER.nb_classes) - {"zxx"}


@pytest.mark.parametrize("code", ["ar", "ko", "sv", "uk", "hi"])
def test_a_language_without_word_lists_is_accepted(code: str) -> None:
    text = (ROOT / "seeds" / "004_8136f59bb0079f48.txt").read_text(encoding="utf-8")
    article = cleaner.clean(text, config=cleaner.Config(languages=(code,), language=code))
    assert article.language == code and article.paragraphs
    assert "Reuters Archive" in article.photo_credits  # the language-neutral lists (agencies) still apply


def test_an_unknown_code_is_refused_with_what_is_accepted() -> None:
    with pytest.raises(cleaner.ConfigError, match="stop list or that py3langid identifies"):
        cleaner.Config(languages=("xx",))
    with pytest.raises(cleaner.ConfigError, match="tuple of codes"):
        cleaner.Config(languages="en")  # type: ignore[arg-type]


def test_the_command_line_takes_any_known_language() -> None:
    seed = ROOT / "seeds" / "004_8136f59bb0079f48.txt"
    result = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(seed), "--language", "ar"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("Azerbaijan has said"), result.stderr
    refused = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(seed), "--language", "xx"],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "unknown language code" in refused.stderr


@given(st.lists(st.text(st.characters(blacklist_characters="\n"), max_size=900), max_size=40))
@example(["x" * 100_000, "short", "y" * 5_000])
def test_the_sample_is_bounded_and_keeps_the_longest_lines_in_order(lines: list[str]) -> None:
    sample = language.language_sample(lines)
    chosen = sample.split("\n") if sample else []
    # every line but the last one taken adds less than _SAMPLE_CHARS; the last is cut to _SAMPLE_CHARS
    assert len(sample) < 2 * language._SAMPLE_CHARS + len(chosen)
    assert all(len(line) <= language._SAMPLE_CHARS for line in chosen)
    # the lines come in the text's order (a subsequence of it), each cut to the sample's bound
    cut = iter(line[: language._SAMPLE_CHARS] for line in lines)
    assert all(any(line == candidate for candidate in cut) for line in chosen)


def test_a_huge_page_is_identified_on_a_bounded_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []
    monkeypatch.setattr(language, "classify", lambda sample: read.append(len(sample)) or "de")
    lines = ["Der Bürgermeister sagte am Montag, dass die Straße gesperrt bleibt."] * 50_000
    assert language.detect_language(lines) == "de"
    assert read and read[0] < 2 * language._SAMPLE_CHARS


def test_the_language_given_in_the_config_is_not_identified_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner import pipeline

    def refuse(lines: list[str]) -> str:
        raise AssertionError("detect_language ran although the config gives the language")

    monkeypatch.setattr(pipeline, "detect_language", refuse)
    article = cleaner.clean("Le maire a dit lundi que la rue resterait fermée.", config=cleaner.Config(language="fr"))
    assert article.language == "fr"
