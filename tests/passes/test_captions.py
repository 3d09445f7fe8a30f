from cleaner.passes.captions import find_captions
from cleaner.passes.credits import find_photo_credits

from .helpers import off, run

CAPTION = "The defence ministry said there were casualties on both sides."


def captions(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(r.rule, r.text) for r in run(find_captions, text, after=[find_photo_credits], **kwargs)]  # type: ignore[arg-type]


def test_caption_above_the_credit_and_its_repeat_below() -> None:
    text = f"A standfirst sentence.\n\n{CAPTION}\nReuters Archive\n\n{CAPTION}\n\nThe body."
    assert captions(text) == [("captions.attached", CAPTION), ("captions.repeated", CAPTION)]


def test_paragraph_above_a_credit_across_a_blank_line_is_not_a_caption() -> None:
    assert captions("Azerbaijan says Armenian forces fired on its troops\n\nShutterstock\n\nThe body.") == []


def test_german_caption() -> None:
    text = "Der Text beginnt.\n\nDer Kanzler in Berlin am Montag.\nFoto: dpa\n\nWeiter im Text."
    assert captions(text) == [("captions.attached", "Der Kanzler in Berlin am Montag.")]


def test_off_switch() -> None:
    text = f"Lede.\n\n{CAPTION}\nReuters Archive\n\nBody."
    assert run(find_captions, text, off("captions"), after=[find_photo_credits]) == []
