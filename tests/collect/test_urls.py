from commons.collect.urls import arxiv_id, canonical_url, doi, url_key


def test_tracking_parameters_fragment_and_case_are_dropped():
    url = "HTTPS://Lab.Example.COM:443/blog/post?utm_source=rss&id=7&fbclid=x&ref=hn&gclid=1#comments"
    assert canonical_url(url) == "https://lab.example.com/blog/post?id=7"


def test_scheme_www_and_trailing_slash_do_not_split_an_identity():
    a = url_key(canonical_url("http://www.example.com/a/"))
    b = url_key(canonical_url("https://example.com/a?utm_medium=feed"))
    assert a == b == "example.com/a"


def test_non_default_port_and_path_kept():
    assert canonical_url("http://example.com:8080/x%20y") == "http://example.com:8080/x%20y"


def test_not_web_addresses_are_refused():
    for url in ("", "javascript:alert(1)", "file:///etc/passwd", "mailto:a@b.c", "/relative/only", "http://"):
        assert canonical_url(url) == ""


def test_arxiv_identity_drops_the_version():
    assert arxiv_id("https://arxiv.org/abs/2401.01234v2") == "2401.01234"
    assert arxiv_id("http://arxiv.org/pdf/2401.01234v1.pdf") == "2401.01234"
    assert arxiv_id("oai:arXiv.org:2401.01234v3") == "2401.01234"
    assert arxiv_id("https://example.com/2401.01234") == ""  # a number alone is not an arXiv id


def test_doi_found_and_lowercased_but_not_arxivs_own():
    assert doi("https://doi.org/10.1145/3597503.3639187") == "10.1145/3597503.3639187"
    assert doi("doi:10.18653/V1/2024.ACL-LONG.1.") == "10.18653/v1/2024.acl-long.1"
    assert doi("https://doi.org/10.48550/arXiv.2401.01234") == ""
