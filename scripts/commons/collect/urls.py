"""Canonical URLs and the identifiers hidden in them (arXiv ids, DOIs)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from.
TRACKING_PARAMS = frozenset(
    {
        "ref", "ref_src", "ref_url", "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid",
        "mc_eid", "igshid", "_hsenc", "_hsmi", "mkt_tok", "spm", "source", "rss", "cmpid",
        "ncid", "sr_share", "share", "si",
    }
)
TRACKING_PREFIXES = ("utm_", "__twitter", "oly_", "vero_", "pk_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}

ARXIV_RE = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
ARXIV_HOST_RE = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?", re.I)
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"'<>]+)", re.I)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Scheme and host lowercased, default port, fragment and tracking parameters dropped.

    Returns "" for anything that is not an absolute http(s) address.
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return ""
    if port and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if ":" in parts.hostname and not host.startswith("["):  # IPv6 literal
        host = f"[{host}]"
    path = quote(unquote(parts.path or "/"), safe="/:@!$&'()*+,;=-._~%")
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)],
        quote_via=quote,
        safe="/:@!$'()*+,;-._~",
    )
    return urlunsplit((scheme, host, path, query, ""))


def url_key(canonical: str) -> str:
    """What two addresses of the same page share: no scheme, no www., no trailing slash."""
    parts = urlsplit(canonical)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    key = host + path
    return f"{key}?{parts.query}" if parts.query else key


def arxiv_id(*texts: str) -> str:
    """The arXiv identifier without version (``2401.01234v2`` → ``2401.01234``), or ""."""
    for text in texts:
        if not text:
            continue
        match = ARXIV_HOST_RE.search(text)
        if match:
            return match.group(1)
        if "arxiv" in text.lower():
            match = ARXIV_RE.search(text)
            if match:
                return match.group(1)
    return ""


def doi(*texts: str) -> str:
    """A DOI found in links or identifiers, lowercased (DOIs are case-insensitive), or ""."""
    for text in texts:
        if not text:
            continue
        match = DOI_RE.search(unquote(text))
        if match:
            value = match.group(1).rstrip(".,;)]}")
            if value.lower().startswith("10.48550/arxiv."):  # arXiv's own DOI: the arXiv id says it
                continue
            return value.lower()
    return ""
