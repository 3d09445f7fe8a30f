from cleaner.passes.comments import find_comment_threads

from .helpers import off, texts

STORY = "The council approved the budget on Tuesday.\n\nIt will build two bridges and a school."


def thread(count: int, verb: str = "says") -> str:
    return "\n\n".join(f"{n}. reader{n} {verb}:\n\nNovember 19, 2019 at 6:34 am\n\nI agree with the mayor."
                       for n in range(1, count + 1))


def test_a_thread_goes_from_its_header_to_the_end() -> None:
    text = f"{STORY}\n\n3 responses to “Council approves budget”\n\n{thread(3)}\n\nLeave a Reply"
    removed = texts(find_comment_threads, text)
    assert removed[0] == "3 responses to “Council approves budget”" and removed[-1] == "Leave a Reply"
    assert "The council approved the budget on Tuesday." not in removed and len(removed) == 1 + 3 * 3 + 1


def test_without_a_header_the_thread_starts_at_its_first_author_line() -> None:
    assert texts(find_comment_threads, f"{STORY}\n\n{thread(3)}")[0] == "1. reader1 says:"


def test_author_lines_in_other_languages() -> None:
    for verb in ("dit", "schreibt", "dice", "disse", "zegt"):
        assert texts(find_comment_threads, f"{STORY}\n\n{thread(3, verb)}")[0] == "1. reader1 " + verb + ":"


def test_a_forums_quotes_of_earlier_posts_are_no_thread() -> None:
    """"<name> said:" lines with the quoted post under them, not a time: a forum, whose posts are its content;
    under a comment header, or with times under most of them, they are a thread."""
    posts = "\n\n".join(f"reader{n} said:\n\nThe budget is too small.\n\nClick to expand...\n\nI agree with you."
                          for n in range(1, 5))
    assert texts(find_comment_threads, f"{STORY}\n\n{posts}") == []
    assert texts(find_comment_threads, f"{STORY}\n\n4 Comments\n\n{posts}")[:2] == ["4 Comments", "reader1 said:"]
    mixed = posts.replace("reader3 said:\n\n", "reader3 said:\n\nMay 2, 2024 at 10:15 am\n\n").replace(
        "reader4 said:\n\n", "reader4 said:\n\nMay 2, 2024 at 11:15 am\n\n")
    assert texts(find_comment_threads, f"{STORY}\n\n{mixed}")[0] == "reader1 said:"


def test_fewer_than_three_author_lines_are_no_thread() -> None:
    assert texts(find_comment_threads, f"{STORY}\n\n{thread(2)}") == []


def test_an_interview_keeps_its_turns() -> None:
    interview = "\n\n".join(f"SMITH: Answer {n} about the budget.\n\nJONES: Question {n} about it?" for n in range(5))
    quoted = f"{STORY}\n\nThe mayor said:\n\n“We will build it.”\n\nHer deputy said:\n\n“Soon.”"
    assert texts(find_comment_threads, f"{STORY}\n\n{interview}") == []
    assert texts(find_comment_threads, quoted) == []


def test_a_thread_with_no_story_above_it_stays() -> None:
    assert texts(find_comment_threads, thread(4)) == []


def test_off_switch() -> None:
    assert texts(find_comment_threads, f"{STORY}\n\n{thread(3)}", off("comments")) == []


def stamped(names: list[str], stamps: list[str]) -> str:
    """Comments as WordPress themes and forums print them: the name, a line of time, the comment."""
    return "\n\n".join(f"{name}\n\n{stamp}\n\nI agree with the mayor."
                       for name, stamp in zip(names, stamps, strict=True))


READERS = ["1. Gaye", "+ Pamela Wilson", "2. Jan Smith"]
WHEN = ["August 8, 2018 at 3:17 pm", "August 8, 2018 at 7:07 pm", "2 days ago at 07:52 am"]


def test_timestamped_names_under_a_comment_header_are_a_thread() -> None:
    text = f"{STORY}\n\n10 thoughts on “Council approves budget”\n\n{stamped(READERS, WHEN)}\n\nLeave a Reply"
    removed = texts(find_comment_threads, text)
    assert removed[0] == "10 thoughts on “Council approves budget”" and removed[-1] == "Leave a Reply"
    assert "1. Gaye" in removed and "It will build two bridges and a school." not in removed


def test_a_forum_header_in_brackets_or_with_a_ranking_word_opens_a_thread() -> None:
    names = ["Woyzeck", "Nick A", "fmcshan"]
    for header in ("[ 167 comments ]", "Top Rated Comments"):
        text = f"{STORY}\n\n{header}\n\n(View all)\n\n{stamped(names, WHEN)}"
        assert texts(find_comment_threads, text)[0] == header


def test_timestamped_names_without_a_comment_header_stay() -> None:
    """A list of teasers: a headline, its source and how long ago it ran has the same shape."""
    teasers = "\n\n".join(f"* Headline number {n} about the budget\n\nVariety\n\n{n} hours ago" for n in range(1, 5))
    assert texts(find_comment_threads, f"{STORY}\n\nMore news\n\n{teasers}") == []
    assert texts(find_comment_threads, f"{STORY}\n\n{stamped(READERS, WHEN)}") == []


def test_a_name_line_needs_a_timestamp_under_it() -> None:
    """"3 days" is no point in time, and a sentence is no name."""
    assert texts(find_comment_threads, f"{STORY}\n\n12 Comments\n\n{stamped(READERS, ['3 days'] * 3)}") == []
    sentences = ["The mayor spoke first on the matter at hand today"] * 3
    assert texts(find_comment_threads, f"{STORY}\n\n12 Comments\n\n{stamped(sentences, WHEN)}") == []


def test_timestamps_in_other_languages() -> None:
    stamps = ["vor 2 Tagen", "12. März 2019 um 10:30", "vor 3 Stunden"]
    text = f"{STORY}\n\n3 Kommentare\n\n{stamped(['Anna', 'Bernd', 'Carla'], stamps)}"
    assert texts(find_comment_threads, text)[0] == "3 Kommentare"


def test_is_timestamp() -> None:
    from cleaner.config import Config
    from cleaner.passes.headers import is_timestamp

    yes = ["November 19, 2019 at 6:34 am", "2019-11-19 06:34", "19.11.2019 06:34", "5 minutes ago", "il y a 2 jours"]
    no = ["Published 2 days ago", "November 19, 2019 at 6:34 am by Ann", "Ann", "2 days", "x" * 500]
    assert [line for line in yes if not is_timestamp(line, Config())] == []
    assert [line for line in no if is_timestamp(line, Config())] == []


def test_a_list_of_teasers_above_does_not_hide_a_thread_below() -> None:
    teasers = "\n\n".join(f"* Headline number {n} about the budget\n\nVariety\n\n{n} hours ago" for n in range(1, 5))
    text = f"{STORY}\n\n{teasers}\n\n{STORY}\n\n10 thoughts on “Council approves budget”\n\n{stamped(READERS, WHEN)}"
    removed = texts(find_comment_threads, text)
    assert removed[0] == "10 thoughts on “Council approves budget”" and "Variety" not in removed
