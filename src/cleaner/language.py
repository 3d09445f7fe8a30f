"""Language of a document (py3langid) and its stop-word list (jusText's lists, one per language).

Identification reads at most ``_SAMPLE_CHARS`` characters of the longest lines: prose identifies a
language, menus and numbers do not, and a bounded sample keeps the cost flat on long pages.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
    import py3langid

    code, _score = py3langid.classify(sample)
    return str(code)


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
