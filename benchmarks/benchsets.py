"""The three benchmark sets of ``corpus/bench``: their pages, gold, scorers, sites and breakdowns.

``quality.py`` runs the systems; this module says what a set is and how a prediction is judged, so the
benchmark, ``render_texts.py`` and ``html_speed.py`` read pages alike.

* ``zyte``: 121 news and blog pages, hand-made article bodies, ``score.py`` (4-token shingles);
* ``wcxb``: 500 pages of the 2025-26 web of seven page types, reviewed machine-written bodies plus title,
  author and publish date, ``score.py``;
* ``multilingual``: 495 pages, snippets that must appear and snippets that must not, ``snippets.py``.

**Sites and the held-out split.** Every page gets a ``site`` (a host name without ``www.``): zyte from the
URL in its ground truth, multilingual from the URL that keys its snippets (a ``web.archive.org`` URL counts
as the archived page's host), wcxb from the page itself (its canonical link, else ``og:url``, else the most
common host among its absolute links, else the page id). A site is in the ``check`` part when
``int(sha1(site).hexdigest(), 16) % 3 == 0``, else in ``tune``: tune rules and models on ``tune`` pages and
let the ``check`` pages judge whether a change generalises. Splitting by site, not by page, keeps the many
pages of one site (12 of rei.com in wcxb) on one side.

**Languages (multilingual).** py3langid on the page's ``with`` snippets, which are article text; the
``<html lang>`` attribute is wrong on dozens of these pages (``en`` on German WordPress sites). Wu Chinese
(``wuu``, one page of lyrics) counts as ``zh``. Languages with fewer than ``MIN_LANGUAGE_PAGES`` pages
share the bucket ``other``.
"""
from __future__ import annotations

import collections
import gzip
import hashlib
import importlib.util
import json
import random
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "corpus" / "bench"
QUICK_PAGES = 25
MIN_LANGUAGE_PAGES = 5
CHECK_MODULUS = 3  # a site is in the check part when sha1(site) % 3 == 0: about a third of the sites


@dataclass(frozen=True)
class BenchSet:
    """One folder of corpus/bench and how to read and score it."""

    name: str
    scorer: str  # "shingles" (score.py) or "snippets" (snippets.py)
    utf8: bool  # the pages are UTF-8 (decoded with errors="replace", as ever); else cleaner.html.parse_html
    timed: bool  # speed rows are measured on this set
    breakdown: str  # "" or the per-page field the set is broken down by: "page_type", "language"
    what: str  # one line for the report

    @property
    def root(self) -> Path:
        return BENCH / self.name

    @property
    def measure(self) -> str:
        return "4-shingle F1 (score.py)" if self.scorer == "shingles" else "snippet F (snippets.py)"


SETS: dict[str, BenchSet] = {
    "zyte": BenchSet("zyte", "shingles", utf8=True, timed=True, breakdown="",
                     what="121 news and blog pages (DEV split of the Zyte article-extraction benchmark)"),
    "wcxb": BenchSet("wcxb", "shingles", utf8=True, timed=True, breakdown="page_type",
                     what="500 pages of the 2025-26 web, seven page types"),
    "multilingual": BenchSet("multilingual", "snippets", utf8=False, timed=False, breakdown="language",
                             what="495 pages of many sites and languages (trafilatura's evaluation pages)"),
}
SET_NAMES = tuple(SETS)


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------

def load_module(path: Path, name: str) -> ModuleType:
    """Import a data-side script (score.py, snippets.py) by path: they are not packages of this repo."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up in sys.modules
    spec.loader.exec_module(module)
    return module


@cache
def shingle_scorer() -> ModuleType:
    return load_module(BENCH / "score.py", "bench_score")


@cache
def snippet_scorer() -> ModuleType:
    return load_module(BENCH / "snippets.py", "bench_snippets")


@cache
def _ground_truth(name: str) -> dict[str, Any]:
    """wcxb, zyte: ground-truth.json; multilingual: snippets.json re-keyed by page id (url kept inside)."""
    root = SETS[name].root
    if SETS[name].scorer == "snippets":
        spec = json.loads((root / "snippets.json").read_text(encoding="utf-8"))
        return {entry["file"].removesuffix(".html.gz"): {**entry, "url": url} for url, entry in spec.items()}
    return dict(json.loads((root / "ground-truth.json").read_text(encoding="utf-8")))


def ground_truth(name: str) -> dict[str, Any]:
    """id -> the set's record for the page (articleBody and metadata, or snippets and url)."""
    return _ground_truth(name)


def load_ids(name: str, quick: bool = False) -> list[str]:
    """The page ids of a set, sorted (so --quick always takes the same pages)."""
    if name == "zyte":
        ids = sorted((SETS[name].root / "dev_ids.txt").read_text(encoding="utf-8").split())
    else:
        ids = sorted(ground_truth(name))
    return ids[:QUICK_PAGES] if quick else ids


def load_page(name: str, page_id: str) -> str:
    """One crawled page, gunzipped and decoded (outside any timing)."""
    data = gzip.decompress((SETS[name].root / "html" / f"{page_id}.html.gz").read_bytes())
    if SETS[name].utf8:
        return data.decode("utf-8", "replace")
    from cleaner.html import decode_html  # the pages declare windows-1252, iso-8859-2, gb2312, ...

    return decode_html(data)


def load_text(name: str, rendering: str, page_id: str) -> str:
    """A text rendering (``text/recall`` or ``text/full``); a missing file is an empty text."""
    path = SETS[name].root / rendering / f"{page_id}.txt"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def load_input(name: str, input_name: str, page_id: str) -> str:
    """What a system reads: the page for ``HTML``, else the named text rendering."""
    return load_page(name, page_id) if input_name == "HTML" else load_text(name, input_name, page_id)


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------------------
# Sites, the check part, languages
# ---------------------------------------------------------------------------

_ARCHIVED = re.compile(r"^/web/[0-9a-z_]+/(https?://.+)$", re.IGNORECASE)


def site_of_url(url: str) -> str | None:
    """The host of a URL without ``www.``; an archived page's own host for a web.archive.org URL.

    >>> site_of_url("https://web.archive.org/web/2012/http://www.he.xinhuanet.com/news/1.htm")
    'he.xinhuanet.com'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".")
    if host == "web.archive.org":
        archived = _ARCHIVED.match(parts.path + (f"?{parts.query}" if parts.query else ""))
        if archived:
            return site_of_url(archived.group(1))
    if not host:
        return None
    return host.removeprefix("www.")


def site_of_page(page: str, page_id: str) -> str:
    """wcxb: the canonical link, else og:url, else the most common host of the absolute links, else the id."""
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True)
    try:
        root = lxml.html.fromstring(page.encode("utf-8", "replace"), parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return page_id
    declared = [*root.xpath('//link[translate(@rel, "CANONICAL", "canonical")="canonical"]/@href'),
                *root.xpath('//meta[@property="og:url"]/@content')]
    for url in declared:
        site = site_of_url(str(url))
        if site:
            return site
    hosts = collections.Counter(site_of_url(str(href)) for href in root.xpath("//a/@href")
                                if str(href).strip().lower().startswith(("http://", "https://")))
    hosts.pop(None, None)
    return hosts.most_common(1)[0][0] if hosts else page_id


#: The block model's cross-validation: a site's fold, and where ``train_blocks.py`` writes the fold models.
BLOCK_FOLDS = 5
BLOCK_MODELS = ROOT / "benchmarks" / "models"


def block_fold(site: str) -> int:
    """The fold of a site in the block model's cross-validation: all its pages train or test together."""
    return int(hashlib.sha1(site.encode("utf-8")).hexdigest(), 16) % BLOCK_FOLDS


def part_of_site(site: str) -> str:
    """``check`` for about a third of the sites (fixed by the site's name), ``tune`` for the rest.

    >>> part_of_site("nytimes.com"), part_of_site("rei.com")
    ('tune', 'check')
    """
    return "check" if int(hashlib.sha1(site.encode("utf-8")).hexdigest(), 16) % CHECK_MODULUS == 0 else "tune"


def snippet_language(snippets: Iterable[str]) -> str:
    """py3langid's language for a page's article snippets (``wuu`` folded into ``zh``)."""
    import py3langid

    code = str(py3langid.classify(" ".join(snippets))[0])
    return "zh" if code == "wuu" else code


def page_facts(name: str, ids: list[str], site_cache: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    """id -> site, part, url (where known) and the set's breakdown field (page_type or language).

    ``site_cache`` (content hash -> site) spares wcxb's pages a parse on a rerun; it is filled in place.
    """
    truth = ground_truth(name)
    facts: dict[str, dict[str, str]] = {}
    for page_id in ids:
        record = truth.get(page_id, {})
        fact: dict[str, str] = {}
        if name == "wcxb":
            page = load_page(name, page_id)
            key = content_hash(page)
            if site_cache is None or key not in site_cache:
                site = site_of_page(page, page_id)
                if site_cache is not None:
                    site_cache[key] = site
            else:
                site = site_cache[key]
            fact["page_type"] = record.get("page_type") or "unknown"
        else:
            fact["url"] = record.get("url", "")
            site = site_of_url(fact["url"]) or page_id
            if name == "multilingual":
                fact["language"] = snippet_language(record.get("with", []))
        fact["site"], fact["part"] = site, part_of_site(site)
        facts[page_id] = fact
    if name == "multilingual":
        counts = language_counts()
        for fact in facts.values():
            if counts[fact["language"]] < MIN_LANGUAGE_PAGES:
                fact["language"] = "other"
    return facts


@cache
def language_counts() -> collections.Counter[str]:
    """Pages per language over the whole multilingual set (a --quick run buckets its pages alike)."""
    return collections.Counter(snippet_language(record.get("with", []))
                               for record in ground_truth("multilingual").values())


# ---------------------------------------------------------------------------
# Scoring: whole set, the check part, a breakdown group
# ---------------------------------------------------------------------------

def score_pages(name: str, predictions: dict[str, str], ids: list[str],
                rounds: int) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The set's own scorer on these pages: (figures, per-page figures).

    Figures: ``precision``, ``recall``, ``f1`` (the snippet F for multilingual), ``accuracy`` and, when
    ``rounds`` > 0, their bootstrap ``_std``. Per page, shingles: score.py's ``precision``, ``recall``,
    ``f1``, ``exact``, ``tp``, ``fp``, ``fn``; snippets: ``tp`` (with-snippets found), ``fn`` (missing),
    ``fp`` (without-snippets found), ``tn``, and the page's own ``f1``.
    """
    truth = ground_truth(name)
    if SETS[name].scorer == "shingles":
        gold = {i: (truth[i].get("articleBody") or "") for i in ids}
        result = shingle_scorer().score(gold, predictions, rounds=rounds)
        per_doc = result.pop("per_doc")
        return result, per_doc
    scorer = snippet_scorer()
    spec = {truth[i]["url"]: truth[i] for i in ids}
    outputs = {truth[i]["file"]: predictions.get(i, "") for i in ids}
    result = scorer.score(spec, outputs)
    result.pop("worst")
    result["documents"] = result.pop("pages")
    per_doc = {}
    for i in ids:
        tp, fn, fp, tn = scorer.page_counts(truth[i], predictions.get(i, "") or "")
        per_doc[i] = {"tp": tp, "fn": fn, "fp": fp, "tn": tn, **_snippet_figures([(tp, fn, fp, tn)])}
    if rounds > 0 and len(ids) > 1:
        result.update(_snippet_bootstrap([per_doc[i] for i in ids], rounds))
    return result, per_doc


def aggregate(name: str, per_doc: dict[str, dict[str, Any]], ids: Iterable[str], rounds: int = 0) -> dict[str, Any]:
    """The set's figures over a subset of pages, from their per-page figures (same arithmetic as the scorer)."""
    chosen = [per_doc[i] for i in ids]
    if SETS[name].scorer == "shingles":
        scorer = shingle_scorer()
        docs = [scorer.DocScore(d["tp"], d["fp"], d["fn"], d["exact"]) for d in chosen]
        figures: dict[str, Any] = scorer.aggregate(docs)
        if rounds > 0 and len(docs) > 1:
            figures.update(scorer.bootstrap_std(docs, rounds))
    else:
        figures = _snippet_figures([(d["tp"], d["fn"], d["fp"], d["tn"]) for d in chosen])
        if rounds > 0 and len(chosen) > 1:
            figures.update(_snippet_bootstrap(chosen, rounds))
    figures["documents"] = len(chosen)
    return figures


def _snippet_figures(counts: list[tuple[int, int, int, int]]) -> dict[str, float]:
    """Counts summed over pages, as snippets.py does: precision, recall, F, accuracy."""
    tp, fn, fp, tn = (sum(column) for column in zip(*counts, strict=True)) if counts else (0, 0, 0, 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": (tp + tn) / max(1, tp + tn + fp + fn)}


def _snippet_bootstrap(docs: list[dict[str, Any]], rounds: int, seed: int = 0) -> dict[str, float]:
    """Bootstrap standard deviation of the snippet figures (pages resampled with replacement)."""
    rng = random.Random(seed)
    counts = [(d["tp"], d["fn"], d["fp"], d["tn"]) for d in docs]
    samples: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(rounds):
        for figure, value in _snippet_figures([counts[rng.randrange(len(counts))] for _ in counts]).items():
            samples[figure].append(value)
    import statistics

    return {f"{figure}_std": statistics.stdev(values) for figure, values in samples.items()}


def page_errors(name: str, doc: dict[str, Any]) -> float:
    """How bad one page is, for ranking the worst: 1 - F1 (shingles), errors in snippets (snippets)."""
    if SETS[name].scorer == "shingles":
        return 1.0 - float(doc["f1"])
    return float(doc["fn"] + doc["fp"])


# ---------------------------------------------------------------------------
# Metadata (wcxb): title, date, author against the ground truth
# ---------------------------------------------------------------------------

METADATA_FIELDS = {"title": "title", "date": "publish_date", "author": "author"}  # ours -> ground truth
_SPACE = re.compile(r"\s+")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:[,;&|/]|\band\b|\bund\b|\by\b|\bet\b)\s*")
_BY = re.compile(r"^(?:by|von|par|por|di|door)\s+")
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms)\.?\s+(?=\S+\s)")  # 'Dr. Andrew Huberman', not 'Dr Who'
_BRACKETED = re.compile(r"\([^()]*\)")


def _strip_edges(text: str) -> str:
    """Drop punctuation, symbols, spaces and invisible characters at both ends ('|', '©', an icon's
    private-use glyph)."""
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start])[0] in "PSZC":
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] in "PSZC":
        end -= 1
    return text[start:end]


def normalize_title(value: str | None) -> str:
    """NFKC, casefolded, curly quotes made straight, whitespace collapsed, punctuation and symbols at the
    ends stripped.

    >>> normalize_title("  “5 Trends  from Nutrition’s 2025” ")
    "5 trends from nutrition's 2025"
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", value).casefold().translate(_QUOTES)
    return _strip_edges(_SPACE.sub(" ", text).strip())


def normalize_date(value: str | None) -> str:
    """The calendar day YYYY-MM-DD at the start of an ISO date or date-time; '' when there is none.

    >>> normalize_date("2025-06-04T10:00:00+02:00"), normalize_date("June 2025")
    ('2025-06-04', '')
    """
    match = _ISO_DAY.match((value or "").strip())
    return "-".join(match.groups()) if match else ""


def _author_name(part: str) -> str:
    """One name: punctuation inside made a space ('Ph.D.' = 'Ph D', 'C.' = 'C'), a leading honorific dropped."""
    name = _SPACE.sub(" ", "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in part)).strip()
    return _HONORIFIC.sub("", name)


def normalize_author(value: str | None) -> frozenset[str]:
    """The set of names in an author field: bracketed asides dropped, split on , ; & | / and 'and'
    (und, y, et), a leading 'By' dropped, each name normalised.

    >>> sorted(normalize_author("By Dr. Manoj Jain (CDC) and Jagpreet Chhatwal, Ph.D."))
    ['jagpreet chhatwal', 'manoj jain', 'ph d']
    """
    text = normalize_title(value)
    if not text:
        return frozenset()
    text = _BY.sub("", _BRACKETED.sub(" ", text))
    return frozenset(name for name in (_author_name(part) for part in _AUTHOR_SEPARATORS.split(text)) if name)


def metadata_matches(field_name: str, predicted: str | None, gold: str | None) -> bool:
    """Whether a predicted field equals the gold one (see ``normalize_*``).

    Title: equal after normalisation, spaces ignored (the ground truth glues words at element
    boundaries: '404Page Not Found'). Date: the same calendar day. Author: the same set of names, in any
    order ('Dylan Bailey; MS; RD; FAND' is 'Dylan Bailey, MS, RD, FAND'); an extra or a missing name is
    a miss.
    """
    if field_name == "title":
        gold_title = normalize_title(gold).replace(" ", "")
        return bool(gold_title) and normalize_title(predicted).replace(" ", "") == gold_title
    if field_name == "date":
        return bool(normalize_date(gold)) and normalize_date(predicted) == normalize_date(gold)
    names = normalize_author(gold)
    return bool(names) and normalize_author(predicted) == names


def has_value(field_name: str, value: str | None) -> bool:
    """A field counts as given when it normalises to something (a gold '' or null is 'none')."""
    return bool(normalize_date(value) if field_name == "date" else normalize_title(value))


def metadata_accuracy(predictions: dict[str, dict[str, str | None]], ids: Iterable[str]) -> dict[str, Any]:
    """Per field: accuracy over the pages whose gold has a value; and how often a value is predicted
    where the gold has none (a date on a product page that shows none)."""
    truth = ground_truth("wcxb")
    chosen = list(ids)
    figures: dict[str, Any] = {}
    for ours, theirs in METADATA_FIELDS.items():
        with_gold = [i for i in chosen if has_value(ours, truth[i].get(theirs))]
        without_gold = [i for i in chosen if not has_value(ours, truth[i].get(theirs))]
        right = sum(metadata_matches(ours, predictions.get(i, {}).get(ours), truth[i].get(theirs))
                    for i in with_gold)
        invented = sum(has_value(ours, predictions.get(i, {}).get(ours)) for i in without_gold)
        figures[ours] = {"accuracy": right / len(with_gold) if with_gold else None, "right": right,
                         "gold_pages": len(with_gold), "predicted_where_gold_none": invented,
                         "gold_none_pages": len(without_gold)}
    return figures


def metadata_per_page(predictions: dict[str, dict[str, str | None]], ids: Iterable[str]) -> dict[str, Any]:
    """id -> each field predicted, and whether it matches (None where the gold has no value)."""
    truth = ground_truth("wcxb")
    pages: dict[str, Any] = {}
    for i in ids:
        entry: dict[str, Any] = {}
        for ours, theirs in METADATA_FIELDS.items():
            predicted = predictions.get(i, {}).get(ours)
            entry[ours] = predicted
            entry[f"{ours}_ok"] = (metadata_matches(ours, predicted, truth[i].get(theirs))
                                   if has_value(ours, truth[i].get(theirs)) else None)
        pages[i] = entry
    return pages
