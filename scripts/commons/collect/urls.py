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


# -- addresses from people (a /share comment, a suggested source) --------------------------------
MAX_SHARED_URL = 2000
_BLOCKED_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
_BLOCKED_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet", ".corp")
# Public-looking addresses that a cloud runner treats as its own: Azure's WireServer (GitHub-hosted
# runners are Azure machines; it answers from inside the VM only), and IPv6 prefixes that carry an
# IPv4 address to a gateway (6to4, NAT64) which would then reach whatever that address is.
_CLOUD_SPECIAL = ("168.63.129.16/32", "2002::/16", "64:ff9b::/96", "64:ff9b:1::/48")


def blocked_address(address: str) -> str:
    """Why an IP address may not be fetched for a person ("" when it is a public one).

    The workflow that fetches runs beside a write token and a cloud metadata service:
    loopback, private, link-local (169.254.169.254), shared, reserved and multicast
    addresses are never asked, whatever name led to them; nor the public-looking ones a
    cloud runner treats as its own (``_CLOUD_SPECIAL``: Azure's 168.63.129.16, 6to4, NAT64)."""
    import ipaddress

    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in ipaddress.ip_network(network) for network in _CLOUD_SPECIAL if ipaddress.ip_network(network).version == ip.version):
        return "a cloud provider's own address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private or ip.is_reserved or ip.is_multicast or ip.is_unspecified or not ip.is_global:
        return "a private or reserved address"
    return ""


def checked_url(text: str, allow_private: bool = False) -> tuple[str, str]:
    """(the address, "") when ``text`` is one a person may have the bot fetch, else ("", why):
    ``why`` is a key of ``url_refused`` in the catalogs (the same words in every language).

    Strict form: http or https, a host name or public IP literal, no user name or password,
    no control characters or spaces, at most ``MAX_SHARED_URL`` characters. Host names
    that only mean something inside a network (``localhost``, ``*.internal``) are refused
    here; where a public name leads is checked again when it is resolved (fetch.py)."""
    raw = (text or "").strip().strip("<>")
    if not raw or len(raw) > MAX_SHARED_URL:
        return "", "not_url" if not raw else "too_long"
    if any(ord(ch) < 33 or 0x7f <= ord(ch) <= 0x9f for ch in raw):
        return "", "spaces"
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        return "", "not_url"
    if parts.scheme.lower() not in ("http", "https"):
        return "", "scheme"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "", "credentials"
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return "", "no_host"
    if allow_private:  # tests: the page is served by a local server
        canonical = canonical_url(raw)
        return (canonical, "") if canonical else ("", "not_url")
    if host in _BLOCKED_NAMES or host.endswith(_BLOCKED_SUFFIXES) or "." not in host and ":" not in host:
        return "", "internal_host"
    if all(re.fullmatch(r"0x[0-9a-f]*|\d+", label) for label in host.split(".")) and not host.replace(".", "").isdigit():
        return "", "odd_address"  # 0x7f.1: a spelling of an address that resolvers accept
    if host.replace(".", "").isdigit() or ":" in host:  # an IP literal: judged right away
        why = blocked_address(host)
        if why and why != "not an IP address":
            return "", "private_address"
        if why:  # 0x7f.1, 2130706433: spellings of addresses that resolvers accept
            return "", "odd_address"
    canonical = canonical_url(raw)
    return (canonical, "") if canonical else ("", "not_url")
