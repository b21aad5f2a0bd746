"""Adapters that bring a source's bytes in: HTTP (httpx) and local files.

Every source is fetched concurrently (bounded), with a total time limit, a size
cap and a redirect cap, and a conditional GET from the validators kept in
state. Parsing runs in worker processes as responses arrive, so the network
and both cores are busy at once. One source's failure is its outcome, never
an exception that stops the others.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import __version__
from . import failure, parse

USER_AGENT = f"knowledge-commons/{__version__} (feed collector; +https://github.com/)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "application/json;q=0.9, text/xml;q=0.8, */*;q=0.1"
)
# Responses smaller than this parse in the main process: a worker round trip costs more.
INLINE_PARSE_BYTES = 16_000
CLIENT_SOURCES = 32
LAZY_POOL_BYTES = 2_000_000  # parsing beyond this much in one run starts the worker processes
EAGER_POOL_SOURCES = 4  # sources without validators beyond which the parse workers start at once


@dataclass(frozen=True)
class Limits:
    concurrency: int = 256
    timeout: float = 30.0  # seconds for the whole fetch of one source
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    workers: int = 0  # parse processes; 0: one per core


@dataclass
class Outcome:
    """What happened to one source in this run."""

    source_id: str
    entries: list = field(default_factory=list)
    error: str = ""
    warning: str = ""
    not_modified: bool = False  # 304, or the same bytes as last time: nothing parsed
    etag: str = ""
    last_modified: str = ""
    body_sha256: str = ""
    final_url: str = ""
    bytes: int = 0
    parsed: bool = False

    @property
    def ok(self) -> bool:
        return not self.error


class FetchError(Exception):
    """A fetch failed: ``str()`` is its stored form (failure.coded), words come from the catalogs."""

    def __init__(self, code: str, /, **params):
        self.code, self.params = code, params
        super().__init__(failure.coded(code, **params))

    @classmethod
    def stored(cls, text: str) -> "FetchError":
        code, params = failure.parsed(text)
        return cls(code, **params)


def read_file_source(url: str, repo: Path, max_bytes: int) -> bytes:
    """``file:///abs/path`` or ``file:relative/path`` (relative to the repository)."""
    parts = urlsplit(url)
    raw_path = unquote(parts.path)
    if parts.netloc and parts.netloc != "localhost":
        raise FetchError("file_host", host=parts.netloc)
    path = Path(raw_path) if url.startswith("file://") else Path(repo) / raw_path
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise FetchError("no_such_file", path=str(path)) from None
    except IsADirectoryError:
        raise FetchError("is_a_folder", path=str(path)) from None
    except OSError as exc:
        raise FetchError("cannot_read", path=str(path), detail=str(exc.strerror or exc)) from None
    if len(data) > max_bytes:
        raise FetchError("too_large", mb=max_bytes / 1_000_000)
    return data


def _describe(exc: BaseException, limits: Limits) -> str:
    import httpx

    if isinstance(exc, FetchError):
        return str(exc)
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError, httpx.TimeoutException)):
        return failure.coded("timed_out", seconds=limits.timeout)
    if isinstance(exc, httpx.TooManyRedirects):
        return failure.coded("too_many_redirects", n=limits.max_redirects)
    if isinstance(exc, httpx.ConnectError):
        return failure.coded("no_connection", detail=str(exc) or "connection refused")
    if isinstance(exc, httpx.RemoteProtocolError):
        return failure.coded("connection_broken", detail=str(exc))
    return failure.coded("other", detail=f"{type(exc).__name__}: {exc}")


def _full_body_certain(known: dict, url: str) -> bool:
    """No validators to send (or they belong to another address): the server must answer in full."""
    return known.get("url") != url or not (known.get("etag") or known.get("last_modified"))


class Collector:
    """Fetch and parse many sources; ``run`` returns one Outcome per source, in input order."""

    def __init__(self, repo: Path, limits: Limits = Limits(), on_done=None):
        self.repo = Path(repo)
        self.limits = limits
        self.on_done = on_done or (lambda outcome: None)
        self._pool: Executor | None = None
        self._parsed_bytes = 0

    def run(self, sources, validators: dict) -> list[Outcome]:
        if sum(_full_body_certain(validators.get(s.id, {}), s.url) for s in sources) > EAGER_POOL_SOURCES:
            # Full bodies are sure to come: start the workers now, before the event loop,
            # by forking while this process has a single thread. When most sources have
            # validators (the daily case: most answer 304) workers start only if needed.
            self._parse_pool(fork=True)
        try:
            return asyncio.run(self._run_all(sources, validators))
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)

    def _parse_pool(self, fork: bool = False) -> Executor:
        if self._pool is None:
            import multiprocessing

            workers = self.limits.workers or os.cpu_count() or 1
            methods = multiprocessing.get_all_start_methods()
            # Later, threads exist (the event loop's resolver): never fork a threaded process.
            method = "fork" if fork and "fork" in methods else ("forkserver" if "forkserver" in methods else "spawn")
            context = multiprocessing.get_context(method)
            self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=parse.die_with_parent)
            for _ in range(workers):
                self._pool.submit(parse.warm_up)  # start them now, importing feedparser
        return self._pool

    async def _run_all(self, sources, validators: dict) -> list[Outcome]:
        import ssl

        import certifi
        import httpx

        gate = asyncio.Semaphore(self.limits.concurrency)
        tls = ssl.create_default_context(cafile=certifi.where())  # one for all clients: it is costly
        clients: dict[tuple, httpx.AsyncClient] = {}
        per_host: dict[str, int] = {}

        def client_for(url: str) -> httpx.AsyncClient:
            # One client per host, and per CLIENT_SOURCES sources of a host: httpx's pool
            # walks all its connections on every request, so a few small pools beat one big.
            host = urlsplit(url).netloc
            count = per_host[host] = per_host.get(host, -1) + 1
            key = (host, count // CLIENT_SOURCES)
            if key not in clients:
                clients[key] = httpx.AsyncClient(
                    follow_redirects=True,
                    max_redirects=self.limits.max_redirects,
                    timeout=httpx.Timeout(self.limits.timeout, connect=min(10.0, self.limits.timeout)),
                    limits=httpx.Limits(max_connections=CLIENT_SOURCES, max_keepalive_connections=CLIENT_SOURCES),
                    headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
                    verify=tls,
                    trust_env=False,  # no proxy or netrc from the environment: the same behaviour everywhere
                )
            return clients[key]

        try:
            tasks = [
                self._one(None if s.url.startswith("file:") else client_for(s.url), gate, s, validators.get(s.id, {}))
                for s in sources
            ]
            return list(await asyncio.gather(*tasks))
        finally:
            for client in clients.values():
                await client.aclose()

    async def _one(self, client, gate: asyncio.Semaphore, source, known: dict) -> Outcome:
        outcome = Outcome(source.id)
        try:
            async with gate:
                async with asyncio.timeout(self.limits.timeout):
                    if source.url.startswith("file:"):
                        body = await asyncio.to_thread(read_file_source, source.url, self.repo, self.limits.max_bytes)
                        headers: dict = {}
                        outcome.final_url = source.url
                    else:
                        body, headers = await self._http(client, source.url, known, outcome)
            if body is not None:
                outcome.bytes = len(body)
                outcome.body_sha256 = hashlib.sha256(body).hexdigest()
                same_address = known.get("url") == source.url
                if same_address and known.get("body_sha256") == outcome.body_sha256:
                    outcome.not_modified = True  # same bytes as last time: nothing new to parse
                elif same_address and known.get("failed_body_sha256") == outcome.body_sha256 and known.get("last_error"):
                    raise FetchError.stored(known["last_error"])  # the same broken bytes fail the same way
                else:
                    await self._parse(source, body, headers, outcome)
        except Exception as exc:  # noqa: BLE001 - any failure is this source's outcome
            outcome.error = _describe(exc, self.limits)
        self.on_done(outcome)
        return outcome

    async def _http(self, client, url: str, known: dict, outcome: Outcome):
        request_headers = {}
        if known.get("url") == url:  # validators belong to the address they came from
            if known.get("etag"):
                request_headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                request_headers["If-Modified-Since"] = known["last_modified"]
        async with client.stream("GET", url, headers=request_headers) as response:
            outcome.final_url = str(response.url)
            if response.status_code == 304:
                outcome.not_modified = True
                outcome.etag = known.get("etag", "")
                outcome.last_modified = known.get("last_modified", "")
                outcome.body_sha256 = known.get("body_sha256", "")
                return None, {}
            if response.status_code >= 400:
                raise FetchError("http_status", status=response.status_code, reason=response.reason_phrase or "")
            if response.status_code >= 300:
                raise FetchError("bad_redirect", status=response.status_code)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.limits.max_bytes:
                raise FetchError("declared_too_large", size=round(int(declared) / 1_000_000, 1), mb=self.limits.max_bytes / 1_000_000)
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.limits.max_bytes:
                    raise FetchError("too_large", mb=self.limits.max_bytes / 1_000_000)
                chunks.append(chunk)
            outcome.etag = response.headers.get("etag", "")
            outcome.last_modified = response.headers.get("last-modified", "")
            headers = {k.lower(): v for k, v in response.headers.items() if k.lower() != "content-encoding"}
            headers["content-location"] = outcome.final_url
            return b"".join(chunks), headers

    async def _parse(self, source, body: bytes, headers: dict, outcome: Outcome) -> None:
        loop = asyncio.get_running_loop()
        args = (source.kind, source.id, body, headers, source.max_items)
        self._parsed_bytes += len(body)
        if len(body) < INLINE_PARSE_BYTES or (self._pool is None and self._parsed_bytes < LAZY_POOL_BYTES):
            # small, or too little work so far to be worth starting worker processes
            result = await loop.run_in_executor(None, parse.parse_source, *args)
        else:
            result = await loop.run_in_executor(self._parse_pool(), parse.parse_source, *args)
        outcome.parsed = True
        if result.get("error"):
            raise FetchError.stored(result["error"])
        outcome.entries = result["entries"]
        outcome.warning = result.get("warning", "")


# -- one page a person named (a /share comment, a suggested source's test fetch) -------------------
@dataclass
class Page:
    url: str  # where the answer came from, after redirects
    body: bytes
    content_type: str


def _resolve_checked(url: str, allow_private: bool) -> str:
    """The address to connect to for ``url``: every address its host resolves to must be a
    public one (see urls.blocked_address), and the first is returned so that the connection
    goes where the check looked (a name that resolves anew at connect time could point
    elsewhere by then: DNS rebinding)."""
    import socket

    from .urls import blocked_address, checked_url

    address, why = checked_url(url, allow_private)
    if not address:
        raise FetchError("url_refused", why=why)
    parts = urlsplit(url)
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError("no_dns", detail=str(exc)) from None
    if not found:
        raise FetchError("no_dns", detail="")
    for *_, sockaddr in found:
        why = "" if allow_private else blocked_address(str(sockaddr[0]))
        if why:
            raise FetchError("url_refused", why="private_address")
    return str(found[0][4][0])


def _pinned(url: str, ip: str) -> tuple[str, dict, dict]:
    """(the URL with the checked IP in place of the host, the Host header, the TLS server name):
    the request goes to the address that was checked and is still sent, and its certificate
    still checked, for the host name."""
    from urllib.parse import urlunsplit

    parts = urlsplit(url)
    host = f"[{ip}]" if ":" in ip else ip
    netloc = f"{host}:{parts.port}" if parts.port else host
    shown_host = parts.hostname if ":" not in (parts.hostname or "") else f"[{parts.hostname}]"
    headers = {"Host": f"{shown_host}:{parts.port}" if parts.port else shown_host}
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), headers, extensions


def fetch_page(url: str, limits: Limits = Limits(timeout=20.0, max_bytes=2_000_000, max_redirects=5), *,
               allow_private: bool = False, accept: str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1") -> Page:
    """GET one address a person gave, following redirects one at a time and checking each hop's
    host (a public page may redirect to the metadata service), with collect's size and time limits.
    No cookies, no proxy or netrc from the environment. Raises FetchError saying why.

    ``limits.timeout`` is one deadline for the whole fetch: every hop's name lookup, connection,
    headers and body. httpx's own timeouts are per read, so a server that drips its headers a byte
    at a time would hold each read under them for as long as it likes; here the fetch is a task
    that is cancelled at the deadline, wherever it is."""
    import concurrent.futures

    lookups = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="commons-dns")
    try:
        return asyncio.run(_fetch_page_by(url, limits, allow_private, accept, lookups))
    finally:
        lookups.shutdown(wait=False, cancel_futures=True)  # a lookup that hangs past the deadline is left behind


async def _fetch_page_by(url: str, limits: Limits, allow_private: bool, accept: str, lookups) -> Page:
    import ssl

    import certifi
    import httpx

    tls = ssl.create_default_context(cafile=certifi.where())
    current = url
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(limits.timeout):
            async with httpx.AsyncClient(
                    follow_redirects=False, timeout=httpx.Timeout(limits.timeout, connect=min(10.0, limits.timeout)),
                    headers={"User-Agent": USER_AGENT, "Accept": accept}, verify=tls, trust_env=False) as client:
                for _ in range(limits.max_redirects + 1):
                    address = await loop.run_in_executor(lookups, _resolve_checked, current, allow_private)
                    target, host_header, extensions = _pinned(current, address)
                    async with client.stream("GET", target, headers=host_header, extensions=extensions) as response:
                        if response.is_redirect and response.headers.get("location"):
                            current = str(httpx.URL(current).join(response.headers["location"]))
                            continue
                        if response.status_code >= 300:
                            raise FetchError("http_status", status=response.status_code, reason=response.reason_phrase or "")
                        declared = response.headers.get("content-length", "")
                        if declared.isdigit() and int(declared) > limits.max_bytes:
                            raise FetchError("too_large", mb=limits.max_bytes / 1_000_000)
                        chunks, size = [], 0
                        async for chunk in response.aiter_bytes():
                            size += len(chunk)
                            if size > limits.max_bytes:
                                raise FetchError("too_large", mb=limits.max_bytes / 1_000_000)
                            chunks.append(chunk)
                        return Page(current, b"".join(chunks), response.headers.get("content-type", ""))
    except FetchError:
        raise
    except TimeoutError:
        raise FetchError("timed_out", seconds=limits.timeout) from None
    except Exception as exc:  # noqa: BLE001 - any failure is this address's outcome, said in one line
        raise FetchError.stored(_describe(exc, limits)) from None
    raise FetchError("too_many_redirects", n=limits.max_redirects)
