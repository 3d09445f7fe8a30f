"""Hostile input: what the worst of the web hands a preprocessing step, through the library and the CLI.

The promise (README, "Safety"): bytes are decoded or refused with an ``InputError`` that says why, never a
traceback and never silent mojibake; every size has a limit in ``Config`` and going over it is an error
at once, not an out-of-memory; HTML is parsed offline, without resolving entities, and deep or
attribute-heavy markup neither crashes nor hangs nor loses the text it holds.

Nothing here times anything: a test that would hang is stopped by ``within(seconds)``, a guard of
minutes-scale generosity that fails the test instead of the CI job. Growth by ratio is measured where the
issue asks for it, in ``tests/test_regex_safety.py``.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import json
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner
from cleaner import Config, ConfigError, InputError
from cleaner import files as cleaner_files
from cleaner.cli import main
from cleaner.files import decode, read_bytes, read_stream
from cleaner.html import clean_document

STORY = ("Storm hits coast\n\n"
         "The storm reached the coast on Monday night, officials said. Thousands lost power — café owners too.\n\n"
         "Schools stayed closed on Tuesday while crews worked to restore electricity across the région.\n")
BODY = STORY.split("\n\n", 1)[1].strip()


@contextlib.contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail (rather than hang) when the block runs longer than ``seconds``: a guard, not a measurement."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: this input hangs")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], input=stdin, capture_output=True,
                          timeout=300)


# ---------------------------------------------------------------------------
# Bytes: decoded sensibly or refused clearly
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                      "utf-32-le", "utf-32-be", "cp1252"])
def test_text_in_any_common_encoding_decodes_exactly(encoding: str) -> None:
    """UTF-16 and UTF-32 with or without a byte-order mark, and a whole file in Windows-1252."""
    assert decode(STORY.encode(encoding)) == STORY


@pytest.mark.parametrize(("text", "encoding"), [
    ("Президент заявил, что переговоры продолжатся на следующей неделе.", "cp1251"),
    ("Президент заявил, что переговоры продолжатся на следующей неделе.", "koi8_r"),
    ("Zażółć gęślą jaźń, powiedział minister w poniedziałek.", "cp1250"),
    ("東京で大きな地震がありました。政府は被害を調査しています。", "shift_jis"),
    ("Café — déjà vu", "cp1252"),  # short: several code pages fit, and the web's usual one wins the tie
])
def test_legacy_encodings_are_detected(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == text


def test_a_stray_byte_in_utf8_does_not_turn_the_file_into_mojibake() -> None:
    data = STORY.encode("utf-8")
    middle = data.index(b"Thousands")
    text = decode(data[:middle] + b"\xff" + data[middle:])
    assert text == STORY[: STORY.index("Thousands")] + "ÿ" + STORY[STORY.index("Thousands"):]


def test_utf8_cut_in_the_middle_of_a_character_keeps_the_rest() -> None:
    data = (STORY.strip() + " é").encode("utf-8")[:-1]  # the last character loses its second byte
    assert decode(data) == STORY.strip() + " \ufffd"


def test_mixed_encodings_are_read_line_by_line_as_they_were_written() -> None:
    """A Windows-1252 line pasted into a UTF-8 file: both stay readable."""
    data = STORY.encode("utf-8") + "Ein Café in München, à la française.\n".encode("cp1252") + STORY.encode("utf-8")
    assert decode(data) == STORY + "Ein Café in München, à la française.\n" + STORY


@pytest.mark.parametrize(("data", "message"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 4, "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4, "JPEG"),
    (gzip.compress(STORY.encode()), "gzip"),
    (b"PK\x03\x04\x14\x00" + bytes(range(256)), "ZIP"),
    (b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)), "MP4"),
    (b"abc\x00def\x00" * 100, "NUL bytes"),
    (bytes((i * 7919 + 13) % 256 for i in range(5000)), "binary"),
    (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "byte-order mark"),
])
def test_binary_is_refused_with_what_it_is(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data)
    if message == "gzip":  # what the CLI and batch call decompresses gzip, then cleans what it holds
        assert clean_document(data).text == clean_document(gzip.decompress(data)).text
        return
    with pytest.raises(InputError, match=message):
        clean_document(data)  # what the CLI and batch call: the same refusal for "HTML"


@pytest.mark.parametrize("data", [b"", b"  \n\t\n\r\n   \xc2\xa0 \n", codecs.BOM_UTF8, "\u3000\n".encode("utf-16"),
                                  b"\x00", b"<html><body>  </body></html>", b"<html><!-- a comment --></html>",
                                  b"\n" * 10_000])
def test_empty_and_blank_documents_give_an_empty_article(data: bytes) -> None:
    article = clean_document(data)
    assert article.text == "" and article.paragraphs == () and article.removed == ()


@given(st.binary(max_size=300))
def test_any_bytes_give_an_article_or_an_input_error(data: bytes) -> None:
    try:
        article = clean_document(data)
    except InputError:
        return
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


_SIGNATURES = ("\ufeff", "%PDF-", "GIF8", "RIFF", "PK\x03\x04", "\x7fELF", "II*", "MM")


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_any_text_encoded_by_a_unicode_codec_comes_back(text: str) -> None:
    assert decode(text.encode("utf-16")) == decode(text.encode("utf-32")) == text
    if not text.startswith(_SIGNATURES):
        assert decode(text.encode("utf-8")) == text


def test_clean_refuses_bytes_and_other_types_with_what_to_do() -> None:
    with pytest.raises(InputError, match="decode them first"):
        cleaner.clean(STORY.encode())  # type: ignore[arg-type]
    with pytest.raises(InputError, match="expected str, got NoneType"):
        cleaner.clean(None)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="expected str or bytes"):
        cleaner.clean_html(["<p>x</p>"])  # type: ignore[arg-type]


def test_control_characters_and_lone_surrogates_in_a_str_are_cleaned_not_fatal() -> None:
    text = "Title\x00\x07\x1b[31m\n\n\ud800Body\u202e text\ufeff with \x85 odd\u2028characters.\x7f"
    article = cleaner.clean(text)
    assert "\x00" not in article.normalized and "\ud800" not in article.normalized
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")  # every output format can be written


# ---------------------------------------------------------------------------
# The command line on hostile files: one line per bad file, the others written, no traceback
# ---------------------------------------------------------------------------

def test_cli_batch_of_hostile_files(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes(STORY.encode("utf-16-le"))
    hostile = {
        "report.pdf.html": b"%PDF-1.4\n" + bytes(range(256)),
        "logo.html": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "dump.txt": bytes((i * 7919 + 13) % 256 for i in range(5000)),
        "broken.txt.gz": gzip.compress(STORY.encode())[:-12],  # cut short
    }
    for name, data in hostile.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_bytes(b" \n\t\n")
    names = [str(good), *(str(tmp_path / name) for name in hostile), str(tmp_path / "empty.txt"),
             str(tmp_path / "blank.html")]
    result = run_cli("clean", *names, "--format", "jsonl")
    assert result.returncode == 1
    errors = result.stderr.decode().splitlines()
    assert len(errors) == len(hostile) and b"Traceback" not in result.stderr
    assert all(line.startswith("cleaner: ") and "InputError: " in line for line in errors)
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [Path(record["source"]).name for record in records] == ["good.txt", "empty.txt", "blank.html"]
    assert records[0]["text"] == BODY and records[1]["text"] == records[2]["text"] == ""


def test_cli_stdin_in_utf16_without_a_mark() -> None:
    result = run_cli("clean", "-", stdin=STORY.encode("utf-16-be"))
    assert result.returncode == 0 and result.stdout.decode() == BODY + "\n"


# ---------------------------------------------------------------------------
# Size limits
# ---------------------------------------------------------------------------

def test_the_limits_have_documented_defaults_and_are_validated() -> None:
    config = Config()
    assert (config.max_input_chars, config.max_input_bytes, config.max_line_chars, config.max_paragraphs) == (
        5_000_000, 20_000_000, 200_000, 20_000)
    for name in ("max_input_bytes", "max_line_chars", "max_paragraphs"):
        with pytest.raises(ConfigError, match=name):
            Config(**{name: -1})
        with pytest.raises(ConfigError, match=name):
            Config(**{name: 1.5})


def test_too_many_paragraphs_is_an_input_error_and_the_limit_itself_is_fine() -> None:
    text = "\n\n".join(f"Paragraph number {index} of a long page." for index in range(50))
    assert len(cleaner.clean(text, config=Config(max_paragraphs=50)).normalized.split("\n\n")) == 50
    with pytest.raises(InputError, match=r"50 paragraphs .* Config.max_paragraphs=49"):
        cleaner.clean(text, config=Config(max_paragraphs=49))


def test_blank_lines_do_not_count_as_paragraphs() -> None:
    cleaner.clean("One.\n" + "\n \n\t\n" * 10_000 + "Two.", config=Config(max_paragraphs=2))


def test_a_line_over_the_limit_is_an_input_error_naming_the_line() -> None:
    text = "Title\n\n" + "word " * 40 + "\n\nEnd."
    cleaner.clean(text, config=Config(max_line_chars=200))
    with pytest.raises(InputError, match=r"line 3 has 199 characters, over Config.max_line_chars=100"):
        cleaner.clean(text, config=Config(max_line_chars=100))


def test_the_limits_apply_to_html_pages_too() -> None:
    page = "<html><body>" + "".join(f"<p>Paragraph number {i} of the page.</p>" for i in range(40)) + "</body></html>"
    with pytest.raises(InputError, match="max_paragraphs"):
        cleaner.clean_html(page, config=Config(max_paragraphs=30))
    with pytest.raises(InputError, match="max_line_chars"):
        sentences = "The minister spoke at length about the budget. " * 10
        cleaner.clean_html(f"<html><body><p>{sentences}</p></body></html>", config=Config(max_line_chars=80))
    with pytest.raises(InputError, match="bytes, over the limit"):
        cleaner.clean_html(page.encode(), config=Config(max_input_bytes=100))


def test_default_limits_refuse_a_million_one_word_lines_at_once() -> None:
    with within(60), pytest.raises(InputError, match="max_paragraphs"):
        cleaner.clean("word\n" * 1_000_000)


def test_a_document_at_the_default_limits_is_cleaned() -> None:
    config = Config()
    lines = ["x" * 80] * (config.max_paragraphs - 1) + ["A final sentence that ends the page."]
    with within(300):
        article = cleaner.clean("\n".join(lines))
    assert article.normalized.count("\n") == config.max_paragraphs - 1
    with within(60):
        cleaner.clean("y" * config.max_line_chars)


def test_a_stream_or_file_is_never_read_past_the_limit(tmp_path: Path) -> None:
    assert read_stream(io.BytesIO(b"x" * 100), max_bytes=100) == b"x" * 100
    with pytest.raises(InputError, match="more than 99 bytes"):
        read_stream(io.BytesIO(b"x" * 100), max_bytes=99)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 100)
    with pytest.raises(InputError, match="more than 50 bytes"):
        read_bytes(big, max_bytes=50)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_refused_not_read_to_exhaustion(tmp_path: Path) -> None:
    settings = tmp_path / "limits.toml"
    settings.write_text("max_input_bytes = 100000\n", encoding="utf-8")
    with within(60):
        status = main(["clean", "/dev/zero", "--config", str(settings)])
    assert status == 1


def test_cli_refuses_stdin_over_the_byte_limit(tmp_path: Path) -> None:
    settings = tmp_path / "limits.toml"
    settings.write_text("max_input_bytes = 1000\n", encoding="utf-8")
    result = run_cli("clean", "-", "--config", str(settings), stdin=b"word " * 1000)
    assert result.returncode == 1 and b"more than 1,000 bytes" in result.stderr and result.stdout == b""


def test_a_gzip_bomb_is_refused_without_expanding_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as stream:
        for _ in range(64):
            stream.write(bytes(1 << 20))  # 64 MiB of zeros in about 64 KiB
    assert bomb.stat().st_size < 200_000
    monkeypatch.setattr(cleaner_files, "MAX_GZIP_BYTES", 10 << 20)
    with pytest.raises(InputError, match="gzip bomb"):
        read_bytes(bomb)
    with pytest.raises(InputError, match="gzip bomb"):
        read_bytes(bomb, max_bytes=1 << 20)  # the document limit applies to the expanded size


def test_a_truncated_gzip_is_an_input_error_and_a_fake_one_is_read_as_it_is(tmp_path: Path) -> None:
    cut = tmp_path / "cut.txt"
    cut.write_bytes(gzip.compress(STORY.encode())[:-10])
    with pytest.raises(InputError, match="gzip data that does not decompress"):
        read_bytes(cut)
    fake = tmp_path / "fake.txt.gz"  # gzip is recognised by its magic bytes, not by the name
    fake.write_bytes(b"not gzip at all")
    assert read_bytes(fake) == b"not gzip at all"


# ---------------------------------------------------------------------------
# Text that makes rules work hard: long runs of what their patterns repeat
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "a" * 150_000, "a " * 75_000, "." * 150_000, "x. (" * 37_000, "a | " * 37_000, "Home > " * 21_000,
    "1" * 150_000, "12 March 2023 " * 10_000, "AFP/Getty Images " * 8_000, "Photo: " * 21_000,
    "[" * 150_000, "http://" + "a/" * 70_000, "READ MORE: " * 13_000, "»" * 150_000, "- " * 75_000,
])
def test_pathological_lines_are_cleaned_without_hanging(line: str) -> None:
    text = f"Storm hits coast\n\n{line}\n\n{BODY}"
    with within(120):
        article = cleaner.clean(text)
    assert BODY.split("\n\n")[-1] in article.text


# ---------------------------------------------------------------------------
# HTML: deep, wide, unclosed, entity-laden, and never online
# ---------------------------------------------------------------------------

LEDE = "<p>The storm reached the coast on Monday night, officials said, and thousands of homes lost power.</p>"
AFTER = "<p>After the storm had passed, the mayor thanked the volunteers for their help on the beach.</p>"


def html_text(page: str | bytes) -> str:
    with within(120):
        return cleaner.clean_html(page).text


@pytest.mark.parametrize("opening", ["<div>", "<b>", "<span>", "<table><tr><td>", "<ul><li>",
                                     "<div><span><p><a>", "<font size=2>", "<blockquote>"])
def test_nesting_100000_levels_deep_keeps_the_text_inside_and_after(opening: str) -> None:
    """libxml2 stops at 255 levels and drops the rest of the page; flattened, nothing is lost: the lede is in
    the body, or removed with its rule (inside 25 000 links it is a link line, as it is inside ten)."""
    closing = "".join(f"</{tag.split()[0].strip('<>')}>" for tag in reversed(opening.split(">")[:-1]))
    depth = 100_000 // opening.count("<")
    with within(120):
        article = cleaner.clean_html(f"<html><body>{opening * depth}{LEDE}{closing * depth}{AFTER}</body></html>")
    assert "the mayor thanked the volunteers" in article.text
    assert "The storm reached the coast" in article.normalized


def test_unclosed_deep_nesting_keeps_the_text() -> None:
    text = html_text("<html><body>" + "<div>" * 100_000 + LEDE + AFTER)
    assert "The storm reached the coast" in text and "the mayor thanked the volunteers" in text


def test_huge_attribute_values() -> None:
    page = ('<html><body><p class="' + "a" * 1_000_000 + '" data-x=\'' + "\"<p>" * 50_000 + "'>Short.</p>"
            + LEDE + AFTER + "</body></html>")
    text = html_text(page)
    assert "The storm reached the coast" in text and "<p>" not in text


def test_a_hundred_thousand_attributes_on_one_element() -> None:
    page = "<html><body><p " + " ".join(f"a{i}=x" for i in range(100_000)) + ">Short.</p>" + LEDE + AFTER
    assert "The storm reached the coast" in html_text(page + "</body></html>")


@pytest.mark.parametrize("page", [
    "<html><body>" + LEDE + AFTER + "<!-- " + "never closed " * 100_000,
    "<html><body>" + LEDE + AFTER + "<script>" + "var x = '</p><p>';" * 100_000,
    "<html><body>" + LEDE + AFTER + "<style>" + "p { color: red }" * 100_000,
    "<html><body>" + LEDE + AFTER + "<textarea>" + "x " * 100_000,
    "<html><body>" + LEDE + AFTER + "<![CDATA[" + "x]]" * 100_000,
    "<html><body>" + "<?php echo 1; ?>" * 100_000 + LEDE + AFTER,
])
def test_unclosed_comments_scripts_and_noise(page: str) -> None:
    text = html_text(page)
    assert "The storm reached the coast" in text and "the mayor thanked" in text
    assert "never closed" not in text and "var x" not in text and "color: red" not in text


def test_script_and_style_noise_around_the_article() -> None:
    noise = "<script>" + "document.write('<p>Injected paragraph of text</p>');" * 20_000 + "</script>"
    noise += "<style>" + ".a{content:'<p>styled</p>'}" * 20_000 + "</style>"
    noise += "<noscript><p>Enable JavaScript</p></noscript>"
    text = html_text("<html><head>" + noise + "</head><body>" + noise + LEDE + noise + AFTER + "</body></html>")
    assert "Injected" not in text and "styled" not in text
    assert "The storm reached the coast" in text and "the mayor thanked" in text


@pytest.mark.parametrize(("entity", "expected"), [("&amp;", "&"), ("&#x41;", "A"), ("&#65;", "A"),
                                                  ("&eacute;", "é"), ("&nosuchentity;", "&nosuchentity;")])
def test_entity_floods_decode_without_blowing_up(entity: str, expected: str) -> None:
    flood = "<p>" + f"word{entity} " * 8_000 + "</p>"  # one line: under max_line_chars
    text = html_text("<html><body>" + LEDE + flood + AFTER + "</body></html>")
    assert f"word{expected} word{expected}" in text and "the mayor thanked" in text


def test_invalid_numeric_entities_are_harmless() -> None:
    flood = "<p>" + "x&#0;&#xD800;&#x110000;&#99999999999; " * 10_000 + "</p>"
    text = html_text("<html><body>" + LEDE + flood + AFTER + "</body></html>")
    assert "the mayor thanked" in text and "\x00" not in text and "\ud800" not in text


_LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 10)).replace("&lol1;", "&lol;")
BILLION_LAUGHS = (f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">{_LAUGHS}]>'
                  f"<html><body><p>Laughs: &lol9;</p>{LEDE}</body></html>")


def test_xml_entity_expansion_is_not_performed() -> None:
    text = html_text(BILLION_LAUGHS)
    assert "lollol" not in text and "The storm reached the coast" in text
    assert len(text) < 1000


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">'
            f'<!ENTITY % remote SYSTEM "file://{secret}"> %remote;]>'
            f"<html><body><p>Leak: &xxe;</p>{LEDE}</body></html>")
    text = html_text(page)
    assert "TOP-SECRET" not in text and "The storm reached the coast" in text


def test_no_network_access_while_cleaning(monkeypatch: pytest.MonkeyPatch) -> None:
    """External DTDs, stylesheets, images, canonical links and XInclude are read as text, never fetched."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access during cleaning")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = ('<?xml version="1.0"?><?xml-stylesheet href="http://attacker.invalid/a.xsl"?>'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://attacker.invalid/x.dtd">'
            '<html xmlns:xi="http://www.w3.org/2001/XInclude"><head>'
            '<link rel="stylesheet" href="http://attacker.invalid/s.css">'
            '<link rel="canonical" href="http://attacker.invalid/story">'
            '<meta http-equiv="refresh" content="0; url=http://attacker.invalid/">'
            '<base href="http://attacker.invalid/"></head><body>'
            '<xi:include href="http://attacker.invalid/x.xml"/><img src="http://attacker.invalid/p.png">'
            '<iframe src="http://attacker.invalid/frame"></iframe>' + LEDE + AFTER + "</body></html>")
    article = cleaner.clean_html(page, url="http://attacker.invalid/story")
    assert "The storm reached the coast" in article.text and attempts == []


def test_a_page_that_is_only_markup_gives_an_empty_article() -> None:
    for page in ("<html></html>", "<html><head><title></title></head><body></body></html>", "<" * 1000,
                 "</div>" * 10_000, "<br>" * 20_000, "<img src=x>" * 20_000):
        with within(120):
            assert cleaner.clean_html(page).paragraphs == ()


# ---------------------------------------------------------------------------
# cleaner.hostile, the two pre-parse steps, alone
# ---------------------------------------------------------------------------

def test_tame_tags_leaves_ordinary_tags_alone_and_cuts_long_ones() -> None:
    from cleaner.hostile import MAX_ATTRIBUTES, tame_tags

    page = '<p class="lede" data-x=\'a b\'>Text</p><img src=x alt="An image"/>' * 200
    assert tame_tags(page) == page
    long_tag = '<div id="main" title="a title with spaces" ' + "x" * 20_000 + ' data-y="1"/>'
    assert tame_tags(long_tag) == '<div id="main" title="a title with spaces" data-y="1"/>'
    crowded = "<p " + " ".join(f"a{i}='v {i}'" for i in range(5_000)) + ">Text</p>"
    tamed = tame_tags(crowded)
    assert tamed.count("=") == MAX_ATTRIBUTES and tamed.endswith(">Text</p>") and "a999='v 999'" in tamed


def test_flatten_nesting_skips_comments_and_scripts_and_keeps_all_text() -> None:
    from cleaner.hostile import flatten_nesting

    page = ("<div>" * 10 + "<!-- <div><div><div> -->" + "<script>var s = '<div><div>';</script>" + "deep text"
            + "</div>" * 10 + "<p>after</p>")
    flat = flatten_nesting(page, max_depth=3)
    assert flat == ("<div>" * 3 + "<!-- <div><div><div> -->" + "<script>var s = '<div><div>';</script>" + "deep text"
                    + "</div>" * 3 + "<p>after</p>")
    assert flatten_nesting("<div>" * 50 + "text", max_depth=3) == "<div>" * 3 + "text"
    assert flatten_nesting("<p>a<p>b<br><img src=x><p>c", max_depth=1) == "<p>a<p>b<br><img src=x><p>c"
