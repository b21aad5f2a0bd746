"""feedparser's own encoding and ill-formed feeds, served over HTTP with the headers each file
asks for, read through our fetch path and checked against each file's ``Expect:``.

The corpus lies in ../shared (BSD-2-Clause, kurtmckee/feedparser tests)."""

from __future__ import annotations

import re

import feedparser
import pytest
from collect.collect_support import ROOT, feeds  # noqa: F401 - the fixture

from commons.collect import fetch, parse
from commons.collect.text import html_to_text
from commons.config import Source

CORPUS = ROOT.parent / "shared" / "corpus" / "feedparser-tests" / "tests"
FILES = sorted(
    p for folder in ("encoding", "illformed") if (CORPUS / folder).is_dir()
    for p in (CORPUS / folder).rglob("*.xml")
)


# Expectations about feedparser's HTML sanitizer (it rewrites markup inside content);
# collection turns sanitizing off because it keeps plain text only, so for these we
# check the plain text we derive instead.
SANITIZER_CASES = {
    "encoding/demoronize-3.xml": ("description", "don\u2019t"),
    # feedparser's expectation minus the C1 control \x9d, which plain text drops
    "encoding/bozo_linenoise.xml": ("summary", "\xe2\u20ac\u2122<>\xe2\u20ac\u0160"),
}


def _text_of(data: bytes) -> str:
    """The test file's own comment, whatever its encoding (UTF-16/32 files included)."""
    for encoding in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "Expect:" in text:
            return text
    return ""


def _directives(data: bytes) -> tuple[dict, str, str]:
    text = _text_of(data)
    headers = {}
    for line in re.findall(r"^\s*Header:\s*(.+?)\s*$", text, re.M):
        name, _, value = line.partition(":")
        headers[name.strip()] = value.strip()
    expect = re.search(r"^\s*Expect:\s*(.+?)\s*$", text, re.M)
    skip = re.search(r"^\s*SkipUnless:\s*(.+?)\s*$", text, re.M)
    return headers, expect.group(1) if expect else "", skip.group(1) if skip else ""


@pytest.mark.skipif(not FILES, reason=f"{CORPUS} is absent: the shared corpus sits beside the clone in CI")
def test_encoding_corpus_through_our_fetch_path(feeds, tmp_path, monkeypatch):
    cases = []
    for number, path in enumerate(FILES):
        data = path.read_bytes()
        headers, expect, skip = _directives(data)
        if not expect:
            continue
        if skip:
            try:
                if not eval(skip, {"__import__": __import__}):  # noqa: S307 - the corpus' own guard
                    continue
            except (ImportError, LookupError):
                continue
        url = feeds.serve(f"/{number}", data, headers=headers)
        cases.append((path, Source(id=f"case-{number}", url=url), expect))
    assert len(cases) >= 80

    results = {}

    def capture(kind, source_id, body, headers, max_items):
        results[source_id] = parse.parse_feed(body, headers)  # the very call collection makes
        return {"entries": [], "warning": ""}

    monkeypatch.setattr(parse, "parse_source", capture)
    # corpus files are small, so they parse in this process (below fetch.INLINE_PARSE_BYTES)
    assert all(len(path.read_bytes()) < fetch.INLINE_PARSE_BYTES for path, _, _ in cases)
    outcomes = fetch.Collector(tmp_path, fetch.Limits(concurrency=16)).run([c[1] for c in cases], {})
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]

    failures = []
    for path, source, expect in cases:
        result = results[source.id]
        name = str(path.relative_to(CORPUS))
        if name in SANITIZER_CASES:
            key, text = SANITIZER_CASES[name]
            if html_to_text(result.entries[0][key]) != text:
                failures.append(f"{name}: plain text {html_to_text(result.entries[0][key])!r} != {text!r}")
            continue
        namespace = {"feedparser": feedparser, **result}
        try:
            passed = eval(expect, {"feedparser": feedparser}, namespace)  # noqa: S307 - corpus expectations
        except Exception as exc:  # an expectation that cannot even be evaluated is a failure
            passed, expect = False, f"{expect} raised {exc!r}"
        if not passed:
            failures.append(f"{path.relative_to(CORPUS)}: {expect} (encoding={result.get('encoding')}, bozo={result.get('bozo')})")
    assert not failures, "\n".join(failures)
