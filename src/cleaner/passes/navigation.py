"""Navigation: menus, widgets and crumbs that an extractor kept as lines of text.

Seen in the seeds as "Left Menu" (002, glued after the date header), "Loading..." (004, between two
paragraphs), a trailing section name "News" (001) and a stray menu item "Route 6" (004) after the last
paragraph. Widgets are recognised from word lists in every shipped language and must make up the whole
line: "Share this article" goes, "Officials declined to share the report." stays. Trailing crumbs are
recognised from structure alone (short, no final punctuation, after the last paragraph), so that an
outlet's own section names need no list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim, ends_sentence, has_words, word_count
from cleaner.config import Config
from cleaner.passes._index import fragments_on, holding_lines
from cleaner.passes._text import (
    bare,
    is_bullet,
    may_open,
    opening_pairs,
    phrase_regex,
    prefix_alternation,
    strip_bullet,
    trimmed,
)
from cleaner.passes.related import is_related_content
from cleaner.vocab import entries, terms

#: A sign-up or sharing prompt is short; a long sentence that starts the same way is prose.
_MAX_PROMPT_WORDS = 20
_MAX_PUNCTUATED_PROMPT_WORDS = 12
#: Breadcrumb items are short labels; a crumb trail has few of them.
_MAX_CRUMB_ITEM_WORDS = 4
_MAX_CRUMB_WORDS = 14
_MAX_CRUMB_ITEM_CHARS = 40
#: More short lines than this after the last paragraph are an info box or a list (prices, times, a
#: phone number), part of the page's content, rather than stray menu items.
_MAX_EDGE_CRUMBS = 2
_CRUMB_CHARS = frozenset(">/|»›→")
#: One of ``_CRUMB_CHARS``: searched for, rather than building the set of a line's characters.
_CRUMB_CHAR = re.compile(f"[{re.escape(''.join(sorted(_CRUMB_CHARS)))}]")
# (?<! ): a run of spaces is tried from its start only, not from each of its positions
_CRUMB_SEPARATOR = re.compile(r"(?<! ) +[>/|»›→] +|[»›]")


def _prompt_prefix(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex(r"^(?:{newsletter-prefixes})\b", languages)


def _is_breadcrumb(text: str) -> bool:
    """Two or more short labels joined by crumb separators: "Home > World > Europe".

    >>> _is_breadcrumb("Home > World > Europe"), _is_breadcrumb("He chose peace > war.")
    (True, False)
    >>> _is_breadcrumb("| 1 | Kyle Busch | 5040 |")
    False
    """
    if text.startswith("|") or not _CRUMB_CHAR.search(text):  # "| Pos. | Driver |" is a table row
        return False
    # the cheap tests before the split: most lines with a "/" or a "|" are sentences or long
    if text.rstrip().endswith((".", "!", "?")) or has_words(text, _MAX_CRUMB_WORDS + 1):
        return False
    items = _CRUMB_SEPARATOR.split(text)
    if len(items) < 2:
        return False
    return all(0 < word_count(item) <= _MAX_CRUMB_ITEM_WORDS and len(item) <= _MAX_CRUMB_ITEM_CHARS
               and not any(char.isdigit() for char in item) for item in items)


def _is_prompt_sized(fragment: Fragment) -> bool:
    words = word_count(fragment.text)
    return words <= (_MAX_PUNCTUATED_PROMPT_WORDS if fragment.ends_sentence else _MAX_PROMPT_WORDS)


#: A call to action names a channel; "Click here to get more information" without one may be the story's.
_CHANNEL = re.compile(
    r"\b(?:newsletters?|subscri\w+|app|apps|twitter|facebook|instagram|youtube|linkedin|tiktok|whatsapp|telegram|"
    r"inbox|letterbox|mailbox|podcasts?|channel|rss|feed|forums?|(?:e-?mail|news) alerts?|notifications?)\b"
    r"|\b(?:at|on|to|visit) +(?:https?://|www\.)\S+$",  # "Follow our coverage at https://...": a link is one
    re.IGNORECASE)
_CALL_TO_ACTION = re.compile(
    r"^(?:click|tap|subscribe|sign up|follow|download|join|get|let|listen|watch|like|register|support|become)\b",
    re.IGNORECASE)
_FOLLOW_ON_SOCIAL = re.compile(
    r"\bfollow (?:us|him|her|them|@\w+|[A-Z][\w.]*(?: [A-Z][\w.]*){0,5}) on (?:Twitter|Facebook|Instagram|LinkedIn|"
    r"YouTube|TikTok|Threads|Bluesky|Mastodon|X)\b", re.IGNORECASE)
#: An author's note that ends an article with a social-media handle sits among its last lines.
_TAIL_FRAGMENTS = 3
_LABELLED_LINK = re.compile(r"^[^\W\d_][\w .'’-]{0,30}: *(?:https?://|www\.)\S+$")
# (its colon is among the first 32 characters, and a link needs "http" or "www.": tested first, in C)
_MAX_CALL_TO_ACTION_WORDS = 30


def find_calls_to_action(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield lines that ask the reader to subscribe, follow or download, naming a channel, lines that
    are only a labelled link ("iTunes: http://..."), and author notes with a social handle at the end.

    >>> text = "Story.\\n\\nFollow Newsbeat on Instagram, Facebook and YouTube.\\n\\nClick here to read the ruling."
    >>> [r.text for r in find_calls_to_action(Draft.of(text), Config())]
    ['Follow Newsbeat on Instagram, Facebook and YouTube.']
    """
    if not config.enabled("navigation.call-to-action"):
        return
    fragments = draft.remaining()
    for index, fragment in enumerate(fragments):
        text = fragment.text
        if not fragment.whole_line or index == 0:
            continue
        asks = _CALL_TO_ACTION.match(text) and _CHANNEL.search(text) and word_count(text) <= _MAX_CALL_TO_ACTION_WORDS
        if asks or (index >= len(fragments) - _TAIL_FRAGMENTS and _FOLLOW_ON_SOCIAL.search(text)):
            yield claim(fragment, "navigation", "navigation.call-to-action",
                        "asks the reader to follow, subscribe or download, naming the channel")
        elif ":" in text[:32] and ("http" in text or "www." in text) and _LABELLED_LINK.match(text):
            yield claim(fragment, "navigation", "navigation.call-to-action", "a label followed by a bare link")


def find_widgets(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield each fragment that is a known widget, a sign-up prompt or a breadcrumb trail.

    >>> [r.text for r in find_widgets(Draft.of("Text here.\\nLoading...\\nSkip to content"), Config())]
    ['Loading...', 'Skip to content']
    """
    yield from _widgets(draft.remaining(), None, config)


def find_top_widget(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the first remaining fragment if it is a widget, a prompt or a breadcrumb trail.

    Run again once the top has settled: "UPDATED 2 HOURS AGO Home | World" is one line, and the trail
    is a fragment of its own only after the date header is cut.
    """
    yield from _widgets(draft.remaining(), 1, config)


@lru_cache(maxsize=32)
def _widget_words(languages: tuple[str, ...]) -> frozenset[str]:
    # Compared the way lines are, trailing dots aside: the list's "Laden..." is the line "Laden...".
    return frozenset(bare(entry) for entry in terms("navigation", languages))


@lru_cache(maxsize=32)
def _longest_widget(languages: tuple[str, ...]) -> int:
    return max(map(len, _widget_words(languages)), default=0)


def _is_widget(label: str, widgets: frozenset[str], longest: int) -> bool:
    """``bare(label) in widgets``, without casefolding a line too long to be one (most lines are prose)."""
    core = trimmed(label)
    return len(core) <= longest and core.casefold() in widgets


def _widgets(fragments: tuple[Fragment, ...], limit: int | None, config: Config) -> Iterator[Removal]:
    widgets, longest = _widget_words(config.languages), _longest_widget(config.languages)
    prompt = _prompt_prefix(config.languages)
    prompt_pairs = opening_pairs("newsletter-prefixes", config.languages)
    # the rules switched on, asked once rather than at every line
    widget_on, prompt_on = config.enabled("navigation.widget"), config.enabled("navigation.prompt")
    crumb_on = config.enabled("navigation.breadcrumb")
    for index, fragment in enumerate(fragments[:limit]):
        label = strip_bullet(fragment.text)  # a menu rendered as a list is still a menu: "* Menu"
        if widget_on and _is_widget(label, widgets, longest):
            rule, reason = "navigation.widget", "the whole line is a page widget from the navigation word list"
        elif prompt_on and may_open(label, prompt_pairs) and prompt.match(label) and _is_prompt_sized(fragment):
            rule, reason = "navigation.prompt", "a short line that opens like a sign-up, follow or share prompt"
        elif crumb_on and _is_breadcrumb(fragment.text):
            rule, reason = "navigation.breadcrumb", "short labels joined by breadcrumb separators"
        else:
            continue
        # Related content is left to the related passes; asked only of the lines a rule here would take
        # (every test is a pure function of the line and its neighbours, so the order changes no answer).
        if not is_related_content(fragments, index, config):
            yield claim(fragment, "navigation", rule, reason)


def _is_edge_crumb(fragment: Fragment, config: Config) -> bool:
    words = word_count(fragment.text)
    return (0 < words <= config.max_edge_crumb_words and not fragment.ends_sentence
            and not is_bullet(fragment.text) and not fragment.text.endswith((",", '"', "”", "’", "'")))


#: A cookie banner or a site notice is a paragraph; a longer block that names the phrases is a story.
_MAX_NOTICE_WORDS = 90


def _cookie_notice(languages: tuple[str, ...]) -> re.Pattern[str]:
    """The phrases of the list as whole words."""
    return phrase_regex(r"(?<!\w)(?:{cookie-notices})(?!\w)", languages)


def _site_notice(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex(r"(?<!\w)(?:{site-notices})(?!\w)", languages)


#: A WordPress shortcode the extractor left in the text: "[button link=...]Send us your review[/button]".
_SHORTCODE = re.compile(r"^\[(?P<tag>[a-z][a-z0-9_-]{0,30})(?:[ =][^\]]{0,500})?\].{0,500}\[/(?P=tag)\]$")


def find_cookie_notices(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the cookie-consent banner: a paragraph in which the site tells the reader it uses cookies.

    The phrases speak for the site ("This website uses cookies", "we use cookies", "you agree to our use
    of cookies"); a story about tracking says "the site used cookies" and stays. The paragraph must name
    cookies ("By continuing to browse" alone is not a banner). The phrase search runs only on the lines that
    the phrase index says hold a phrase of the list.

    >>> text = "This website uses cookies. By continuing you agree.\\n\\nThe regulator said the site used cookies."
    >>> [r.text for r in find_cookie_notices(Draft.of(text), Config())]
    ['This website uses cookies. By continuing you agree.']
    """
    if not config.enabled("navigation.cookie-notice"):
        return
    holding = holding_lines(draft, "cookie-notices", config.languages)
    if not holding:
        return
    notice = _cookie_notice(config.languages)
    for fragment in draft.remaining():
        text = fragment.text
        if (fragment.line.index in holding and "cookie" in text.lower() and word_count(text) <= _MAX_NOTICE_WORDS
                and notice.search(text)):
            yield claim(fragment, "navigation", "navigation.cookie-notice",
                        "the site tells the reader it uses cookies: a consent banner")


def find_site_notices(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the site's notices about the page itself, and shortcodes its extractor left behind.

    A reprint notice ("This copy is for your personal, non-commercial use only"), a closed comment
    section ("Comments are closed"): the site speaking of its own page, never the story. A shortcode
    ("[button link=...]Send us your review[/button]") is markup of the site's editor, not text.

    >>> text = "The story.\\n\\nComments are closed.\\n\\n[button link=\\"/x\\"]Send us YOUR review[/button]"
    >>> [r.text for r in find_site_notices(Draft.of(text), Config())]
    ['Comments are closed.', '[button link="/x"]Send us YOUR review[/button]']
    """
    if not config.enabled("navigation.site-notice"):
        return
    notice = _site_notice(config.languages)
    # the lines that hold a phrase of the list: the pattern runs on their fragments only
    holding = holding_lines(draft, "site-notices", config.languages)
    for fragment in draft.remaining():
        text = fragment.text
        if fragment.whole_line and text.startswith("[") and _SHORTCODE.match(text):
            yield claim(fragment, "navigation", "navigation.site-notice",
                        "a shortcode of the site's editor left in the text")
        elif fragment.line.index in holding and word_count(text) <= _MAX_NOTICE_WORDS and notice.search(text):
            yield claim(fragment, "navigation", "navigation.site-notice",
                        "the site speaks of its own page: a reprint, copyright, affiliate or comment notice")


#: A tag is a keyword or a short name; a list of them has no sentence in it.
_MAX_TAG_WORDS = 6
_MAX_TAG_CHARS = 60
_TAG_SEPARATOR = re.compile(r"(?<! ) *[,;|] *|(?<! ) +[·•] +")  # (?<! ): a run of spaces is tried from its start


def _tag_label(languages: tuple[str, ...]) -> re.Pattern[str]:
    """A tags label alone ("Tags", "Schlagwörter:") or opening a line before a colon ("Tags: a, b")."""
    return phrase_regex(r"^(?:{tag-labels}) *(?:[:：] *(?P<rest>.*))?$", languages)


def _tags(text: str) -> list[str] | None:
    """The tags of a keyword line ("stock car 2018, stock car brasil"), or None when it is not one.

    >>> _tags("stock car 2018, stock car brasil, Interlagos"), _tags("The race was run, and won.")
    (['stock car 2018', 'stock car brasil', 'Interlagos'], None)
    """
    items = [item for item in _TAG_SEPARATOR.split(strip_bullet(text).strip(" ,;|")) if item]
    if not items or any(not 0 < word_count(item) <= _MAX_TAG_WORDS or len(item) > _MAX_TAG_CHARS
                        or ends_sentence(item) for item in items):
        return None
    return items


#: One "tag" of this many words or more over a paragraph of prose is a subheading under a stray label.
_MIN_SUBHEADING_WORDS = 3


def _is_subheading(tags: list[str], fragments: tuple[Fragment, ...], start: int) -> bool:
    """True when the one "tag" under a lone label is the story's next subheading: several words over a
    paragraph of prose ("Mots-clés" / "Local council in Lisbon" / "The council met on ..."). A tag line
    ends the article or sits among other furniture; a lone label left over by the extraction (its tags were
    links the rendering lost) lands anywhere, and the heading under it must stay. The widget pass still
    takes the lone label.
    """
    if len(tags) != 1 or word_count(tags[0]) < _MIN_SUBHEADING_WORDS or start + 1 >= len(fragments):
        return False
    following = fragments[start + 1].text
    return ends_sentence(following) and word_count(following) > _MAX_TAG_WORDS


def _tag_items(fragments: tuple[Fragment, ...], start: int) -> list[list[str]]:
    """The tags of each fragment from ``start`` that lists them under a label: one keyword line, or a run
    of bulleted tags that the next unbulleted line ends (a run that turns into longer bullets is a list
    of headlines, which the related passes read)."""
    if start >= len(fragments) or not fragments[start].whole_line:
        return []
    if not is_bullet(fragments[start].text):
        tags = _tags(fragments[start].text)
        if tags and _is_subheading(tags, fragments, start):
            return []
        return [tags] if tags else []
    found: list[list[str]] = []
    end = start
    while end < len(fragments) and is_bullet(fragments[end].text) and fragments[end].whole_line:
        tags = _tags(fragments[end].text)
        if tags is None:
            return []
        found.append(tags)
        end += 1
    return found


def find_tag_lists(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield a page's tag list: its label ("Tags", "Themen", "Mots-clés") and the keywords under it, or
    "Tags: a, b, c" on one line. Tags index the page; they are not part of the story.

    Each keyword must be short and no sentence: "Topics" over a paragraph of prose takes nothing (the
    widget pass still takes a lone label). A label that also heads related stories ("Related topics" over
    bullets) is left to the related passes.

    >>> text = "The race ended.\\n\\nTags\\n\\nstock car 2018, stock car brasil\\n\\nTags: Brazil, motorsport"
    >>> [r.value for r in find_tag_lists(Draft.of(text), Config())]
    [None, 'stock car 2018, stock car brasil', 'Brazil, motorsport']
    """
    if not config.enabled("navigation.tag-list"):
        return
    label = _tag_label(config.languages)
    label_pairs = opening_pairs("tag-labels", config.languages)  # a line opening with none: no label
    fragments = draft.remaining()
    # A label is a whole phrase of the list: only the fragments of the lines the phrase index points to
    # may be one. The first fragment is never a label, and the tag lines under a label are not read again.
    resume = 1
    for index in fragments_on(draft, holding_lines(draft, "tag-labels", config.languages)):
        if index < resume:
            continue
        fragment = fragments[index]
        match = None
        if fragment.whole_line:
            stripped = strip_bullet(fragment.text)
            match = label.match(stripped) if may_open(stripped, label_pairs) else None
        if match is None or is_related_content(fragments, index, config):
            # "Related topics" over a bulleted list is also a related-stories header: the related passes
            # take it and keep its items as headlines
            continue
        rest = match.group("rest")
        if rest:
            tags = _tags(rest)
            if tags:
                yield claim(fragment, "navigation", "navigation.tag-list", "a tags label and its keywords",
                            value=", ".join(tags))
            continue
        lines = _tag_items(fragments, index + 1)
        if lines:
            yield claim(fragment, "navigation", "navigation.tag-list",
                        f"the label over {sum(map(len, lines))} tag(s)")
            for item, tags in zip(fragments[index + 1 :], lines, strict=False):
                yield claim(item, "navigation", "navigation.tag-list", f"a tag line under {fragment.text!r}",
                            value=", ".join(tags))
        resume = index + 1 + len(lines)


#: A contact or imprint line is an address line, not a paragraph.
_MAX_CONTACT_WORDS = 40
_DIGIT = re.compile(r"\d")  # a number needs a digit: one scan in C spares the label search on most lines


def _contact_number(languages: tuple[str, ...]) -> re.Pattern[str]:
    """A labelled phone, fax or registration number: "Tel: +82 2 751 1500", "CNPJ: 83.102.459/0001-23",
    "VAT No: GB 716 6328 31"."""
    return phrase_regex(r"(?<!\w)(?:{contact-labels})(?!\w) ?[:.]? ?(?-i:[A-Z]{2} ?)?[+(]?\d", languages)


#: "Write to Al Root at allen.root@dowjones.com": a short line, an address at its end.
_MAX_WRITE_TO_WORDS = 12


def _write_to(languages: tuple[str, ...]) -> re.Pattern[str]:
    """A line that opens with a contact verb and ends with an e-mail address."""
    return phrase_regex(r"^(?:{contact-verbs})(?!\w)[^@]{0,120}?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\.?$", languages)


def find_contact_lines(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the contact or imprint lines of a site or a company: a line, not a sentence, that gives a
    labelled phone, fax or registration number ("Seoul : 43, Jeongdong-gil ... / TEL : +82 2 751 1500").

    A story gives a number in a sentence ("Call the helpline on 0800 123 456."), which stays; a line that
    ends with its number may end with a full stop.

    The same goes for a short line that tells the reader where to write, opening with a contact verb
    and ending with an e-mail address ("Write to Al Root at allen.root@dowjones.com"); a sentence that
    goes on after the address ("Email tips to news@example.com and we will reply.") stays.

    >>> text = "Story.\\n\\nTelephone: 01507 529529 | Company No. 3676192\\n\\nCall us (tel: 0800 123 456) today."
    >>> [r.text for r in find_contact_lines(Draft.of(text), Config())]
    ['Telephone: 01507 529529 | Company No. 3676192']
    >>> [r.text for r in find_contact_lines(Draft.of("Story.\\n\\nWrite to Al Root at al.root@example.com"), Config())]
    ['Write to Al Root at al.root@example.com']
    """
    if not config.enabled("navigation.contact-line"):
        return
    number = _contact_number(config.languages)
    write_to = _write_to(config.languages)
    # a labelled number needs a whole contact label: only the lines the phrase index points to hold one
    labelled = holding_lines(draft, "contact-labels", config.languages)
    for fragment in draft.remaining():
        if not fragment.whole_line:
            continue
        text = fragment.text
        if (fragment.line.index in labelled and (not fragment.ends_sentence or text.rstrip(".")[-1:].isdigit())
                and _DIGIT.search(text) and not has_words(text, _MAX_CONTACT_WORDS + 1) and number.search(text)):
            yield claim(fragment, "navigation", "navigation.contact-line",
                        "a line giving a labelled phone, fax or registration number: contact or imprint")
        elif "@" in text and not has_words(text, _MAX_WRITE_TO_WORDS + 1) and write_to.match(text):
            yield claim(fragment, "navigation", "navigation.contact-line",
                        "a line telling the reader where to write: an e-mail address after a contact verb")


def find_edge_crumbs(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the short unpunctuated lines after the last paragraph: section names, menu items.

    The text before them must keep at least one fragment: a text made only of short lines is left alone,
    and so is a longer run of short lines (an info box of prices and phone numbers ends many event pages).

    >>> [r.text for r in find_edge_crumbs(Draft.of("The war ended in 2020.\\n\\nRoute 6"), Config())]
    ['Route 6']
    """
    if not config.enabled("navigation.edge-crumb"):
        return
    fragments = draft.remaining()
    crumbs: list[Fragment] = []
    for fragment in reversed(fragments):
        if not fragment.whole_line or not _is_edge_crumb(fragment, config):
            break
        crumbs.append(fragment)
    if len(crumbs) == len(fragments) or len(crumbs) > _MAX_EDGE_CRUMBS:
        return
    for fragment in reversed(crumbs):
        yield claim(fragment, "navigation", "navigation.edge-crumb",
                    f"a line of {word_count(fragment.text)} word(s) without final punctuation after the last paragraph")


#: A blog's archive widget: months or years, each with its number of posts ("Agosto (224)", "► 2019 (120)",
#: "October 2019 (1)"), at least this many lines in a row.
_MIN_ARCHIVE_ITEMS = 3


#: Where a line ends with a count in brackets, as each line of an archive does: the literal bracket lets
#: ``re`` skip to the candidates, instead of trying a pattern at the start of every line.
_COUNT_AT_LINE_END = re.compile(r"\(\d{1,6}\)[^\S\n]*(?=\n|\Z)")


@lru_cache(maxsize=32)
def _archive_item(languages: tuple[str, ...]) -> re.Pattern[str]:
    """A whole line of an archive widget: a mark ("►", "+", the renderer's "o"), a month (with its year) or a
    year, and a count in brackets."""
    months = prefix_alternation(entry.rpartition(" ")[0] for entry in entries("months", languages))
    return re.compile(rf"(?:(?:[^\w\s]|o) +)?(?:(?:{months})\.?(?: +\d{{4}})?|\d{{4}}) *\(\d{{1,6}}\)",
                      re.IGNORECASE)


def _runs_in_a_row(fragments: Sequence[Fragment], indexes: Iterable[int],
                   accept: Callable[[Fragment], bool]) -> list[list[Fragment]]:
    """The fragments at ``indexes`` (in text order) that ``accept`` takes, in runs of fragments in a row."""
    runs: list[list[Fragment]] = []
    previous = -2
    for index in indexes:
        fragment = fragments[index]
        if not accept(fragment):
            continue
        if index != previous + 1 or not runs:
            runs.append([])
        runs[-1].append(fragment)
        previous = index
    return runs


def find_archive_lists(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the lines of a blog's archive widget: ``_MIN_ARCHIVE_ITEMS`` or more lines in a row, each a
    month or a year with its number of posts. A page rendered whole keeps its sidebar; no article lists
    its months so.

    One search of the text finds the lines that end with a count in brackets; only the fragments on them
    are looked at.

    >>> text = "The post ends.\\n\\n+ Novembro (113)\\n+ Outubro (217)\\n+ Setembro (193)\\n\\nKeine 2019 (3)"
    >>> [r.text for r in find_archive_lists(Draft.of(text), Config())]
    ['+ Novembro (113)', '+ Outubro (217)', '+ Setembro (193)']
    """
    if not config.enabled("navigation.archive"):
        return
    ends = [found.start() for found in _COUNT_AT_LINE_END.finditer(draft.text)]
    if len(ends) < _MIN_ARCHIVE_ITEMS:
        return
    item = _archive_item(config.languages)
    lines = {line.index for line in map(draft.line_at, ends) if line is not None}
    fragments = draft.remaining()
    runs = _runs_in_a_row(fragments, fragments_on(draft, lines),
                          lambda fragment: fragment.whole_line and item.fullmatch(fragment.text) is not None)
    for run in runs:
        if len(run) >= _MIN_ARCHIVE_ITEMS:
            for line in run:
                yield claim(line, "navigation", "navigation.archive",
                            f"one of {len(run)} lines of a blog archive: months or years with their number of posts")


#: The bullets a text renderer gives the levels of a nested list (inscriptis and lynx: "* " for the first,
#: "+ " for the second, "o " for the third, "- " after), and the one that says an item is nested.
_LEVEL_MARKS = frozenset({"* ", "+ ", "o ", "- "})
_NESTED_MARK = "+ "
#: A menu tree is at least this many items in a row, and this share of them are labels: at most
#: ``_MENU_LABEL_WORDS`` words, without final punctuation nor digits ("o Backpacking Tents", "+ Who We
#: Serve"; "+ Waist width 65mm" under a product's size is one of its measures).
_MIN_MENU_ITEMS = 5
_MENU_LABEL_WORDS = 6
_MENU_LABEL_SHARE = 0.9


def find_menu_trees(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the items of a site's menu rendered as a nested list: ``_MIN_MENU_ITEMS`` or more items in a
    row, some of them on the second level (``_NESTED_MARK``), nearly all short labels.

    A whole page rendered as text (inscriptis, lynx) keeps its menus as lists nested by their bullets:
    "* Camp & Hike" / "+ Backpacks" / "o Daypacks". The classifier reads such a list among a shop's items or
    a documentation page's entries as one more list of short items. A list of sentences ("+ Early departures
    will not be permitted." in an offer's terms), of measures or of one level is left to it.

    >>> menu = "\\n".join(["* Shop", "+ Camp", "o Tents", "o Packs", "+ Climb", "o Ropes"])
    >>> [r.text for r in find_menu_trees(Draft.of(f"A story.\\n\\n{menu}\\n\\nMore."), Config())]
    ['* Shop', '+ Camp', 'o Tents', 'o Packs', '+ Climb', 'o Ropes']
    """
    if not config.enabled("navigation.menu-tree"):
        return
    fragments = draft.remaining()
    for run in _runs_in_a_row(fragments, range(len(fragments)), _is_list_item):
        if len(run) < _MIN_MENU_ITEMS or not any(item.text.startswith(_NESTED_MARK) for item in run):
            continue
        labels = sum(1 for item in run if _is_menu_label(item.text[2:]))
        if labels < _MENU_LABEL_SHARE * len(run):
            continue
        for item in run:
            yield claim(item, "navigation", "navigation.menu-tree",
                        f"one of {len(run)} items of a nested list of short labels: a site's menu")


def _is_list_item(fragment: Fragment) -> bool:
    """A whole line opening with one of ``_LEVEL_MARKS`` and a label after it."""
    text = fragment.text
    return fragment.whole_line and text[:2] in _LEVEL_MARKS and len(text) > 2 and not text[2].isspace()


def _is_menu_label(text: str) -> bool:
    """A few words without final punctuation nor digits (``_MENU_LABEL_WORDS``)."""
    return not ends_sentence(text) and not has_words(text, _MENU_LABEL_WORDS + 1) and not any(map(str.isdigit, text))
