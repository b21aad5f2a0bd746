"""The adapter of ``/share``: fetch, deduplicate, triage, then add to the member's review.

Called by ``commons review-command`` once the command's author and the PR are checked.
Order, as for the other commands: main learns first (the item file, the dedup index and
the assignment record in one commit), then the member's branch and PR body, then one
answer. Anything that fails before main changes leaves nothing behind but the answer.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .. import i18n
from ..collect import failure
from ..i18n import say
from ..untrusted import code, for_log
from . import share

# Tests serve the shared page from a local server; everywhere else a private or loopback
# host is refused (the workflow that fetches holds a write token). Only tests change this.
ALLOW_PRIVATE_HOSTS = False


@dataclass
class Outcome:
    key: str  # a catalog key under share.
    words: dict
    resume: str = ""  # a share of this very PR whose run stopped before it answered: the item to finish with


def shared_from(repo: Path, cycle: str, pull: int) -> int:
    """Items of the cycle shared from this review PR."""
    from ..content import items as content_items

    found, _ = content_items.read_files(repo, content_items.item_files(repo, cycle))
    return sum(1 for f in found if isinstance(f.meta.get("shared"), dict) and f.meta["shared"].get("pull") == pull)


def where_known(repo: Path, cycle_now: str, item: str, record_cycle: str, config) -> share.Known:
    """The item a duplicate matched: its cycle, status, reviewers and newsletter."""
    from ..assign.inputs import claimable, read_state
    from ..content import items as content_items
    from ..content import layout
    from ..content import issues

    found = content_items.find(repo, record_cycle, item)
    status = str(found.meta.get("status") or "") if found else ""
    reviewers = tuple(sorted(h for h, ids in (read_state(repo, record_cycle) or {}).items() if item in ids))
    published_in = ""
    if status == "published" or (issues.read(repo, record_cycle) is not None and status == "reviewed"):
        published_in = layout.newsletter_path(repo, record_cycle).relative_to(repo).as_posix()
    open_now = record_cycle == cycle_now and status in ("triaged", content_items.NOT_SELECTED) and \
        any(c.id == item for c in claimable(repo, config, cycle_now))
    return share.Known(item, record_cycle, status, reviewers, published_in, open_now)


def prepare(repo: Path, config, cycle: str, request: share.ShareRequest, pull: int) -> tuple[Outcome, dict | None, object]:
    """Check, fetch and deduplicate. Returns (the answer, the new item's entry or None, the index)."""
    from ..collect.fetch import FetchError, fetch_page
    from ..collect.index import SeenIndex, title_window
    from ..collect.page import NotAPage, page_entry
    from ..collect.urls import checked_url

    address, why = checked_url(request.url, ALLOW_PRIVATE_HOSTS)
    if not address:
        return Outcome(f"url_refused.{why}", {}), None, None
    index, _ = SeenIndex.load(repo)
    match = index.find({"url": address, "title": ""})  # a known address needs no fetch
    if match is not None:
        return _known(repo, cycle, index, match, config, pull), None, index
    if shared_from(repo, cycle, pull) >= share.MAX_SHARES_PER_PULL:
        return Outcome("share.too_many", {"n": share.MAX_SHARES_PER_PULL}), None, index
    try:
        page = fetch_page(address, allow_private=ALLOW_PRIVATE_HOSTS)
        entry = page_entry(page.body, page.content_type, page.url, share.SOURCE)
    except (FetchError, NotAPage) as exc:
        return Outcome("share.fetch_failed", {"why": code(failure.describe(str(exc), i18n.catalog(config.language)))}), None, index
    for candidate in [entry, {**entry, "url": entry.get("canonical", "")}] if entry.get("canonical") else [entry]:
        match = index.find(candidate, title_window(cycle))  # URL, arXiv, DOI ever; titles as collect compares them
        if match is not None:
            return _known(repo, cycle, index, match, config, pull), None, index
    return Outcome("share.done", {}), entry, index


def _known(repo, cycle, index, match, config, pull: int) -> Outcome:
    from ..content import items as content_items

    record = index.record(match.item_id)
    found = content_items.find(repo, record["cycle"], match.item_id)
    shared = found.meta.get("shared") if found else None
    if record["cycle"] == cycle and isinstance(shared, dict) and shared.get("pull") == pull:
        return Outcome("share.done", {}, resume=match.item_id)  # shared from this PR by a run cut short: finish it
    key, words = share.known_words(where_known(repo, cycle, match.item_id, record["cycle"], config))
    return Outcome(key, words)


def write_item(repo: Path, config, cycle: str, entry: dict, index, provenance: dict, collected: str) -> tuple[str, list[str]]:
    """The item file (triaged, then ``assigned``) and its line in the dedup index; returns its id
    and the paths written, relative to the repository."""
    from ..collect.index import record_from_entry, seen_dir
    from ..collect.items import item_id, item_meta
    from ..content import frontmatter, layout
    from ..content.files import atomic_write_text

    new_id = item_id(entry)
    meta = item_meta({k: v for k, v in entry.items() if k != "canonical"}, new_id, cycle, collected)
    meta["shared"] = provenance
    path = layout.item_path(repo, cycle, new_id)
    frontmatter.write(path, frontmatter.new(meta, ""))
    triage_one(repo, config, path)
    doc = frontmatter.read(path)
    doc.meta["status"] = "assigned"  # the member chose it: kept whatever its score
    frontmatter.write(path, doc)
    index.add(record_from_entry(new_id, cycle, entry))
    if entry.get("canonical"):
        index.note_also_seen(new_id, share.SOURCE, {**entry, "url": entry["canonical"]})
    written = [path]
    for shard_cycle, text in index.shards().items():
        shard = seen_dir(repo) / f"{shard_cycle}.jsonl"
        atomic_write_text(shard, text)
        written.append(shard)
    return new_id, [p.relative_to(repo).as_posix() for p in written]


def triage_one(repo: Path, config, path: Path) -> None:
    """The configured triager on this one item. A provider that cannot run here (no key in this
    workflow's environment) falls back to the offline triager rather than refusing the member."""
    from ..problems import UsageError
    from ..triage import files, offline, plan, runner
    from ..triage.command import make_triager, resolve_provider

    try:
        provider = resolve_provider(config.triage.provider)
    except UsageError as exc:
        print(f"commons review-command: {say('claim.offline_triage', error=for_log(exc))}", file=sys.stderr)
        provider = "offline"
    record, triager, estimate = make_triager(config, provider, dry_run=False)
    items_found, _ = files.load_items(repo, str(path.parent.parent.name))
    todo = [i for i in items_found if i.path == path]
    from ..triage.ai import AIError

    try:
        failed = runner.run(todo, config=config, triager=triager, record=record, batch_size=1, estimate=estimate,
                            writer=files.ItemWriter(repo)).failed
    except AIError as exc:  # a key, model or endpoint that cannot work
        print(f"commons review-command: {say('claim.offline_triage', error=for_log(exc.message))}", file=sys.stderr)
        failed = True
    if failed:  # the AI failed: the offline verdict, so the member's review has a score and summary
        record = plan.Record(offline.PROVIDER, offline.MODEL, offline.fingerprint(config))
        todo = [i for i in files.load_items(repo, str(path.parent.parent.name))[0] if i.path == path]
        runner.run(todo, config=config, triager=runner.OfflineBatches(config), record=record, batch_size=1,
                   estimate=lambda payloads: 0, writer=files.ItemWriter(repo))
