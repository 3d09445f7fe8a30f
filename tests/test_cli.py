"""The installed command: stdin '-', formats, exit codes, bad files."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_8136f59bb0079f48.txt"


def cleaner(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], input=stdin, capture_output=True, timeout=120)


def test_text_format_prints_the_body() -> None:
    result = cleaner("clean", str(SEED))
    assert result.returncode == 0
    body = (ROOT / "seeds" / "expected" / "004_8136f59bb0079f48.body.txt").read_text(encoding="utf-8")
    assert result.stdout.decode() == body.strip("\n") + "\n"


def test_json_format_and_stdin() -> None:
    result = cleaner("clean", "-", "--format", "json", stdin=SEED.read_bytes())
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["title"] == "Clashes break out on border after Armenia’s attacks — Azerbaijan"
    assert data["photo_credits"] == ["Reuters Archive"]


def test_markdown_format() -> None:
    out = cleaner("clean", str(SEED), "--format", "markdown").stdout.decode()
    assert out.startswith("# Clashes break out")
    assert "\n*Azerbaijan's Defence Ministry notes" in out
    assert "\n## Pashinyan speaks Putin, Macron\n" in out


def test_output_file_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out" / "clean.txt"
    assert cleaner("clean", str(SEED), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("Azerbaijan has said")
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Text.", encoding="utf-8")
    result = cleaner("clean", str(source), "-o", str(source))
    assert result.returncode == 2 and source.read_text(encoding="utf-8") == "Text."


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"%PDF-1.4 binary", b"PDF"), (b"\x89PNG\r\n\x1a\n\x00\x00", b"PNG")],
)
def test_unreadable_input_exits_1_with_one_line(tmp_path: Path, content: bytes, message: bytes) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(content)
    result = cleaner("clean", str(path))
    assert result.returncode == 1
    assert message in result.stderr and result.stderr.count(b"\n") == 1 and b"Traceback" not in result.stderr


def test_missing_file_exits_1() -> None:
    result = cleaner("clean", "/nonexistent/file.txt")
    assert result.returncode == 1 and b"cannot be read" in result.stderr


def test_usage_errors_exit_2() -> None:
    assert cleaner("clean", "--format", "nope").returncode == 2
    assert cleaner("clean", "--disable", "no-such-rule", str(SEED)).returncode == 2
    assert cleaner().returncode == 2


def test_other_encodings_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Der Bürgermeister sagte, dass die Straße gesperrt bleibt.".encode("utf-16"))
    result = cleaner("clean", str(path))
    assert result.returncode == 0 and "Bürgermeister" in result.stdout.decode()


def test_rules_lists_every_rule() -> None:
    out = cleaner("rules").stdout.decode()
    assert "credits.bare-agency" in out and "photo-credit" in out


def test_jsonl_for_several_inputs(tmp_path: Path) -> None:
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    result = cleaner("clean", *seeds, "--format", "jsonl")
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 0 and len(lines) == 5
    assert json.loads(lines[0])["source"] == seeds[0]


# ------------------------------------------------------------------------------------------- gzip


def test_gzip_on_stdin_and_in_a_file_of_any_name_is_decompressed(tmp_path: Path) -> None:
    expected = cleaner("clean", str(SEED)).stdout
    packed = gzip.compress(SEED.read_bytes())
    piped = cleaner("clean", "-", stdin=packed)  # gzip -c x | cleaner clean -
    assert (piped.returncode, piped.stdout) == (0, expected), piped.stderr
    (tmp_path / "story.txt").write_bytes(packed)  # compressed, not named .gz
    assert cleaner("clean", str(tmp_path / "story.txt")).stdout == expected


def test_gzip_bomb_on_stdin_is_refused() -> None:
    result = cleaner("clean", "-", stdin=gzip.compress(b"a " * 15_000_000))
    assert result.returncode == 1 and b"refused as a possible gzip bomb" in result.stderr


# ------------------------------------------------------------------------------------------- several inputs


def test_several_inputs_in_json_are_json_lines(tmp_path: Path) -> None:
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))[:3]
    result = cleaner("clean", *seeds, "--format", "json")
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [record["source"] for record in records] == seeds
    assert cleaner("clean", *seeds, "--format", "jsonl").stdout == result.stdout
    single = json.loads(cleaner("clean", seeds[0], "--format", "json").stdout)  # one input: one indented object
    assert single == records[0]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_several_inputs_in_text_are_headed_by_their_names(tmp_path: Path, fmt: str) -> None:
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))[:3]
    out = tmp_path / "all.txt"
    assert cleaner("clean", *seeds, "--format", fmt, "-o", str(out)).returncode == 0
    alone = [cleaner("clean", seed, "--format", fmt).stdout.decode() for seed in seeds]
    assert out.read_text(encoding="utf-8") == "\n".join(f"==> {seed} <==\n{body}" for seed, body in zip(
        seeds, alone, strict=True))
    assert "==> INPUT <==" in " ".join(cleaner("clean", "--help").stdout.decode().split())
