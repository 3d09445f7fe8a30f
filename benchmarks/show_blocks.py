#!/usr/bin/env python3
"""Print a page's blocks with the block model's probability and the boxes around each (a debugging aid).

    python benchmarks/show_blocks.py corpus/bench/zyte/html/<id>.html.gz [--model PATH] [--all]
"""
from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

from cleaner.config import Config
from cleaner.html import decode_html, document_language, page_info, page_text, parse_html
from cleaner.html.features import Vocabulary, block_features
from cleaner.html.model import load_block_model
from cleaner.html.page import signals
from cleaner.language import stopwords


def path_of(element: object, levels: int = 6) -> str:
    parts = []
    node = element
    while node is not None and len(parts) < levels:
        names = (node.get("class") or node.get("id") or "").split()  # type: ignore[attr-defined]
        parts.append(node.tag + (f".{names[0][:28]}" if names else ""))  # type: ignore[attr-defined]
        node = node.getparent()  # type: ignore[attr-defined]
    return " < ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--model", default="default")
    parser.add_argument("--width", type=int, default=70)
    args = parser.parse_args()
    data = args.page.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    root = parse_html(decode_html(data))
    if root is None:
        return 1
    info = page_info(root, None)
    print(f"types {info.types} og:type {info.og_type} url {info.canonical_url}")
    blocks, normalized = page_text(root, Config())
    language = document_language(info.language, normalized.text)
    rows = block_features(blocks, Vocabulary(stopwords(language) or frozenset(), Config().languages), signals(info))
    model = load_block_model(args.model)
    for block, probability in zip(blocks, model.probabilities(blocks, rows), strict=True):
        mark = "+" if probability >= model.threshold else " "
        print(f"{mark} {probability:.2f} {block.text[: args.width]!r:{args.width + 2}} {path_of(block.element)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
