#!/usr/bin/env python3
"""Render the benchmark pages as the two texts the text path is scored on: ``text/recall`` and ``text/full``.

Run from the repository root::

    python benchmarks/render_texts.py                       # wcxb and multilingual: (re)write their text/
    python benchmarks/render_texts.py --set zyte --check    # compare with the committed files, write nothing

* ``text/recall/<id>.txt``: trafilatura's recall-oriented extraction, ``extract(html, favor_recall=True,
  include_comments=False, include_tables=True)``: the article plus the furniture such an extractor leaves;
* ``text/full/<id>.txt``: the whole page as text, inscriptis ``get_text(html)``: menus, footers and all.

These are the calls that made ``corpus/bench/zyte/text/`` (``--set zyte --check`` reproduces every file
byte for byte with trafilatura 2.3.1 and inscriptis 2.7.6). The rendered texts are committed, so the
benchmark's inputs are fixed files; rerun this only to move to another tool version, and record it in
``corpus/bench/README.md``.

Decoding is the benchmark's (``benchsets.load_page``): zyte and wcxb pages are UTF-8 (gunzipped, decoded with
``errors="replace"``); multilingual pages come in several encodings and go through
``cleaner.html.parse_html`` (byte-order mark, declared charset, UTF-8, detection).
"""
from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchsets  # noqa: E402 -- the benchmark's own page list and decoding, so both read pages alike

RENDERINGS = {
    "text/recall": "trafilatura",
    "text/full": "inscriptis",
}


def render_recall(page: str) -> str:
    """trafilatura's favor_recall text (empty when it finds nothing)."""
    import trafilatura

    return trafilatura.extract(page, favor_recall=True, include_comments=False, include_tables=True) or ""


def render_full(page: str) -> str:
    """The whole page as text, laid out as a browser would (inscriptis)."""
    import inscriptis

    return str(inscriptis.get_text(page))


def render_set(name: str, check: bool) -> int:
    """Render (or compare) both texts of every page of one set; return the number of differing files."""
    data = benchsets.SETS[name]
    ids = benchsets.load_ids(name, quick=False)
    renderers = {"text/recall": render_recall, "text/full": render_full}
    differing = 0
    for folder in renderers:
        (data.root / folder).mkdir(parents=True, exist_ok=True)
    for number, page_id in enumerate(ids, 1):
        page = benchsets.load_page(name, page_id)
        for folder, render in renderers.items():
            text = render(page)
            path = data.root / folder / f"{page_id}.txt"
            if check:
                old = path.read_bytes().decode("utf-8") if path.exists() else None
                if old != text:
                    differing += 1
                    print(f"differs: {path.relative_to(benchsets.ROOT)}", file=sys.stderr)
            else:
                path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation either way
        if number % 100 == 0:
            print(f"{name}: {number}/{len(ids)} pages", file=sys.stderr)
    return differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--set", action="append", choices=benchsets.SET_NAMES, dest="sets",
                        help="render this set (repeatable; default: wcxb and multilingual)")
    parser.add_argument("--check", action="store_true",
                        help="compare with the files on disk instead of writing them; exit 1 on a difference")
    args = parser.parse_args(argv)
    tools = {tool: metadata.version(tool) for tool in sorted(set(RENDERINGS.values()))}
    print("tools: " + ", ".join(f"{tool} {version}" for tool, version in tools.items()), file=sys.stderr)
    differing = sum(render_set(name, args.check) for name in args.sets or ("wcxb", "multilingual"))
    if args.check:
        print(f"{differing} file(s) differ", file=sys.stderr)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
