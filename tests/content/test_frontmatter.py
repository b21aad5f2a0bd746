import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commons.content import frontmatter
from commons.content.files import atomic_write
from commons.content.frontmatter import ContentError


def test_writing_what_was_read_changes_nothing(tmp_path):
    original = (
        "---\n# a comment the tool must not lose\ntitle:   'Quoted'   \nlist: [1,   2]\nwhen: 2026-11-20\n---\n"
        "# Body\n\ntext\n"
    )
    path = tmp_path / "a.md"
    path.write_text(original, encoding="utf-8")
    doc = frontmatter.read(path)
    assert frontmatter.write(path, doc) is False  # identical: not even touched
    assert path.read_text(encoding="utf-8") == original


def test_changed_meta_is_rewritten_in_stable_form_with_key_order_kept(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\nz: 1\na: 2\n---\nbody\n", encoding="utf-8")
    doc = frontmatter.read(path)
    doc.meta["a"] = 3
    doc.meta["new"] = "한국어"
    assert frontmatter.write(path, doc) is True
    assert path.read_text(encoding="utf-8") == "---\nz: 1\na: 3\nnew: 한국어\n---\nbody\n"
    again = frontmatter.read(path)
    assert frontmatter.write(path, again) is False


def test_bom_and_crlf_are_read_and_kept(tmp_path):
    path = tmp_path / "a.md"
    raw = "\ufeff---\r\ntitle: x\r\nn: 1\r\n---\r\nline one\r\nline two\r\n".encode("utf-8")
    path.write_bytes(raw)
    doc = frontmatter.read(path)
    assert doc.meta == {"title": "x", "n": 1}
    assert doc.body == "line one\nline two\n"
    assert doc.position(("n",)) == (3, 1)
    assert frontmatter.write(path, doc) is False
    doc.meta["n"] = 2
    frontmatter.write(path, doc)
    assert path.read_bytes() == raw.replace(b"n: 1", b"n: 2")


def test_key_positions_are_file_lines():
    doc = frontmatter.parse("---\na: 1\nb:\n  c: 2\n---\nbody\n")
    assert doc.position(("a",)) == (2, 1)
    assert doc.position(("b", "c")) == (4, 3)
    assert doc.body_line == 6


@pytest.mark.parametrize(
    "text, words, line",
    [
        ("no front matter\n", "no front matter", 1),
        ("---\ntitle: x\nbody without end\n", "never closed", 1),
        ("---\n- a\n- b\n---\n", "not a list", 2),
        ("---\njust a string\n---\n", "not a single value", 2),
        ("---\na: 1\na: 2\n---\n", "appears twice", 3),
    ],
)
def test_bad_front_matter(text, words, line):
    with pytest.raises(ContentError) as caught:
        frontmatter.parse(text)
    assert words in caught.value.message
    assert caught.value.line == line


def test_empty_front_matter_is_an_empty_mapping():
    assert frontmatter.parse("---\n---\nbody\n").meta == {}


def test_invalid_utf8_names_line_and_column(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: ok\nbad: caf\xe9\n---\n")
    with pytest.raises(ContentError) as caught:
        frontmatter.read(path)
    assert "not valid UTF-8" in caught.value.message
    assert (caught.value.line, caught.value.column) == (3, 9)


def test_huge_file_is_refused_reading_only_the_cap(tmp_path, monkeypatch):
    path = tmp_path / "big.md"
    path.write_bytes(b"---\na: 1\n---\n" + b"x" * 10_000_000)
    read_sizes = []
    real_open = open

    class Spy:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.fh.close()

        def read(self, n=-1):
            read_sizes.append(n)
            return self.fh.read(n)

        def fileno(self):
            return self.fh.fileno()

    monkeypatch.setattr("builtins.open", lambda p, m="r", *a, **k: Spy(real_open(p, m, *a, **k)))
    with pytest.raises(ContentError, match="too large"):
        frontmatter.read(path)
    assert read_sizes == [frontmatter.MAX_FILE_BYTES + 1]


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "img.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ContentError, match="binary"):
        frontmatter.read(path)


def test_atomic_write_leaves_no_temporary_file_and_keeps_mode(tmp_path):
    path = tmp_path / "sub" / "x.md"
    assert atomic_write(path, b"one") is True
    assert atomic_write(path, b"one") is False
    os.chmod(path, 0o640)
    assert atomic_write(path, b"two") is True
    assert path.read_bytes() == b"two"
    assert (path.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in path.parent.iterdir()] == ["x.md"]


def test_atomic_write_failure_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "x.md"
    path.write_bytes(b"old")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.md"]


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=40),
    st.sampled_from(["2026-11-20", "yes", "null", "~", "1e3", "0x10", "- a", "a: b", "#x", "'q'", "---", "...",
                     "a\x85b", "line\nand\x85next", "x\u2028y\nz"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(alphabet="abcdefghij_-", min_size=1, max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(meta=st.dictionaries(st.text(alphabet="abcdefghijklmnop_", min_size=1, max_size=10), values, max_size=6),
       body=st.text(max_size=80).map(lambda s: s.replace("\r", "")))
def test_round_trip_of_anything_we_write(meta, body):
    text = frontmatter.new(meta, body).render()
    doc = frontmatter.parse(text)
    assert doc.meta == meta
    assert doc.body == body
    assert doc.render() == text


def test_a_generous_limit_sets_no_memory_aside(tmp_path):
    """read(n) sets n bytes aside before reading: a 1 GB limit (the portfolio cache's) asked the
    system for 1 GB on every read of a small file. A file that grows while read is read to the limit."""
    import os
    import tracemalloc

    from commons.content.frontmatter import ContentError, read_text

    small = tmp_path / "small.md"
    small.write_text("가" * 1000, encoding="utf-8")
    tracemalloc.start()
    try:
        assert read_text(small, 1 << 30) == "가" * 1000
        assert tracemalloc.get_traced_memory()[1] < 1 << 20
    finally:
        tracemalloc.stop()
    fifo = tmp_path / "fifo"  # no size to ask: read to the limit as it comes
    os.mkfifo(fifo)
    writer = os.fork()
    if writer == 0:
        with open(fifo, "wb") as fh:
            fh.write(b"x" * 5000)
        os._exit(0)
    try:
        assert read_text(fifo, 10_000) == "x" * 5000
    finally:
        os.waitpid(writer, 0)
    big = tmp_path / "big.md"
    big.write_bytes(b"y" * 2000)
    try:
        read_text(big, 1000)
    except ContentError:
        pass
    else:
        raise AssertionError("a file past the limit is refused")
