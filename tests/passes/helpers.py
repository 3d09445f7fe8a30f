"""Running one pass alone on a small text."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cleaner.article import Removal
from cleaner.blocks import Draft
from cleaner.config import Config

Pass = Callable[[Draft, Config], Iterable[Removal]]


def run(find: Pass, text: str, config: Config | None = None, *, after: Iterable[Pass] = ()) -> list[Removal]:
    """The removals ``find`` yields on ``text``, once the passes in ``after`` have run."""
    config = config or Config()
    draft = Draft.of(text)
    for earlier in after:
        draft = draft.with_removals(earlier(draft, config))
    return list(find(draft, config))


def texts(find: Pass, text: str, config: Config | None = None, *, after: Iterable[Pass] = ()) -> list[str]:
    return [removal.text for removal in run(find, text, config, after=after)]


def off(rule: str) -> Config:
    return Config(disabled_rules=frozenset({rule}))
