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
