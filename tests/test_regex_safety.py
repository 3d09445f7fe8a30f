"""Every regular expression in ``src/cleaner``, fed the strings that make a backtracking engine suffer.

Python's ``re`` backtracks: a pattern such as ``\\s*,\\s*`` used with ``split`` scans a run of n spaces
from each of its n positions, and a nested or ambiguous quantifier does worse. Web text brings those
runs (a line of 100 000 dashes, a title padded with spaces, a caption that opens a bracket and never
closes it), so each pattern is checked here, not trusted:

* the patterns are *collected*, not listed: module-level patterns (and those in tuples of patterns), the
  patterns built from the vocabularies by ``lru_cache``'d builders (called with every shipped language:
  the largest alternations), and literal patterns passed to ``re.match``/``re.split``/... inside
  functions. A test fails when a new ``re`` call site builds a pattern this collection cannot reach;
* the attack strings are *derived from each pattern*: for every quantifier that can repeat without
  bound, the characters its body matches are repeated (after the prefix that leads the pattern to it,
  with and without the rest of a match after them, and alone), followed by an end that makes the match
  fail; plus a flood of near misses (the start of a match, repeated);
* each attack is timed at two sizes, the way the code uses the pattern (``re.match`` call sites from the
  start only; everything else, like ``search``/``split``/``sub``, from every position): four times the
  input must take less than eight times as long (linear is 4, quadratic 16; best of several runs). A
  pattern that takes more than a second on one attack fails at once.

Timing lives here (and only here) because the issue asks for growth by ratio: within one test, on the
same machine, a ratio of two sizes does not depend on the machine's speed; and it is the thread's CPU
time, so other processes on the machine do not move it either.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import cleaner
from cleaner.config import SUPPORTED_LANGUAGES

try:  # Python 3.11+
    import re._constants as sre_constants
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

SOURCE = Path(cleaner.__file__).parent
#: Characters of the attack at the small size; the large size is ``GROWTH`` times as many.
SMALL = 4_000
GROWTH = 4
#: Four times the input may at most do this to the time: linear is 4, quadratic 16; 8 is 2.8 per doubling
#: (a bit more than 2 allows for caches: a pattern's time per character rises as its input outgrows them).
MAX_RATIO = 8.0
#: Below this many seconds at the large size, a pattern is linear in practice: a quadratic scan of 16 000
#: characters takes tens of milliseconds at least.
FAST_ENOUGH_S = 0.002
#: One attack taking longer than this at the small size is a failure without further measurement.
HOPELESS_S = 1.0
#: How the attack ends: nothing, or a character the pattern does not expect there, so the match fails.
_ENDINGS = ("", "!", "\n", "\x00")
#: Characters tried as a member of a character class, in order of preference.
_PROBES = "aZ0 .-_/|:,;'\"é»•()[]<>\n\t!?=x©’"

_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
            *((sre_constants.POSSESSIVE_REPEAT,) if hasattr(sre_constants, "POSSESSIVE_REPEAT") else ()))
_RE_FUNCTIONS = frozenset({"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall",
                           "finditer"})


@dataclass(frozen=True)
class Audited:
    """A pattern, where it was found, and whether the code only ever matches it from the start."""

    name: str
    pattern: re.Pattern[str] | re.Pattern[bytes]
    from_start_only: bool = False


# ---------------------------------------------------------------------------
# Collecting the patterns
# ---------------------------------------------------------------------------

def _modules() -> Iterator[object]:
    """The package's Python modules: a compiled one (``cleaner._forest``, when built) has no source to read,
    and no patterns."""
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        module = importlib.import_module(info.name)
        if str(getattr(module, "__file__", "")).endswith(".py"):
            yield module


def _patterns_in(value: object, depth: int = 0) -> Iterator[re.Pattern[str] | re.Pattern[bytes]]:
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)
    elif depth < 3 and (hasattr(value, "__dataclass_fields__") or hasattr(value, "_fields")):
        names = getattr(value, "__dataclass_fields__", None) or value._fields  # type: ignore[attr-defined]
        for name in names:
            yield from _patterns_in(getattr(value, name), depth + 1)


def _is_vocabulary_builder(value: object) -> bool:
    """A function of the languages only (``lru_cache``'d, or built on the cached ``phrase_regex``): it builds
    patterns from the word lists."""
    return (inspect.isfunction(getattr(value, "__wrapped__", value))
            and list(inspect.signature(value).parameters) == ["languages"])  # type: ignore[arg-type]


def _re_calls(tree: ast.AST) -> Iterator[tuple[ast.Call, ast.AST | None]]:
    """Every ``re.<function>(...)`` call with the function definition it sits in (None: module level)."""
    def walk(node: ast.AST, function: ast.AST | None) -> Iterator[tuple[ast.Call, ast.AST | None]]:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and isinstance(child.func.value, ast.Name) and child.func.value.id == "re"
                    and child.func.attr in _RE_FUNCTIONS):
                yield child, function
            yield from walk(child, inner)
    yield from walk(tree, None)


#: Where each ``re`` function takes its flags positionally.
_FLAGS_POSITION = {"compile": 1, "match": 2, "fullmatch": 2, "search": 2, "findall": 2, "finditer": 2,
                   "split": 3, "sub": 4, "subn": 4}


def _flags(call: ast.Call, function_name: str) -> int:
    """The flags of a ``re.<function>(literal, ...)`` call (``re.IGNORECASE | re.MULTILINE`` and the like)."""
    given = next((keyword.value for keyword in call.keywords if keyword.arg == "flags"), None)
    if given is None and len(call.args) > _FLAGS_POSITION[function_name]:
        given = call.args[_FLAGS_POSITION[function_name]]
    return int(eval(ast.unparse(given), {"re": re})) if given is not None else 0  # noqa: S307 - our own source


def collect() -> list[Audited]:
    """Every distinct pattern of the package, with the name of the first place it was found."""
    found: dict[tuple[object, int], Audited] = {}

    def add(name: str, pattern: re.Pattern[str] | re.Pattern[bytes], from_start_only: bool = False) -> None:
        found.setdefault((pattern.pattern, pattern.flags), Audited(name, pattern, from_start_only))

    for module in _modules():
        module_name = module.__name__  # type: ignore[attr-defined]
        for name, value in vars(module).items():
            for pattern in _patterns_in(value):
                add(f"{module_name}.{name}", pattern)
            if _is_vocabulary_builder(value) and getattr(value, "__module__", None) == module_name:
                for pattern in _patterns_in(value(SUPPORTED_LANGUAGES)):
                    add(f"{module_name}.{name}()", pattern)
        tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
        for call, _function in _re_calls(tree):
            literal = call.args[0] if call.args else None
            if isinstance(literal, ast.Constant) and isinstance(literal.value, (str, bytes)):
                function_name = call.func.attr  # type: ignore[attr-defined]
                pattern = re.compile(literal.value, _flags(call, function_name))
                add(f"{module_name}:{call.lineno}", pattern, from_start_only=function_name in ("match", "fullmatch"))
    return sorted(found.values(), key=lambda audited: audited.name)


PATTERNS = collect()


def test_every_re_call_site_is_reachable_by_the_audit() -> None:
    """A pattern built inside an ordinary function (from a variable, an f-string) escapes the collection:
    compile it at module level or in an ``lru_cache``'d builder of ``languages``, and it is audited."""
    unreachable = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        builders = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                    and [arg.arg for arg in node.args.args] == ["languages"]
                    and any("lru_cache" in ast.unparse(decorator) for decorator in node.decorator_list)}
        for call, function in _re_calls(tree):
            literal = call.args[0] if call.args else None
            if isinstance(literal, ast.Constant):
                continue
            if function is None or getattr(function, "name", None) in builders:
                continue
            if getattr(function, "name", None) == _PHRASE_FACTORY:
                continue  # its templates come from builders of languages: test_phrase_templates_are_audited
            if isinstance(literal, ast.Attribute) and literal.attr == "pattern":
                continue  # re.compile(other.pattern, flags): the same pattern, audited where it is defined
            unreachable.append(f"{path.relative_to(SOURCE)}:{call.lineno}: {ast.unparse(call)[:80]}")
    assert unreachable == []


#: The one factory of the passes' phrase-list patterns (``cleaner.passes._text.phrase_regex``).
_PHRASE_FACTORY = "phrase_regex"


def test_phrase_templates_are_audited() -> None:
    """Every call of ``phrase_regex`` sits in a function of ``languages`` only, which the collection calls
    with every shipped language: the patterns it builds are audited like the cached builders'."""
    outside = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef) or function.name == _PHRASE_FACTORY:
                continue
            calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)
                     and isinstance(node.func, ast.Name) and node.func.id == _PHRASE_FACTORY]
            if calls and [arg.arg for arg in function.args.args] != ["languages"]:
                outside.append(f"{path.relative_to(SOURCE)}:{function.lineno}: {function.name}")
    assert outside == []


def test_the_collection_finds_every_kind_of_pattern() -> None:
    names = {audited.name for audited in PATTERNS}
    assert len(PATTERNS) >= 50
    assert {"cleaner.normalize._BLANK_RUN", "cleaner.passes.credits._SOURCE_PARTS",        # module level
            "cleaner.passes.credits._inline()", "cleaner.passes.headers._patterns()",      # vocabulary-built
            "cleaner.html.markup._BOX_PATTERNS"} <= names                               # in a tuple
    assert any(name.startswith("cleaner.passes.headers:") and audited.from_start_only   # re.match literal
               for audited in PATTERNS for name in [audited.name])


# ---------------------------------------------------------------------------
# Attack strings derived from a pattern
# ---------------------------------------------------------------------------

def _in_class(char: str, items: list[tuple[object, object]]) -> bool:
    negate = hit = False
    for op, value in items:
        if op is sre_constants.NEGATE:
            negate = True
        elif op is sre_constants.LITERAL:
            hit |= ord(char) == value
        elif op is sre_constants.RANGE:
            low, high = value  # type: ignore[misc]
            hit |= low <= ord(char) <= high
        elif op is sre_constants.CATEGORY:
            name = str(value)
            word = char.isalnum() or char == "_"
            hit |= (not char.isdecimal() if "NOT_DIGIT" in name else char.isdecimal() if "DIGIT" in name
                    else not char.isspace() if "NOT_SPACE" in name else char.isspace() if "SPACE" in name
                    else not word if "NOT_WORD" in name else word if "WORD" in name else False)
    return hit != negate


def _class_members(items: list[tuple[object, object]]) -> list[str]:
    listed = [chr(value) for op, value in items if op is sre_constants.LITERAL]  # type: ignore[arg-type]
    lows = [chr(value[0]) for op, value in items if op is sre_constants.RANGE]  # type: ignore[index]
    return [char for char in dict.fromkeys([*_PROBES, *listed, *lows]) if _in_class(char, items)]


def _children(op: object, value: object) -> list[object]:
    if op is sre_constants.BRANCH:
        return list(value[1])  # type: ignore[index]
    if op is sre_constants.SUBPATTERN:
        return [value[3]]  # type: ignore[index]
    if op in _REPEATS:
        return [value[2]]  # type: ignore[index]
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return [value[1]]  # type: ignore[index]
    if getattr(sre_constants, "ATOMIC_GROUP", None) is op:
        return [value]
    if op is sre_constants.GROUPREF_EXISTS:
        return [branch for branch in value[1:] if branch is not None]  # type: ignore[index]
    return []


def _contains(tree: object, target: object) -> bool:
    return any(value is target or any(_contains(child, target) for child in _children(op, value))
               for op, value in tree)  # type: ignore[attr-defined]


def _example(tree: object, target: object = None, unit: str = "", count: int = 0) -> str:
    """A string the (sub)pattern roughly matches; the ``target`` repeat repeats ``unit`` ``count`` times."""
    out: list[str] = []
    for op, value in tree:  # type: ignore[attr-defined]
        if op in _REPEATS:
            low, _high, body = value
            if value is target:
                out.append(unit * count)
            else:
                inner = _example(body, target, unit, count)
                out.append(inner * max(low, 1) if _contains(body, target) else inner * low)
        elif op is sre_constants.BRANCH:
            branches = value[1]
            chosen = next((b for b in branches if target is not None and _contains(b, target)), branches[0])
            out.append(_example(chosen, target, unit, count))
        elif op is sre_constants.SUBPATTERN:
            out.append(_example(value[3], target, unit, count))
        elif getattr(sre_constants, "ATOMIC_GROUP", None) is op:
            out.append(_example(value, target, unit, count))
        elif op is sre_constants.ASSERT and value[0] < 0:
            out.append(_example(value[1]))  # a positive look-behind needs its text before
        elif op is sre_constants.LITERAL:
            out.append(chr(value))
        elif op is sre_constants.NOT_LITERAL:
            out.append("a" if value != ord("a") else "b")
        elif op is sre_constants.ANY:
            out.append("a")
        elif op is sre_constants.IN:
            members = _class_members(value)
            out.append(members[0] if members else "")
    return "".join(out)


def _unbounded_repeats(tree: object) -> Iterator[tuple[int, int, object]]:
    for op, value in tree:  # type: ignore[attr-defined]
        if op in _REPEATS and (value[1] is sre_constants.MAXREPEAT or value[1] >= 64):
            yield value
        for child in _children(op, value):
            yield from _unbounded_repeats(child)


def _units(body: object) -> list[str]:
    """Short strings the repeated body matches: its example, and each kind of character it accepts."""
    units = {_example(body)}
    if len(body) == 1:  # type: ignore[arg-type]
        op, value = body[0]  # type: ignore[index]
        if op is sre_constants.IN:
            units.update(_class_members(value)[:4])
        elif op is sre_constants.BRANCH:
            units.update(_example(branch) for branch in value[1][:6])
    return sorted(unit for unit in units if unit)


def _parse(pattern: re.Pattern[str] | re.Pattern[bytes]) -> object:
    if isinstance(pattern.pattern, bytes):
        return sre_parse.parse(pattern.pattern.decode("latin-1"), pattern.flags & ~re.ASCII)
    return sre_parse.parse(pattern.pattern, pattern.flags)


def _shape(text: str) -> str:
    """Letters and digits folded, so that "Photo " and "Foto " lead a run of spaces the same way."""
    return re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "0", text))


def attacks(pattern: re.Pattern[str] | re.Pattern[bytes], size: int) -> list[str]:
    """Attack strings of about ``size`` characters, the same list (in the same order) for every size.

    Repeats with the same body led by text of the same shape give the same attack: the vocabulary-built
    alternations have hundreds of ``" +"`` between words, and one of each shape is enough.

    >>> attacks(re.compile(r"\\s*,\\s*"), 4)[:3]
    ['\\t\\t\\t\\t,', '\\t\\t\\t\\t,!', '\\t\\t\\t\\t,\\n']
    """
    tree = _parse(pattern)
    found: dict[tuple[str, str, str, str], str] = {}
    for repeat in _unbounded_repeats(tree):
        for unit in _units(repeat[2]):
            count = max(1, size // len(unit))
            led = _example(tree, repeat, unit, count)
            lead = led[: led.find(unit * count)]
            cut = lead + unit * count  # without the rest of the pattern, which would let it match at once
            for run, shape in ((led, "led by " + _shape(lead)), (cut, "cut, led by " + _shape(lead)),
                               (unit * count, "alone")):
                for ending in _ENDINGS:
                    found.setdefault((str(repeat[2]), unit, shape, ending), run + ending)
    near_miss = _example(tree)[:-1] or _example(tree)
    if near_miss:
        for ending in _ENDINGS[:2]:
            found.setdefault(("near miss", "", near_miss, ending), near_miss * max(1, size // len(near_miss)) + ending)
    return list(found.values())


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------

def _seconds(audited: Audited, text: str, runs: int) -> float:
    pattern = audited.pattern
    subject: str | bytes = text.encode("utf-8", "surrogatepass") if isinstance(pattern.pattern, bytes) else text
    best = float("inf")
    for _ in range(runs):
        # CPU time of this thread, not the wall clock: a test run shares two cores with other processes, and
        # time spent preempted would make a linear pattern look quadratic
        started = time.thread_time()
        if audited.from_start_only:
            pattern.match(subject)  # type: ignore[arg-type]
        else:
            for _match in pattern.finditer(subject):  # type: ignore[arg-type]
                pass
        best = min(best, time.thread_time() - started)
        if best > HOPELESS_S:
            break
    return best


def growth(audited: Audited, small: str, large: str) -> tuple[float, float] | None:
    """Seconds at both sizes when the large one is slow enough to be worth a ratio, else None."""
    small_s = _seconds(audited, small, runs=1)
    if small_s > HOPELESS_S:
        return small_s, small_s * GROWTH**2  # not worth waiting for the large size: it is hopeless already
    large_s = _seconds(audited, large, runs=1)
    if large_s < FAST_ENOUGH_S:
        return None
    for runs in (3, 7):  # a second, longer look before calling it: a busy machine can lie once
        if large_s <= MAX_RATIO * small_s:
            break
        small_s, large_s = _seconds(audited, small, runs=runs), _seconds(audited, large, runs=runs)
    return small_s, large_s


def first_superlinear(audited: Audited, size: int = SMALL) -> str | None:
    """The first attack whose time grows faster than linearly with its size, described; None if none does.

    A pattern that needs at least n characters to match (``[^<>]{10000,}``) fails shorter input at once:
    both sizes are then above that minimum, or the ratio would only measure the shortcut.
    """
    size = max(size, 2 * _parse(audited.pattern).getwidth()[0])  # type: ignore[attr-defined]
    for small, large in zip(attacks(audited.pattern, size), attacks(audited.pattern, GROWTH * size), strict=True):
        timing = growth(audited, small, large)
        if timing is not None and timing[1] > MAX_RATIO * timing[0]:
            return (f"{small[:24]!r}... {GROWTH} times as long -> {timing[1] / timing[0]:.1f} times the time "
                    f"({timing[1] * 1000:.0f} ms)")
    return None


@pytest.mark.parametrize("audited", PATTERNS, ids=[audited.name for audited in PATTERNS])
def test_pattern_time_grows_linearly(audited: Audited) -> None:
    assert first_superlinear(audited) is None, f"{audited.pattern.pattern!r} backtracks"


def test_the_check_catches_a_quadratic_pattern() -> None:
    """The harness itself: a pattern known to scan a run of spaces from each position must fail it."""
    assert first_superlinear(Audited("quadratic", re.compile(r"\s*,\s*")), size=1000) is not None


# ---------------------------------------------------------------------------
# The patterns this audit made linear still give the same answers
# ---------------------------------------------------------------------------

_REWRITTEN = [
    # (the pattern before, the pattern now, the characters that matter to it)
    (r"\s*/\s*|\s+via\s+|\s*\|\s*|\s*;\s*|\s*,\s*", "cleaner.passes.credits._SOURCE_PARTS", " \t/|;,viaAB"),
    (r" +[>/|»›→] +|[»›]", "cleaner.passes.navigation._CRUMB_SEPARATOR", " >/|»›→ab"),
]


@pytest.mark.parametrize(("before", "now", "alphabet"), _REWRITTEN, ids=[now for _, now, _ in _REWRITTEN])
def test_a_rewritten_pattern_splits_as_before(before: str, now: str, alphabet: str) -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    module, name = now.rsplit(".", 1)
    current: re.Pattern[str] = getattr(importlib.import_module(module), name)
    reference = re.compile(before)

    @given(st.text(alphabet=alphabet, max_size=16))
    def same_split(text: str) -> None:
        assert current.split(text) == reference.split(text)

    same_split()


def test_title_parts_split_as_before() -> None:
    from cleaner.html.page import _title_parts

    assert _title_parts("Storm hits coast | Daily News") == ["Storm hits coast", "Daily News"]
    assert _title_parts("Storm hits coast  -  Daily :: Weather") == ["Storm hits coast", "Daily", "Weather"]
    assert _title_parts("Well-known - x") == ["Well-known", "x"]
    assert _title_parts("No separator here") == []


def test_inline_credit_in_brackets_still_found() -> None:
    import cleaner

    article = cleaner.clean("The ministry said so.\n\nFirefighters at the scene on Monday. (Photo: AFP)\n\n"
                            "The fire was put out by the evening, officials said.")
    assert article.photo_credits == ("AFP",)
    assert article.captions == ("Firefighters at the scene on Monday.",)
    assert [removal.rule for removal in article.removed if removal.kind == "photo-credit"] == ["credits.inline"]
