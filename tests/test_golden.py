"""Golden tests: the seeds and every labelled case in corpus/cases clean to their expected JSON.

Each expected file lists the body paragraphs, the metadata, and the spans that must be removed with
their kind; the library may record more removals than listed (rules, offsets, split spans), but every
listed text must lie inside a removed span of that kind, and nothing else may leave the body.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import cleaner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CASES = sorted(path for path in (ROOT / "corpus" / "cases").glob("*") if (path / "expected.json").is_file())
METADATA = ("title", "standfirst", "date", "dateline", "headings", "photo_credits", "captions")


def _check(article: cleaner.Article, expected: dict[str, Any]) -> None:
    produced = article.to_dict()
    assert produced["paragraphs"] == expected["body"]
    for field in METADATA:
        assert produced[field] == expected[field], field
    if "agency" in expected:
        assert produced["agency"] == expected["agency"]
    assert [r["headline"] for r in produced["related"]] == [r["headline"] for r in expected["related"]]
    assert [r["summary"] for r in produced["related"]] == [r["summary"] for r in expected["related"]]
    for removal in expected["removed"]:
        assert any(
            removal["kind"] == done["kind"] and removal["text"] in done["text"] for done in produced["removed"]
        ), f"not removed as {removal['kind']}: {removal['text']!r}"


@pytest.mark.parametrize("seed", SEEDS, ids=[path.stem for path in SEEDS])
def test_seed(seed: Path) -> None:
    expected = json.loads((seed.parent / "expected" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    article = cleaner.clean(seed.read_text(encoding="utf-8"))
    _check(article, expected)
    body = (seed.parent / "expected" / f"{seed.stem}.body.txt").read_text(encoding="utf-8")
    assert article.text == body.strip("\n")


def _case_params() -> list[Any]:
    params = []
    for case in CASES:
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        failing = expected.get("expect") == "fail"
        marks = [pytest.mark.xfail(strict=True, reason=expected.get("note", ""))] if failing else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


@pytest.mark.parametrize("case", _case_params())
def test_corpus_case(case: Path, request: pytest.FixtureRequest) -> None:
    expected_path = case / "expected.json"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    article = cleaner.clean((case / "input.txt").read_text(encoding="utf-8"))
    if request.config.getoption("--update-golden"):
        produced = article.to_dict()
        expected.update({field: produced[field] for field in (*METADATA, "agency")})
        expected["body"] = produced["paragraphs"]
        expected["related"] = produced["related"]
        expected["removed"] = [{"kind": r["kind"], "text": r["text"]} for r in produced["removed"]
                               if r["kind"] not in ("title", "standfirst")]
        expected_path.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _check(article, expected)


def test_corpus_is_there() -> None:
    """The corpus must not silently vanish: the issue asks for at least 40 labelled cases."""
    assert len(CASES) >= 40
