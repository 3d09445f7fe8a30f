"""Word lists as data: ``vocab/<lang>/<list>.txt``, one entry a line, ``#`` starts a comment.

Adding a language is adding files, as with jusText's stop lists. ``vocab/any/`` holds names that are
the same in every language (agencies, stock libraries). Lists are read once per (list, languages) key;
the cache can never change an answer, since the files do not change while the program runs.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _read(language: str, name: str) -> list[str]:
    resource = resources.files(__name__).joinpath(language, f"{name}.txt")
    if not resource.is_file():
        return []
    entries = []
    for raw in resource.read_text(encoding="utf-8").splitlines():
        entry = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("\\#") else raw.strip()[1:]
        if entry:
            entries.append(entry)
    return entries


@lru_cache(maxsize=256)
def entries(name: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The entries of list ``name`` for ``languages`` plus ``any``, in file order, as written.

    >>> "Getty Images" in entries("agencies", ("en",))
    True
    """
    seen: dict[str, None] = {}
    for language in ("any", *languages):
        for entry in _read(language, name):
            seen.setdefault(entry, None)
    return tuple(seen)


@lru_cache(maxsize=256)
def terms(name: str, languages: tuple[str, ...]) -> frozenset[str]:
    """The entries of list ``name``, casefolded, for exact matching.

    >>> "left menu" in terms("navigation", ("en",))
    True
    """
    return frozenset(entry.casefold() for entry in entries(name, languages))
