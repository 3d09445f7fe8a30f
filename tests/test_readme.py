"""The README's section on pipelines (WARC files, datatrove, Hugging Face datasets) runs as written.

The snippets are read from README.md, not copied here: a change to the README that breaks them fails this
test. They run in a temporary folder holding what they name: ``crawl.warc.gz``, ``crawl/`` and ``pages/``.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import shlex
from pathlib import Path

import datasets
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner import clean_html
from cleaner.cli import main

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## In pipelines: WARC files, datatrove, Hugging Face datasets"
PAGES = sorted((ROOT / "corpus" / "bench" / "zyte" / "html").glob("*.html.gz"))[:4]
_BLOCK = re.compile(r"^```(?P<language>\w+)\n(?P<code>.*?)^```$", re.MULTILINE | re.DOTALL)


def snippets() -> list[tuple[str, str]]:
    """(language, code) of each fenced block of the section, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    end = readme.index("\n## ", start + len(SECTION))
    return [(match["language"], match["code"]) for match in _BLOCK.finditer(readme[start:end])]


def write_warc(path: Path, pages: list[bytes], statuses: list[str]) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number, (page, status) in enumerate(zip(pages, statuses, strict=True)):
            http = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.com/{number}", "response",
                                                          payload=io.BytesIO(page), http_headers=http))


@pytest.fixture
def workplace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pages = [gzip.decompress(path.read_bytes()) for path in PAGES]
    write_warc(tmp_path / "crawl.warc.gz", [*pages[:3], b"<p>gone</p>"], ["200 OK"] * 3 + ["404 Not Found"])
    (tmp_path / "crawl").mkdir()
    write_warc(tmp_path / "crawl" / "a.warc.gz", pages[:2], ["200 OK"] * 2)
    write_warc(tmp_path / "crawl" / "b.warc.gz", pages[2:], ["200 OK"] * 2)
    (tmp_path / "pages").mkdir()
    with (tmp_path / "pages" / "part-0.jsonl").open("w", encoding="utf-8") as stream:
        for number, page in enumerate(pages):
            stream.write(json.dumps({"id": f"page-{number}", "text": page.decode("utf-8"),
                                     "url": f"https://example.com/news/{number}"}) + "\n")
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-cache")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_section_has_a_shell_block_and_two_python_blocks() -> None:
    assert [language for language, _ in snippets()] == ["sh", "python", "python"]


def test_the_warc_commands_run_as_written(workplace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    [(_, commands)] = [block for block in snippets() if block[0] == "sh"]
    lines = [line.split("#", 1)[0].strip() for line in commands.splitlines() if line.strip()]
    assert len(lines) == 2
    expected = [clean_html(gzip.decompress(path.read_bytes())).text for path in PAGES]
    for line, count in zip(lines, (3, 4), strict=True):
        words = shlex.split(line)
        assert words[0] == "cleaner"
        assert main(words[1:]) == 0, capsys.readouterr().err
        records = [json.loads(record) for record in (workplace / "pages.jsonl").read_text().splitlines()]
        assert [record["cleaner_text"] for record in records] == expected[:count]
        assert all(record["id"].startswith("<urn:uuid:") and record["date"] for record in records)
    # the first command passed over the 404
    assert "1 WARC responses passed over (1 not status 200)" in capsys.readouterr().err


def test_the_datatrove_snippet_runs_as_written(workplace: Path) -> None:
    code = [code for language, code in snippets() if language == "python" and "datatrove" in code]
    exec(compile(code[0], "README.md (datatrove)", "exec"), {})  # noqa: S102 - the README's own code
    outputs = sorted((workplace / "cleaned").glob("*.jsonl.gz"))
    records = [json.loads(line) for path in outputs for line in gzip.decompress(path.read_bytes()).splitlines()]
    assert sorted(record["id"] for record in records) == [f"page-{n}" for n in range(len(PAGES))]
    for record in records:
        number = int(record["id"].split("-")[1])
        page = gzip.decompress(PAGES[number].read_bytes()).decode("utf-8")
        assert record["text"] == clean_html(page, url=record["metadata"]["url"]).text
        assert "cleaner_removed" in record["metadata"] and "cleaner_title" in record["metadata"]
    stats = json.loads((workplace / "logs" / "stats.json").read_text(encoding="utf-8"))
    assert any(key.startswith("removed_chars_") for key in stats[1]["stats"])


def test_the_datasets_snippet_runs_as_written(workplace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = [code for language, code in snippets() if language == "python" and "datasets" in code]
    namespace: dict[str, object] = {}
    exec(compile(code[0], "README.md (datasets)", "exec"), namespace)  # noqa: S102 - the README's own code
    cleaned = namespace["cleaned"]
    assert isinstance(cleaned, datasets.Dataset)
    page = gzip.decompress(PAGES[0].read_bytes()).decode("utf-8")
    first = cleaned[0]
    assert first["cleaner_text"] == clean_html(page, url="https://example.com/news/0").text
    assert first["cleaner_error"] is None
    assert capsys.readouterr().out.strip() == f"{first['cleaner_title']} None"
