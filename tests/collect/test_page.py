"""A shared page's head → an entry (collect/page.py), and the addresses a person may have fetched (urls.checked_url)."""

from __future__ import annotations

import pytest

from commons.collect.page import NotAPage, page_entry
from commons.collect.urls import blocked_address, checked_url


def test_open_graph_first_then_title_and_plain_text_only():
    html = b"""<html><head><title>Site | A post</title>
    <meta property="og:title" content="  The post &amp; its title ">
    <meta name="description" content="<b>Bold</b> claim, with &lt;tags&gt;.">
    <link rel="canonical" href="/a/post"></head><body></body></html>"""
    entry = page_entry(html, "text/html; charset=utf-8", "https://Example.com/a/post?utm_source=x#top", "shared")
    assert entry["title"] == "The post & its title" and entry["url"] == "https://example.com/a/post"
    assert "<" not in entry["excerpt"] and entry["excerpt"].startswith("Bold claim")
    assert "canonical" not in entry  # the same address


def test_arxiv_and_doi_are_found_for_dedup():
    html = b"""<head><meta name="citation_title" content="Attention Sinks"><meta name="citation_arxiv_id" content="2309.17453">
    <meta name="citation_doi" content="10.1145/3600006.3613165"><meta name="citation_date" content="2023/09/29"></head>"""
    entry = page_entry(html, "text/html", "https://arxiv.org/abs/2309.17453v2", "shared")
    assert entry["arxiv"] == "2309.17453" and entry["doi"] == "10.1145/3600006.3613165"
    assert entry["published"] == "2023-09-29T00:00:00Z"


def test_a_page_without_a_title_or_not_html_is_refused():
    with pytest.raises(NotAPage, match="no_title"):
        page_entry(b"<html><body><p>hi</p></body></html>", "text/html", "https://e.com/", "shared")
    with pytest.raises(NotAPage, match="application/pdf"):
        page_entry(b"%PDF", "application/pdf", "https://e.com/x.pdf", "shared")
    assert page_entry(b"<title>\xff\xfe broken bytes</title>", "text/html; charset=bogus", "https://e.com/", "s")["title"]


@pytest.mark.parametrize("text, why", [
    ("https://example.com/a b", "spaces"), ("ftp://example.com/", "scheme"), ("javascript:alert(1)", "scheme"),
    ("https://u:p@example.com/", "credentials"), ("https://example.com@evil.test/", "credentials"),
    ("http://localhost/", "internal_host"), ("http://printer.local/", "internal_host"), ("http://intranet/", "internal_host"),
    ("http://127.0.0.1/", "private_address"), ("http://10.0.0.8/", "private_address"), ("http://[fd00::1]/", "private_address"),
    ("http://[::ffff:169.254.169.254]/", "private_address"), ("http://0x7f.1/", "odd_address"), ("http://100.64.0.1/", "private_address"),
    ("https://" + "a" * 2000 + ".com/", "too_long"), ("", "not_url"), ("https:///path", "no_host"),
])
def test_addresses_a_person_may_not_have_fetched(text, why):
    assert checked_url(text) == ("", why)


def test_public_addresses_pass_canonicalized_and_loopback_only_when_allowed():
    assert checked_url("<https://Example.com/p?utm_medium=x>") == ("https://example.com/p", "")
    assert checked_url("http://8.8.8.8/x") == ("http://8.8.8.8/x", "")
    assert checked_url("http://127.0.0.1:8080/x", allow_private=True) == ("http://127.0.0.1:8080/x", "")
    assert blocked_address("169.254.169.254") == "a link-local address" and blocked_address("1.1.1.1") == ""


def test_the_request_goes_to_the_checked_address_for_the_named_host():
    from commons.collect.fetch import _pinned

    assert _pinned("https://blog.example.com/a?b=1", "93.184.216.34") == (
        "https://93.184.216.34/a?b=1", {"Host": "blog.example.com"}, {"sni_hostname": "blog.example.com"})
    assert _pinned("http://example.com:8080/", "2606:2800:220:1::") == (
        "http://[2606:2800:220:1::]:8080/", {"Host": "example.com:8080"}, {})
