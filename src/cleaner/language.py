"""Language of a document (py3langid) and its stop-word list (jusText's lists, one per language).

Identification reads at most ``_SAMPLE_CHARS`` characters of the longest lines: prose identifies a
language, menus and numbers do not, and a bounded sample keeps the cost flat on long pages. py3langid's
answer is computed with numpy where py3langid loops in Python (``classify``): the same answer, faster.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

#: ISO 639-1 codes to the names of jusText's stop lists.
JUSTEXT_NAMES: dict[str, str] = {
    "af": "Afrikaans", "sq": "Albanian", "ar": "Arabic", "an": "Aragonese", "hy": "Armenian", "ast": "Asturian",
    "az": "Azerbaijani", "eu": "Basque", "be": "Belarusian", "bn": "Bengali", "bs": "Bosnian", "br": "Breton",
    "bg": "Bulgarian", "ca": "Catalan", "ceb": "Cebuano", "cv": "Chuvash", "hr": "Croatian", "cs": "Czech",
    "da": "Danish", "nl": "Dutch", "en": "English", "eo": "Esperanto", "et": "Estonian", "fi": "Finnish",
    "fr": "French", "gl": "Galician", "ka": "Georgian", "de": "German", "el": "Greek", "gu": "Gujarati",
    "ht": "Haitian", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "is": "Icelandic", "io": "Ido", "ig": "Igbo",
    "id": "Indonesian", "ga": "Irish", "it": "Italian", "jv": "Javanese", "kn": "Kannada", "kk": "Kazakh",
    "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lv": "Latvian", "lt": "Lithuanian",
    "lb": "Luxembourgish", "mk": "Macedonian", "ms": "Malay", "ml": "Malayalam", "mt": "Maltese", "mr": "Marathi",
    "ne": "Nepali", "nb": "Norwegian_Bokmal", "no": "Norwegian_Bokmal", "nn": "Norwegian_Nynorsk", "oc": "Occitan",
    "fa": "Persian", "pl": "Polish", "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian",
    "sr": "Serbian", "sh": "Serbo_Croatian", "sk": "Slovak", "sl": "Slovenian", "es": "Spanish", "su": "Sundanese",
    "sw": "Swahili", "sv": "Swedish", "tl": "Tagalog", "ta": "Tamil", "te": "Telugu", "tr": "Turkish",
    "tk": "Turkmen", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "vo": "Volapuk",
    "wa": "Walloon", "cy": "Welsh", "fy": "West_Frisian", "yo": "Yoruba",
}

#: The languages py3langid identifies (its model's classes, without ``zxx``, "no language"): a document's
#: language is one of these, whether or not jusText has a stop list for it.
PY3LANGID_CODES: frozenset[str] = frozenset({
    "ace", "af", "am", "an", "ar", "ary", "arz", "as", "az", "ba", "bcl", "be", "bg", "bn", "br", "bs", "ca", "crh",
    "cs", "cy", "da", "de", "dz", "el", "en", "eo", "es", "et", "eu", "ext", "fa", "fi", "fo", "fr", "fuv", "fy",
    "ga", "gcf", "gcr", "gd", "gl", "gom", "grc", "gu", "gug", "guw", "ha", "hbo", "he", "hi", "hr", "ht", "hu",
    "hy", "id", "ig", "is", "it", "ja", "jv", "ka", "kab", "kik", "kk", "km", "kn", "ko", "ku", "ky", "la", "lb",
    "lg", "lij", "ln", "lo", "lt", "ltg", "lv", "mg", "mk", "ml", "mn", "mr", "ms", "mt", "my", "ne", "nl", "nn",
    "no", "nso", "oc", "om", "or", "pa", "pcm", "pl", "ps", "pt", "qu", "ro", "ru", "rw", "sa", "sdh", "se", "si",
    "sk", "sl", "sn", "so", "sq", "sr", "st", "sv", "sw", "ta", "te", "tg", "th", "tk", "tl", "tr", "tt", "ug",
    "uk", "ur", "uz", "uzs", "vec", "vi", "vo", "wa", "wuu", "xh", "yo", "yue", "zh", "zu",
})


def is_known_language(code: str) -> bool:
    """True for a language code ``cleaner`` can work with: jusText has its stop list, or py3langid
    identifies it (word lists under ``vocab/`` are optional: rules then use the language-neutral ones).

    >>> is_known_language("ar"), is_known_language("de"), is_known_language("xx")
    (True, True, False)
    """
    return code in JUSTEXT_NAMES or code in PY3LANGID_CODES


_SAMPLE_CHARS = 600
_MIN_SAMPLE_CHARS = 20
_LETTER = re.compile(r"[^\W\d_]")


def language_sample(lines: list[str]) -> str:
    """The longest lines, up to ``_SAMPLE_CHARS`` characters, in their original order."""
    # the longest lines are the prose: a partial sort would do, but a page has few thousand lines at most
    lengths = list(map(len, lines))
    ranked = sorted(range(len(lines)), key=lengths.__getitem__, reverse=True)
    chosen: list[int] = []
    total = 0
    for index in ranked:
        if total >= _SAMPLE_CHARS:
            break
        chosen.append(index)
        total += len(lines[index])
    return "\n".join(lines[index][:_SAMPLE_CHARS] for index in sorted(chosen))


def detect_language(lines: list[str]) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell.

    >>> detect_language(["Der Bürgermeister sagte am Montag, dass die Straße gesperrt bleibt."])
    'de'
    """
    sample = language_sample(lines)
    if len(_LETTER.findall(sample, 0, 4 * _MIN_SAMPLE_CHARS)) < _MIN_SAMPLE_CHARS:
        return None
    return classify(sample)


#: The py3langid release whose scanner and scoring ``classify`` reproduces: its model's scanner (an
#: Aho-Corasick automaton over UTF-8 bytes) has strings of at most ``_SCANNER_DEPTH`` bytes, which
#: ``tests/test_language.py`` checks on the installed model. Any other release goes through
#: ``py3langid.classify`` itself.
_PY3LANGID_RELEASE = "0.4.0"
_SCANNER_DEPTH = 6
#: The size of that model's scanner: another model (py3langid can load one) goes through py3langid.
_SCANNER_STATES = 104_583
_SCANNER_MOVES = 9_816_576


class _Scanner(NamedTuple):
    """py3langid's scanner tables as numpy arrays (``nextmove`` a view of the model's, not a copy), and
    as the model has them, for the few bytes walked one at a time; ``pairs`` is the state the start
    reaches by each two bytes (``256 * first + second``): two steps of every window in one look-up."""

    nextmove: NDArray[np.int32] | NDArray[np.int64]
    rowbase: NDArray[np.int64]
    output: NDArray[np.int64]
    model_nextmove: Sequence[int]
    model_rowbase: Sequence[int]
    pairs: NDArray[np.int64]


@lru_cache(maxsize=1)
def _scanner(identifier: object) -> _Scanner | None:
    """The identifier's scanner as arrays, or None when ``classify`` cannot reproduce py3langid's walk."""
    import numpy as np

    try:
        release = metadata.version("py3langid")
    except metadata.PackageNotFoundError:
        return None
    output = getattr(identifier, "tk_output", ())
    moves = len(getattr(identifier, "tk_nextmove", ()))
    if release != _PY3LANGID_RELEASE or len(output) != _SCANNER_STATES or moves != _SCANNER_MOVES:
        return None
    nextmove = identifier.tk_nextmove  # type: ignore[attr-defined]
    rowbase = identifier._rowbase  # type: ignore[attr-defined]
    walk = np.frombuffer(nextmove, dtype=np.dtype(nextmove.typecode))
    bases = np.asarray(rowbase, dtype=np.int64)
    letters = np.arange(256, dtype=np.int64)
    after_one = walk[bases[0] + letters]  # the state after each first byte
    pairs = walk[(bases[after_one][:, None] + letters).ravel()].astype(np.int64)
    return _Scanner(walk, bases, np.asarray(output, dtype=np.int64), nextmove, rowbase, pairs)


def visit_counts(text: bytes, scanner: _Scanner) -> Counter[int] | None:
    """How often the scanner emits each feature over ``text``, as py3langid's ``visit_counts`` gives it.

    py3langid walks its automaton a byte at a time in Python: one dependent look-up per byte into a
    39 MB table. In an Aho-Corasick automaton the state after a byte is the longest string of the
    automaton that ends there, at most ``_SCANNER_DEPTH`` bytes long: so it is the state reached from
    the start by the last ``_SCANNER_DEPTH`` bytes alone, and numpy walks all those windows at once,
    ``_SCANNER_DEPTH`` steps in all (the first two in one look-up, ``_Scanner.pairs``). The first bytes,
    which have shorter windows, are walked as
    py3langid does. The counts keep the order of each feature's first visit, as py3langid's ``Counter``
    does: its scores add the features up in that order.
    """
    import numpy as np

    nextmove, rowbase, output, model_nextmove, model_rowbase, pairs = scanner
    depth = _SCANNER_DEPTH
    head: list[int] = []
    state = 0
    for letter in text[: depth - 1]:
        state = model_nextmove[model_rowbase[state] + letter]
        head.append(state)
    states = np.asarray(head, dtype=np.int64)
    if len(text) >= depth:
        data = np.frombuffer(text, dtype=np.uint8).astype(np.int64)
        windows = len(text) - depth + 1
        tail = pairs[(data[:windows] << 8) | data[1 : 1 + windows]]  # the first two steps
        for offset in range(2, depth):
            tail = nextmove[rowbase[tail] + data[offset : offset + windows]]
        states = np.concatenate((states, tail))
    emitted = output[states]
    # Counter over a list counts in the order of first visits, as py3langid's own Counter(indexes) does
    visited = emitted[emitted >= 0].tolist()
    return Counter(visited) if visited else None


@lru_cache(maxsize=1)
def _half_to_single() -> NDArray[np.float32]:
    """The float32 of every float16, indexed by its bits: numpy's own conversion of all 65536 of them."""
    import numpy as np

    return np.arange(65536, dtype=np.uint16).view(np.float16).astype(np.float32)


def sparse_score(visits: Counter[int], table: NDArray[np.generic], prior: NDArray[np.float32]) -> NDArray[np.float32]:
    """py3langid's ``_sparse_score``: ``log1p(counts) @ table[features] + prior``, the same float32s.

    Its table is float16, and numpy converts the rows it gathers to float32 one element at a time before
    the product; looking each element's float32 up by its bits gives those same rows in one gather, and
    so the same product. A table of another type is multiplied as it is.
    """
    import numpy as np

    features = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
    counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
    rows = table.take(features, axis=0)  # the rows of table[features], without fancy indexing's set-up
    if rows.dtype == np.float16:
        # take() with machine-size indices: indexing with the uint16 bits themselves is a slower path
        rows = _half_to_single().take(rows.view(np.uint16).astype(np.intp))
    scores: NDArray[np.float32] = np.log1p(counts) @ rows + prior
    return scores


def classify(sample: str) -> str:
    """``py3langid.classify(sample)``'s language, with the scanner's walk done by numpy (``visit_counts``).

    Scoring is py3langid's (``sparse_score`` gives its ``_sparse_score`` on the same counts in the same
    order), so the answer is the same for every input; with another py3langid release, or an identifier
    set up for probabilities, py3langid classifies.

    >>> classify("Der Bürgermeister sagte am Montag, dass die Straße gesperrt bleibt.")
    'de'
    """
    import numpy as np
    import py3langid
    from py3langid import langid

    identifier = langid._get_identifier()
    scanner = _scanner(identifier)
    if scanner is None or identifier._norm_probs or identifier.min_confidence is not None:
        return str(py3langid.classify(sample)[0])
    # py3langid's LanguageIdentifier.classify, _decide and _raw_score, with its visit_counts replaced
    text = identifier._encode(sample)
    visits = visit_counts(text, scanner)
    if visits:
        scores = sparse_score(visits, identifier.nb_ptc, identifier.nb_pc)
    else:
        scores = np.full(len(identifier.nb_classes), langid.RAW_FLOOR, dtype=np.float32)
    for first, duplicate in identifier._alias_pairs:
        scores[first] = max(scores[first], scores[duplicate])
        scores[duplicate] = langid.RAW_FLOOR
    return str(identifier.nb_classes[int(scores.argmax())])


@lru_cache(maxsize=128)
def stopwords(language: str | None) -> frozenset[str]:
    """jusText's stop list for a language (lower case), or an empty set when it has none.

    >>> "the" in stopwords("en"), stopwords("xx")
    (True, frozenset())
    """
    name = JUSTEXT_NAMES.get(language or "")
    if name is None:
        return frozenset()
    import justext

    return frozenset(word.lower() for word in justext.get_stoplist(name))
