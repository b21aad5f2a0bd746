import pytest

from commons.content import regions
from commons.content.frontmatter import ContentError

TEXT = "# Title\n\nkept by hand\n\n<!-- commons:toc start -->\nold\n<!-- commons:toc end -->\n\nafter\n"


def test_read_and_replace_keep_text_outside_markers():
    assert regions.read(TEXT, "toc") == "old\n"
    new = regions.replace(TEXT, "toc", "fresh\nlines")
    assert new == TEXT.replace("old\n", "fresh\nlines\n")
    assert regions.replace(new, "toc", "fresh\nlines") == new  # idempotent


def test_missing_region_is_appended_or_refused():
    appended = regions.replace("hand text", "nav", "x")
    assert appended == "hand text\n\n<!-- commons:nav start -->\nx\n<!-- commons:nav end -->\n"
    assert regions.replace(appended, "nav", "x") == appended
    with pytest.raises(ContentError):
        regions.replace("hand text", "nav", "x", append=False)


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("a\n<!-- commons:x start -->\nb\n", 2, "never closed"),
        ("a\n<!-- commons:x end -->\n", 2, "does not close"),
        ("<!-- commons:x start -->\n<!-- commons:y start -->\n", 2, "inside"),
        ("<!-- commons:x start -->\n<!-- commons:x end -->\n<!-- commons:x start -->\n<!-- commons:x end -->\n", 3, "second"),
    ],
)
def test_unpaired_markers_name_the_line(text, line, words):
    with pytest.raises(ContentError) as caught:
        regions.regions(text)
    assert caught.value.line == line
    assert words in caught.value.message


def test_blank_keeps_line_numbers():
    blanked = regions.blank(TEXT)
    assert blanked.count("\n") == TEXT.count("\n")
    assert "old" not in blanked and "kept by hand" in blanked
