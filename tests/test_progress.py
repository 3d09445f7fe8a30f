"""Progress: a bar with the total and the time left on a terminal, a line now and then in a log."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.batch import BatchOptions, run_batch
from cleaner.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], capture_output=True, text=True, timeout=300,
                          check=False)


def test_a_terminal_gets_a_bar_with_the_total_and_the_time_left() -> None:
    screen = Terminal()
    progress = Progress(total=4, stream=screen)
    for failed in (False, True, False, False):
        progress.advance(failed=failed)
    progress.close()
    shown = screen.getvalue()
    assert "4/4" in shown and "1 failed" in shown and "100%" in shown


def test_a_bar_by_bytes_for_inputs_whose_records_cannot_be_counted() -> None:
    screen, position = Terminal(), [0]
    progress = Progress(total=1000, position=lambda: position[0], stream=screen)
    for done in (250, 500, 1000):
        position[0] = done
        progress.advance()
    progress.close()
    assert "1.00k/1.00k" in screen.getvalue() and "3 docs" in screen.getvalue()


def test_a_log_gets_a_line_every_interval() -> None:
    log = io.StringIO()
    progress = Progress(total=3, stream=log, interval_s=0)
    progress.set_total(4)  # found later (a folder counted in the background)
    for _ in range(2):
        progress.advance()
    lines = log.getvalue().splitlines()
    assert len(lines) == 2 and re.fullmatch(r"cleaner: 2 of 4 documents \(50 %\), [\d.]+ docs/s, 0 failed, "
                                            r"about \d+ s left", lines[1])
    quiet = io.StringIO()
    Progress(total=3, stream=quiet, interval_s=0, enabled=False).advance()
    assert quiet.getvalue() == ""


def test_cleaner_batch_logs_progress_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for seed in SEEDS[:3]:
        (tmp_path / "in" / seed.name).write_bytes(seed.read_bytes())
    result = cli("batch", str(tmp_path / "in"), str(tmp_path / "out"), "-w", "1", "--progress-interval", "0")
    lines = result.stderr.splitlines()
    assert result.returncode == 0, result.stderr
    assert [re.sub(r" \(.*", "", line) for line in lines[:3]] == [
        "cleaner: 1 of 3 documents", "cleaner: 2 of 3 documents", "cleaner: 3 of 3 documents"]
    assert lines[-1].startswith("cleaner: cleaned 3 documents, 0 failed")
    records = tmp_path / "docs.jsonl"
    records.write_text("".join(json.dumps({"id": n, "text": seed.read_text(encoding="utf-8")}) + "\n"
                               for n, seed in enumerate(SEEDS)), encoding="utf-8")
    result = cli("batch", str(records), str(tmp_path / "out.jsonl"), "-w", "0", "--progress-interval", "0")
    assert re.match(r"cleaner: 1 documents \(\d+ % of the input\), [\d.]+ docs/s", result.stderr)
    assert "cleaner: 5 documents (100 % of the input)" in result.stderr


def test_run_batch_with_progress_reports_from_python(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "docs.jsonl").write_text('{"id": 1, "text": "A story of the day."}\nbroken\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not both"):
        run_batch(tmp_path / "docs.jsonl", tmp_path / "x.jsonl", progress=True, reporter=object())  # type: ignore
    report = run_batch(tmp_path / "docs.jsonl", tmp_path / "out.jsonl", options=BatchOptions(workers=0),
                       progress=True)
    assert (report.cleaned, report.failed) == (1, 1)
    assert "docs.jsonl:2: InputError: not a JSON object" in capsys.readouterr().err
