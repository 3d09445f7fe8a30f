"""Corpus-level boilerplate: lines that recur across many documents of a batch or of one site.

As CCNet-style pipelines do, ``cleaner learn`` counts, for every normalised line, how many documents it
occurs in (each document counts once); a line found in many documents is the site's furniture ("All
rights reserved.", "Sign up for the Morning Briefing", a standard disclaimer). Counts are keyed by a
short hash, so a model is small and holds no text, and two models merge by adding their counts: the
learning step is a map-reduce.

What must stay: a sentence of real prose that a few articles share (a famous quote, an agency's standard
background paragraph cited by two stories). A short line only needs to recur in ``min_documents``
documents and ``min_share`` of the corpus; a line of prose (a sentence-final line of at least
``_PROSE_WORDS`` words) must recur in ``prose_min_share`` of the documents, as a disclaimer printed under
every article does, and a quote repeated by a handful of stories does not.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.article import Removal
from cleaner.blocks import Draft, claim
from cleaner.config import Config
from cleaner.corpus_model import CorpusModel, document_keys, line_key


def find_recurring_lines(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the lines that the corpus model says recur across many documents.

    >>> model = CorpusModel.learn(["Story %d.\\nAll rights reserved." % n for n in range(10)])
    >>> from cleaner.config import Config
    >>> [r.text for r in find_recurring_lines(Draft.of("A new story.\\nAll rights reserved."), Config(model=model))]
    ['All rights reserved.']
    """
    model = config.model
    if model is None or not config.enabled("corpus.recurring-line"):
        return
    for fragment in draft.remaining():
        if not fragment.whole_line:
            continue
        recurring, numbers = model.is_boilerplate(fragment.text)
        if recurring:
            yield claim(fragment, "boilerplate", "corpus.recurring-line", f"recurs across the corpus: {numbers}")


# The model itself lives in cleaner.corpus_model; these names stay importable from here.
__all__ = ["CorpusModel", "document_keys", "find_recurring_lines", "line_key"]
