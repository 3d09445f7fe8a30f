"""Seconds to clean hostile pages and texts (README, "Safety"): `python benchmarks/hostile.py`.

Not a test (nothing here has a floor): the figures the README quotes, measured the same way each time,
best of three after a warm-up that loads the language model and the extractor.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import cleaner
from cleaner import InputError

LEDE = "<p>The storm reached the coast on Monday night, officials said, and thousands of homes lost power.</p>"
AFTER = "<p>After the storm had passed, the mayor thanked the volunteers for their help on the beach.</p>"
PAGE = "<html><body>{}</body></html>"

CASES: dict[str, Callable[[], object]] = {
    "HTML: 100 000 nested <div>": lambda: cleaner.clean_html(
        PAGE.format("<div>" * 100_000 + LEDE + "</div>" * 100_000 + AFTER)),
    "HTML: 100 000 unclosed <font>": lambda: cleaner.clean_html(PAGE.format("<font>" * 100_000 + LEDE + AFTER)),
    "HTML: 100 000 attributes on one tag": lambda: cleaner.clean_html(
        PAGE.format("<p " + " ".join(f"a{i}=x" for i in range(100_000)) + ">x</p>" + LEDE + AFTER)),
    "HTML: a 2 MB class name": lambda: cleaner.clean_html(
        PAGE.format('<p class="' + "a" * 2_000_000 + '">x</p>' + LEDE)),
    "HTML: unclosed comment, 1.3 MB": lambda: cleaner.clean_html(PAGE.format(LEDE + AFTER + "<!-- x" * 200_000)),
    "HTML: billion laughs": lambda: cleaner.clean_html(
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol">'
        + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
        + "]>" + PAGE.format("<p>&i;</p>" + LEDE)),
    "text: one line of 150 000 characters": lambda: cleaner.clean("x. (" * 37_500),
    "text: 20 000 short lines (the limit)": lambda: cleaner.clean("Loading...\n" * 20_000),
    "text: 400 000 short lines (refused)": lambda: cleaner.clean("Loading...\n" * 400_000),
}


def seconds(case: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        try:
            case()
        except InputError:
            pass
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    cleaner.clean_html(PAGE.format(LEDE + AFTER))
    for name, case in CASES.items():
        print(f"{name:<40} {seconds(case):6.2f} s")


if __name__ == "__main__":
    main()
