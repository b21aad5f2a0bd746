from commons.collect.text import clean_title, html_to_text, normalized_title


def test_html_becomes_plain_text_and_scripts_vanish():
    markup = '<p>Hello <b>world</b> &amp; friends</p><script>alert("x")</script><style>p{}</style><p>두 번째</p>'
    assert html_to_text(markup) == "Hello world & friends\n\n두 번째"


def test_long_text_is_cut_on_a_word():
    text = html_to_text("<p>" + "word " * 200 + "</p>", limit=50)
    assert len(text) <= 51 and text.endswith("…") and text.startswith("word word")


def test_entities_in_plain_text_are_decoded_once():
    assert html_to_text("Fish &amp; chips &lt;3") == "Fish & chips <3"


def test_broken_markup_is_still_text():
    assert html_to_text("<p>unclosed <a href='x'>link") == "unclosed link"
    assert clean_title("  A <b>bold</b>\n title ") == "A bold title"


def test_normalized_titles_ignore_case_width_and_punctuation():
    assert normalized_title("GPT-5: What's New?") == normalized_title("gpt 5 — what s new")
    assert normalized_title("ＬＬＭ 뉴스!") == "llm 뉴스"
