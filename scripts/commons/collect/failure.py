"""Why a source failed, or came back damaged, as a stable code and its parameters: words only at the edge.

A failure travels (worker processes, ``outcome.error``, the state file's ``last_error``) as one
string, ``code`` or ``code {json parameters}``: ``timed_out {"seconds": 30}``. What a person reads
is :func:`describe`'d from the catalog (``messages.collect.failure.<code>``) in the language of
whoever reads it: the command line's, or the community's for a source-health issue.

State files written before the codes hold English sentences; :func:`parsed` still classifies them by
their start (the same kinds the summary's hints need) and shows the rest as it was written."""

from __future__ import annotations

import json
import re

# Old English errors (state files from before the codes) → the code and how to read its parameters.
_LEGACY = [
    (re.compile(r"^cannot connect \((?P<detail>.*)\)$", re.S), "no_connection"),
    (re.compile(r"^no complete answer within (?P<seconds>[\d.]+) s"), "timed_out"),
    (re.compile(r"^HTTP (?P<status>\d{3}): a redirect without a usable Location"), "bad_redirect"),
    (re.compile(r"^HTTP (?P<status>\d{3}) ?(?P<reason>.*)$"), "http_status"),
    (re.compile(r"^no such file: (?P<path>.*)$", re.S), "no_such_file"),
    (re.compile(r"^(?P<path>.*) is a folder, not a feed file$", re.S), "is_a_folder"),
    (re.compile(r"^more than (?P<n>\d+) redirects"), "too_many_redirects"),
    (re.compile(r"^(?:response is )?larger than the (?P<mb>[\d.]+) MB limit"), "too_large"),
    (re.compile(r"^the server broke the connection \((?P<detail>.*)\)$", re.S), "connection_broken"),
    (re.compile(r"^the address answered with an HTML page"), "html_page"),
    (re.compile(r"^could not parse the response \((?P<detail>.*)\)$", re.S), "unparsable"),
]
_CODED = re.compile(r"^(?P<code>[a-z][a-z0-9_]*)(?: (?P<params>\{.*\}))?$", re.S)
_NUMBERS = {"seconds", "status", "n", "mb"}


def coded(code: str, **params) -> str:
    """The stored form of a failure: ``code`` or ``code {"name": value, ...}``."""
    return f"{code} {json.dumps(params, ensure_ascii=False, sort_keys=True)}" if params else code


def parsed(text: str) -> tuple[str, dict]:
    """(code, parameters) of a stored failure; an old English one by its start, else ``other`` with the text."""
    text = str(text or "")
    match = _CODED.match(text)
    if match:
        try:
            params = json.loads(match["params"]) if match["params"] else {}
        except ValueError:
            params = None
        if isinstance(params, dict):
            return match["code"], params
    for pattern, code in _LEGACY:
        found = pattern.match(text)
        if found:
            params = {k: v for k, v in found.groupdict().items() if v is not None}
            for name in _NUMBERS & params.keys():
                number = float(params[name])
                params[name] = int(number) if number.is_integer() else number
            return code, params
    return "other", {"detail": text}


def kind(text: str) -> str:
    """What kind of failure this was, not which address: the code (with the status for an HTTP answer)."""
    code, params = parsed(text)
    if code == "http_status":
        return f"http_{params.get('status')}"
    if code == "other":  # an unknown sentence: its start, as before the codes
        return params["detail"].split(":", 1)[0].split(" (", 1)[0]
    return code


def describe(text: str, catalog) -> str:
    """The failure in ``catalog``'s language (an i18n.Catalog); a code it does not know, as stored."""
    code, params = parsed(text)
    if code == "url_refused":
        try:
            return catalog(f"url_refused.{params.get('why', '')}")
        except KeyError:
            return str(text)
    try:
        key = f"messages.collect.failure.{code}"
        return (catalog(key, **params) if params else catalog(key).format()).rstrip()
    except (KeyError, IndexError, ValueError):
        return str(text)


def said(text: str) -> str:
    """The failure in the command line's language (i18n.active)."""
    from ..i18n import active

    return describe(text, active())
