import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner.passes.navigation import (
    find_archive_lists,
    find_calls_to_action,
    find_contact_lines,
    find_cookie_notices,
    find_edge_crumbs,
    find_menu_trees,
    find_site_notices,
    find_tag_lists,
    find_top_widget,
    find_widgets,
)

from .helpers import off, run, texts


@pytest.mark.parametrize(
    "widget",
    ["Left Menu", "Loading...", "Skip to content", "Advertisement", "Share this article", "Sign up for our newsletter",
     "Anzeige", "Wird geladen...", "Publicité", "Partager cet article", "Publicidad", "Cargando...", "Pubblicità",
     "Condividi", "Zum Inhalt springen", "- Print Article", "- Order Reprints", "Text size",
     "An error has occurred, please try again later.", "Загрузка...", "Поделиться", "Реклама", "Ładowanie...",
     "Udostępnij", "検索", "ページの先頭へ", "返回顶部", "廣告",
     # a WordPress.com blog's like and share buttons
     "Like Loading...", "Gefällt mir Wird geladen...", "Teilen mit:"],
)
def test_widgets_in_five_languages(widget: str) -> None:
    assert texts(find_widgets, f"The story.\n\n{widget}\n\nMore story.") == [widget]


def test_widget_words_inside_a_sentence_stay() -> None:
    text = "Officials declined to share the report.\n\nThe advertisement ran for weeks before the vote."
    assert texts(find_widgets, text) == []


def test_breadcrumb_trail() -> None:
    assert texts(find_widgets, "Home > World > Europe\n\nThe story.") == ["Home > World > Europe"]
    assert texts(find_widgets, "He said: peace > war, every time.") == []


def test_sign_up_prompt_but_not_a_long_sentence() -> None:
    assert texts(find_widgets, "Story.\n\nSign up for our daily briefing") == ["Sign up for our daily briefing"]
    long = "Sign up for the programme was slow, the minister said, because forms were hard to find and few knew."
    assert texts(find_widgets, long) == []


def test_trailing_crumbs_after_the_last_paragraph() -> None:
    assert texts(find_edge_crumbs, "The war ended in 2020.\n\nRoute 6") == ["Route 6"]
    assert texts(find_edge_crumbs, "The war ended in 2020.\n\nPolitik\n\nNews") == ["Politik", "News"]


def test_a_short_last_sentence_stays() -> None:
    assert texts(find_edge_crumbs, "The war ended in 2020.\n\nHe declined to comment.") == []
    assert texts(find_edge_crumbs, "The war ended in 2020.\n\nA long final line with five words") == []


def test_a_text_of_only_short_lines_is_left_alone() -> None:
    assert texts(find_edge_crumbs, "Route 6\n\nNews") == []


def test_off_switch() -> None:
    assert texts(find_widgets, "Loading...\n\nText.", off("navigation.widget")) == []
    assert texts(find_edge_crumbs, "Text.\n\nNews", off("navigation")) == []


def test_a_widget_rendered_as_a_list_item_is_still_a_widget() -> None:
    text = "The story.\n\n* Menu\n\n* Click to share on Facebook (Opens in new window)\n\n* Zucchini, sliced thin"
    assert texts(find_widgets, text) == ["* Menu", "* Click to share on Facebook (Opens in new window)"]


def test_the_top_widget_pass_reads_only_the_first_fragment() -> None:
    assert texts(find_top_widget, "Home | World\n\nThe council met.\n\nLoading...") == ["Home | World"]
    assert texts(find_top_widget, "The council met.\n\nLoading...") == []


@pytest.mark.parametrize("line", [
    "Follow Newsbeat on Instagram, Facebook and YouTube.",
    "Let our news meet your inbox. The news and stories that matters, delivered weekday mornings.",
    "Get Motor Cycle Monthly delivered through your letterbox every month. 12 issues for £11.99.",
    "Follow AP's full coverage of Brexit and British politics at https://www.apnews.com/Brexit",
    "Get breaking news alerts and special reports. The news and stories that matter, delivered weekday mornings.",
    "Join our Space Forums to keep talking space on the latest missions.",
])
def test_calls_to_action_that_name_a_channel_or_a_link_go(line: str) -> None:
    assert texts(find_calls_to_action, f"The story.\n\n{line}\n\nMore of the story.") == [line]


@pytest.mark.parametrize("line", [
    "Let the council decide, the mayor said on Tuesday.",
    "Get out of the city while you can, the police told residents.",
    "Follow the money, the prosecutor told the jury at https://example.com in his opening remarks.",
])
def test_sentences_that_open_like_a_call_to_action_stay(line: str) -> None:
    assert texts(find_calls_to_action, f"The story.\n\n{line}\n\nMore of the story.") == []


@pytest.mark.parametrize("notice", [
    "This website uses cookies to improve your experience. We'll assume you're ok with this. Accept Read More",
    "By choosing I Accept, you consent to our use of cookies and other tracking technologies.",
    "Utilizziamo i cookie per essere sicuri che tu possa avere la migliore esperienza sul nostro sito.",
    "Diese Website verwendet Cookies. Wenn Sie weiterlesen, stimmen Sie der Verwendung von Cookies zu.",
])
def test_cookie_banners_go(notice: str) -> None:
    assert texts(find_cookie_notices, f"The story.\n\n{notice}\n\nMore of the story.") == [notice]


def test_a_story_about_cookies_stays() -> None:
    story = ("The regulator said the website used cookies to follow readers across other sites, and that "
             "its banner did not ask them first.\n\nThe company said it would change the banner.")
    long_quote = "“We use cookies,” the company said, " + "and it explained at length why it did so " * 12 + "."
    assert texts(find_cookie_notices, story) == []
    assert texts(find_cookie_notices, f"The story.\n\n{long_quote}") == []


@pytest.mark.parametrize("notice", [
    "This copy is for your personal, non-commercial use only. To order presentation-ready copies, visit us.",
    "Comments are closed.",
    "ATENÇÃO: Comentários ofensivos não serão aprovados pelo moderador.",
    "I commenti sono chiusi.",
    "Save my name, email, and website in this browser for the next time I comment.",
    "The material on this site may not be reproduced, distributed, transmitted, cached or otherwise used.",
    '[button link="http://example.com/submit/" type="big"] Send us YOUR kit review[/button]',
    "Copyright ©2019 Dow Jones & Company, Inc. All Rights Reserved.",
    "© 2010 AUTORACING. Todos os direitos reservados.", "© 2019 Le Monde. Tous droits réservés.",
    "If you buy something through this post, IGN may get a share of the sale. For more, learn more.",
    "When you purchase through links on our site, we may earn an affiliate commission.",
    "Dieser Artikel enthält Affiliate-Links.",
    "If you enjoyed this article, we have a proposition for you: join our members.",
    "If you enjoyed reading this post – would you consider supporting our work? Just click here. Thanks!",
    ("This post contains references to products from one or more of our advertisers. We may receive compensation "
     "when you click on links to those products."),
    "Si vous avez aimé cet article, abonnez-vous.",
    "© 2019 РИА Новости. Все права защищены.", "Komentarze są zamknięte.",
    # a comment form's notices, as WordPress writes them in its languages
    "Your email address will not be published. Required fields are marked *",
    "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
    "Benachrichtige mich über nachfolgende Kommentare via E-Mail.", "Notify me of new posts by email.",
    "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
    "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *",
    # an embedded post's consent notice, as German sites' consent tools write it
    "Empfohlener redaktioneller Inhalt",
    "An dieser Stelle findet Ihr einen externen Inhalt von Instagram, der den Artikel ergänzt.",
    "Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden.",
    # a web form's messages, as Webflow writes them by default
    "Thank you! Your submission has been received!", "Oops! Something went wrong while submitting the form.",
    # the anti-spam and privacy notices of WordPress's comment forms, and a form's consent line
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    ("Diese Website verwendet Akismet, um Spam zu reduzieren. Erfahre mehr darüber, wie deine Kommentardaten "
     "verarbeitet werden."),
    "By using this form you agree with the storage and handling of your data by this website.",
    ("Mit der Nutzung dieses Formulars erklärst du dich mit der Speicherung und Verarbeitung deiner Daten durch "
     "diese Website einverstanden."),
    ("By submitting this form you agree to pv magazine using your data for the purposes of publishing your "
     "comment."),
    "Es gab leider ein Problem beim Absenden des Formulars. Bitte versuche es erneut.",
    # a player's fallback text, and blog platforms' theme credits and post footers
    "Your browser does not support the video tag.", "Awesome Inc. theme. Powered by Blogger.",
    "This entry was posted in Hertha BSC and tagged Michael Preetz. Bookmark the permalink.",
    "Email This BlogThis! Share to X Share to Facebook Share to Pinterest",
])
def test_site_notices_and_shortcodes_go(notice: str) -> None:
    assert texts(find_site_notices, f"The story.\n\n{notice}\n\nMore of the story.") == [notice]


def test_a_story_about_comments_or_shortcodes_stays() -> None:
    story = ("The newspaper said its comments were closed after the election, and that the [button] tag in its "
             "editor had broken the page.\n\nThe editor apologised.")
    assert texts(find_site_notices, story) == []


def test_a_story_about_what_was_not_published_stays() -> None:
    story = ("The ministry said the report will not be published before the election.\n\nRequired fields in the "
             "census form were left empty, the office said.")
    assert texts(find_site_notices, story) == []


def test_a_story_about_spam_filters_or_forms_stays() -> None:
    story = ("Akismet, the spam filter of WordPress, reduced the spam on the site, its owner said.\n\nThe agency "
             "said that submitting the form late would cost applicants their place.\n\nOld browsers do not support "
             "the video format, and Blogger, which powers her blog, dropped it.")
    assert texts(find_site_notices, story) == []


def test_a_story_about_copyright_or_affiliate_links_stays() -> None:
    """The phrases speak for the site: a story about rights or commissions says other words."""
    story = ("The label said it reserved all of its rights to the recordings.\n\nAmazon cut the commission it pays "
             "for affiliate links, and publishers said they would earn less.\n\nShe enjoyed the article he wrote.")
    assert texts(find_site_notices, story) == []


def test_a_tags_label_takes_its_keyword_line() -> None:
    text = "The race ended.\n\nTags\n\ncalendario stock car 2018, stock car brasil, Interlagos"
    removals = run(find_tag_lists, text)
    assert [r.text for r in removals] == ["Tags", "calendario stock car 2018, stock car brasil, Interlagos"]
    assert removals[1].value == "calendario stock car 2018, stock car brasil, Interlagos"


@pytest.mark.parametrize("line", ["Tags: Brazil, motorsport", "Schlagwörter: Bundestag, Wahl",
                                  "Mots-clés : Paris | JO 2024", "Etiquetas: Madrid", "Filed under: Politics"])
def test_a_tags_line_in_several_languages(line: str) -> None:
    assert texts(find_tag_lists, f"The story ends here.\n\n{line}") == [line]


def test_a_topics_label_over_bulleted_tags() -> None:
    text = "The story ends here.\n\nTopics:\n* Smart Phones\n* Cloud Software,\n\nFooter text here."
    assert texts(find_tag_lists, text) == ["Topics:", "* Smart Phones", "* Cloud Software,"]


def test_a_related_stories_header_over_bullets_is_left_to_the_related_passes() -> None:
    # found by tests/test_properties.py: the headline must reach Article.related
    text = "Story.\n\nRelated topics\n\n• Maria Lopez approved the council"
    assert texts(find_tag_lists, text) == []


def test_a_label_over_prose_or_headlines_takes_nothing() -> None:
    prose = "Story.\n\nTopics\n\nThe council met on Tuesday, and the vote was close."
    headlines = "Story.\n\nRelated topics\n* Budget\n* Floods hit the south of Spain as rivers burst their banks today"
    sentence = "Story.\n\nTags: the team played well. They won."
    assert texts(find_tag_lists, prose) == texts(find_tag_lists, headlines) == texts(find_tag_lists, sentence) == []


def test_a_stray_label_over_a_subheading_and_prose_leaves_the_subheading() -> None:
    # found by tests/test_properties.py: "Mots-clés" alone, then the story's next section
    prose = "The council met on Tuesday, and the vote on the new bridge was close."
    assert texts(find_tag_lists, f"Story.\n\nMots-clés\n\nLocal council in Lisbon\n\n{prose}") == []
    assert texts(find_tag_lists, f"Story.\n\nTags\n\nFormula One\n\n{prose}") == ["Tags", "Formula One"]
    assert texts(find_tag_lists, "Story.\n\nTags\n\nLocal council in Lisbon") == ["Tags", "Local council in Lisbon"]


def test_tag_lists_run_before_the_widgets_and_switch_off() -> None:
    text = "Story.\n\nTags\n\nBrazil, motorsport"
    assert texts(find_widgets, text, after=[find_tag_lists]) == []
    assert texts(find_tag_lists, text, off("navigation.tag-list")) == []


@pytest.mark.parametrize("line", [
    "Seoul : 43, Jeongdong-gil, Jung-gu, Seoul, Korea / TEL : +82 2 751 1500",
    "Jaraguá do Sul - SC - CNPJ: 83.102.459/0001-23 - Rua Walter Marquardt, 1111 - Caixa Postal 421",
    "Telephone: 01507 529529 | Company No. 3676192 | VAT No: GB 716 6328 31",
    "Tel.: +49 (0)69 380 795 200", "+ Fax +41 41 761 97 25", "Téléphone : 01 23 45 67 89.", "P.IVA 01234567890",
])
def test_contact_and_imprint_lines(line: str) -> None:
    assert texts(find_contact_lines, f"The story ends here.\n\n{line}") == [line]


@pytest.mark.parametrize("line", ["Write to Al Root at allen.root@dowjones.com", "Email: newsdesk@example.co.uk",
                                  "Contact the author at jane.doe@example.org.", "Écrivez à redaction@example.fr",
                                  "Schreiben Sie an leserbriefe@example.de"])
def test_a_line_telling_where_to_write(line: str) -> None:
    assert texts(find_contact_lines, f"The story ends here.\n\n{line}") == [line]


def test_an_address_in_a_sentence_or_a_long_line_stays() -> None:
    text = ("Email tips to news@example.com and we will reply within a day.\n\n"
            "Write to the council, which said on Monday that it would answer every letter sent to mayor@example.gov")
    assert texts(find_contact_lines, f"The story.\n\n{text}") == []


def test_numbers_in_sentences_and_tel_aviv_stay() -> None:
    text = ("Call the helpline (tel: 0800 123 456) if you need help.\n\nTel Aviv 2020 was a year of protest\n\n"
            "The phone rang 3 times.\n\nFax me 2 copies")
    assert texts(find_contact_lines, text) == []
    assert texts(find_contact_lines, "Story.\n\nPhone: 316-831-6143", off("navigation.contact-line")) == []


def test_a_blog_archive_of_months_or_years_with_their_counts_goes() -> None:
    text = ("The post ends here.\n\n+ Novembro (113)\n+ Outubro (217)\n+ Setembro (193)\n\n"
            "Archiv\n\n* Januar 2015 (2)\n* November 2014 (1)\n* Oktober 2014 (2)\n\n"
            "► 2019 (120)\n► 2018 (98)\n▼ 2017 (47)\no March (4)")
    found = run(find_archive_lists, text)
    assert [r.text for r in found] == [
        "+ Novembro (113)", "+ Outubro (217)", "+ Setembro (193)", "* Januar 2015 (2)", "* November 2014 (1)",
        "* Oktober 2014 (2)", "► 2019 (120)", "► 2018 (98)", "▼ 2017 (47)", "o March (4)"]
    assert {r.rule for r in found} == {"navigation.archive"} and {r.kind for r in found} == {"navigation"}


def test_fewer_archive_lines_or_counts_inside_prose_stay() -> None:
    two = "The post ends here.\n\n+ Novembro (113)\n+ Outubro (217)\n\nThe end."
    assert run(find_archive_lists, two) == []
    prose = ("Sales rose in 2019 (120) and in March (4).\n\nMarch (4) was slow.\nApril (5)\nThe May (6) figures.\n\n"
             "Anmeldung (3)\nKontakt (4)\nImpressum (5)")  # words that are not months, a sentence among them
    assert run(find_archive_lists, prose) == []
    text = "The post ends here.\n\n+ Novembro (113)\n+ Outubro (217)\n+ Setembro (193)"
    assert run(find_archive_lists, text, off("navigation.archive")) == []


_ARCHIVE_LINES = st.sampled_from([
    "+ Novembro (113)", "o Outubro (217)", "► 2019 (120)", "Januar 2015 (2)", "* March (4)  ", "May 2020 (12)",
    "Menu (3)", "The story goes on.", "Sales rose (4)", "- Links", "", "2018 (98)", "▼ Juli (1)",
])


@given(st.lists(_ARCHIVE_LINES, max_size=14), st.sampled_from(["\n", "\n\n"]))
@example(["+ Novembro (113)", "+ Outubro (217)", "+ Setembro (193)"], "\n")
def test_the_archive_pass_finds_what_trying_every_fragment_finds(lines: list[str], separator: str) -> None:
    """The pass looks only at the lines that end with a count in brackets: the same removals as trying the
    archive pattern on every fragment."""
    from cleaner.blocks import Draft
    from cleaner.config import Config
    from cleaner.passes.navigation import _MIN_ARCHIVE_ITEMS, _archive_item

    draft = Draft.of(separator.join(["The post ends here.", *lines]))
    item = _archive_item(Config().languages)
    runs: list[list[str]] = [[]]
    for fragment in draft.remaining():
        if fragment.whole_line and item.fullmatch(fragment.text):
            runs[-1].append(fragment.text)
        elif runs[-1]:
            runs.append([])
    expected = [text for run in runs if len(run) >= _MIN_ARCHIVE_ITEMS for text in run]
    assert [r.text for r in find_archive_lists(draft, Config())] == expected


MENU = ["* Shop REI categories", "* Camp & Hike", "+ Backpacks", "o Daypacks", "o Hydration Packs", "+ Tents",
        "o Backpacking Tents", "o Shelters", "* Climb", "+ Ropes"]


def test_a_menu_rendered_as_a_nested_list_of_short_labels_goes() -> None:
    text = "\n".join(["A shop's page.", "", *MENU, "", "Kelty Cosmic 20 Sleeping Bag", "$129.95"])
    found = run(find_menu_trees, text)
    assert [r.text for r in found] == MENU
    assert {r.rule for r in found} == {"navigation.menu-tree"} and {r.kind for r in found} == {"navigation"}
    assert found[0].reason == "one of 10 items of a nested list of short labels: a site's menu"
    assert run(find_menu_trees, text, off("navigation.menu-tree")) == []


@pytest.mark.parametrize("items", [
    # one level: a list of labels the classifier kept is the page's own
    ["* Tents", "* Shelters", "* Ropes", "* Packs", "* Stoves", "* Lamps"],
    # a nested list of sentences: an offer's terms
    ["* 3-night minimum stay required", "+ Early departures will not be permitted.", "+ Resort fee applies.",
     "o Credit does not apply to retail items.", "o Book by January 5.", "* Blackout dates apply."],
    # a product's measures, nested under its size
    ["* Artisan", "+ 4oz / 118ml / X Small", "+ Waist width 65mm", "+ Base Width 47mm", "+ Height 69mm",
     "+ Overall height 86mm"],
    # too few items
    ["* Shop", "+ Tents", "o Shelters", "+ Ropes"],
])
def test_one_level_lists_sentences_measures_and_short_nested_lists_stay(items: list[str]) -> None:
    assert run(find_menu_trees, "\n".join(["A page.", "", *items, "", "The end."])) == []


def test_a_menu_tree_is_a_run_of_items_in_a_row() -> None:
    # a paragraph between two nested lists of three: two lists too short to be a menu
    text = "\n".join(["* Shop", "+ Tents", "o Shelters", "", "A paragraph between them.", "", "* Climb", "+ Ropes",
                      "o Harnesses"])
    assert run(find_menu_trees, text) == []
    # a bullet without its label ("o" alone) is not an item: it ends the run
    assert run(find_menu_trees, "\n".join(["* Shop", "+ Tents", "o", "o Shelters", "+ Ropes", "o Harnesses"])) == []
