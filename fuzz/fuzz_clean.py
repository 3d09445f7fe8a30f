"""Fuzz ``clean()`` and ``clean_html()`` for a bounded time: ``make fuzz`` (``FUZZ_SECONDS=600 make fuzz``).

With atheris (coverage-guided libFuzzer, ``pip install -e '.[fuzz]'``) the inputs grow from the seeds
in ``fuzz/corpus/`` toward new code paths; each crashing input is written to ``fuzz/regressions/``,
where ``tests/test_fuzz_regressions.py`` replays it from then on (commit it with the fix). Where atheris
does not install, the same checks run on inputs that hypothesis generates, for the same time; a failure
is written to ``fuzz/regressions/`` too.

    python fuzz/fuzz_clean.py -max_total_time=120          # atheris: any libFuzzer flag
    python fuzz/fuzz_clean.py --hypothesis --seconds 120   # without atheris
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

REGRESSIONS = HERE / "regressions"
CORPUS = HERE / "corpus"  # the seeds, committed
GROWN = HERE / ".grown-corpus"  # what libFuzzer adds to them, kept between runs but not committed


def keep(data: bytes) -> Path:
    """Write a failing input where the regression test replays it."""
    REGRESSIONS.mkdir(exist_ok=True)
    path = REGRESSIONS / f"crash-{hashlib.sha1(data).hexdigest()}"
    path.write_bytes(data)
    return path


def run_atheris(argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["cleaner"]):
        from targets import check_one

    GROWN.mkdir(exist_ok=True)
    REGRESSIONS.mkdir(exist_ok=True)
    # libFuzzer writes new inputs to the first directory and reads the others
    atheris.Setup([argv[0], *argv[1:], f"-artifact_prefix={REGRESSIONS}/", str(GROWN), str(CORPUS)], check_one)
    atheris.Fuzz()


def run_hypothesis(seconds: float) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from targets import check_one

    seeds = [path.read_bytes() for path in sorted(CORPUS.iterdir()) if path.is_file()]
    documents = st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.sampled_from(seeds).flatmap(lambda seed: st.binary(max_size=64).map(lambda noise: seed + noise)),
    )
    inputs = st.tuples(st.integers(0, 255), documents).map(lambda pair: bytes([pair[0]]) + pair[1])
    deadline = time.monotonic() + seconds
    runs = 0
    failed: list[bytes] = []

    @settings(max_examples=200, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(inputs)
    def fuzz(data: bytes) -> None:
        nonlocal runs
        if time.monotonic() > deadline:
            return
        runs += 1
        try:
            check_one(data)
        except BaseException:
            failed.append(data)
            raise

    while time.monotonic() < deadline:
        try:
            fuzz()
        except Exception as error:  # noqa: BLE001 - report, keep the input, go on until the time is up
            print(f"failure kept in {keep(failed[-1])}: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
    print(f"hypothesis fuzzing: {runs} inputs in {seconds:.0f} s, no failure", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    if "--hypothesis" in argv:
        seconds = float(argv[argv.index("--seconds") + 1]) if "--seconds" in argv else 60.0
        return run_hypothesis(seconds)
    try:
        import atheris  # noqa: F401
    except ImportError:
        seconds = next((float(arg.split("=", 1)[1]) for arg in argv if arg.startswith("-max_total_time=")), 60.0)
        print("atheris is not installed: fuzzing with hypothesis instead", file=sys.stderr)
        return run_hypothesis(seconds)
    run_atheris(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
