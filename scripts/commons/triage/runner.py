"""One triage run: the selection, batches within budget, results written as they arrive.

The triager (AI or offline) and the writer are passed in; with no writer
(``--dry-run``) nothing is written. Results are written batch by batch, so a
crash or a stop half-way keeps everything already triaged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.frontmatter import ContentError
from . import filters, plan, prompt
from .ai import AIError, Reply
from .answers import BatchAnswer
from .offline import NOTE as OFFLINE_NOTE, OfflineTriager
from ..i18n import say

BREAKER = 2  # consecutive batches lost to server trouble before the run stops calling


@dataclass
class Row:
    item: plan.Item
    result: str              # triaged | dropped | failed | cached | would-triage
    score: int | None = None
    category: str = ""
    error: str = ""


@dataclass
class Outcome:
    rows: list[Row] = field(default_factory=list)
    unchanged: int = 0
    deferred: list[plan.Item] = field(default_factory=list)
    stop_reason: str = ""
    input_tokens: int = 0
    output_tokens: int = 0
    estimated_tokens: int = 0   # dry run: what the planned requests may cost at most
    usage_estimated: bool = False
    requests: int = 0
    retries: int = 0
    mode: str = ""
    warnings: list[str] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for r in self.rows if r.result == result)

    @property
    def failed(self) -> int:
        return self.count("failed")


class OfflineBatches:
    """The offline triager behind the same interface as the AI one."""

    def __init__(self, config):
        self.offline = OfflineTriager(config)

    def triage(self, payloads: list[dict], fallback: dict[str, str]) -> Reply:
        return Reply(BatchAnswer(verdicts={p["id"]: self.offline.verdict(p) for p in payloads}), 0, 0)


def run(items: list[plan.Item], *, config, triager, record: plan.Record, batch_size: int,
        estimate, writer=None, retriage: bool = False, call: bool = True, progress=None) -> Outcome:
    """``estimate(payloads)`` → the most tokens a request may cost (0 offline).

    ``call`` False (an AI dry run) plans the batches without sending them.
    """
    settings = config.triage
    outcome = Outcome()
    selection = plan.select(items, record, retriage)
    outcome.unchanged = selection.unchanged
    note = OFFLINE_NOTE if record.provider == "offline" else ""
    fallback_triager = OfflineTriager(config)
    stories = getattr(settings.learned, "stories", None)

    def record_for(item):
        return plan.Record(record.provider, record.model, record.prompt_version, item.input_hash)

    def save(item, meta) -> str:
        if writer is None:
            return ""
        try:
            writer.write(item, meta)
        except ValueError as exc:
            return f"the result was not written because it would not validate: {exc}"
        except (ContentError, OSError) as exc:  # the file changed or vanished under us
            return f"the item file could not be updated: {getattr(exc, 'message', None) or exc}"
        return ""

    def fail(item, error: str) -> None:
        problem = save(item, plan.failed_meta(item.meta, record_for(item), error))
        outcome.rows.append(Row(item, "failed", error=error + (f" ({problem})" if problem else "")))

    # Old news and the community's include/exclude words decide first: a filtered item never reaches
    # a triager (nor a review, nor the newsletter), and keeps the rule that dropped it.
    rules, age = filters.from_config(config), filters.max_age(config)
    kept = []
    for item in selection.todo:
        rule = age.rule_for(item.meta) or (rules.rule_for(item.payload) if rules else "")
        if not rule:
            kept.append(item)
            continue
        meta = plan.filtered_meta(item.meta, fallback_triager.verdict(item.payload), rule,
                                  plan.Record("filter", "rules", f"{rules.fingerprint()}+{age.fingerprint()}",
                                              item.input_hash), config.language)
        problem = save(item, meta)
        if problem:
            fail(item, problem)
        else:
            outcome.rows.append(Row(item, "filtered", meta["score"], meta["category"], error=rule))
    selection.todo = kept

    def flush() -> None:  # pool records are written a batch at a time: a killed run keeps earlier batches
        if writer is not None and hasattr(writer, "flush"):
            writer.flush()

    try:
        _run_batches(selection, outcome, save, fail, flush, record_for, settings, triager, estimate, call,
                     batch_size, note, fallback_triager, progress, stories)
    finally:
        flush()
    outcome.requests = getattr(triager, "requests", 0)
    outcome.retries = getattr(triager, "retries", 0)
    outcome.mode = getattr(triager, "mode", "")
    return outcome


def _run_batches(selection, outcome, save, fail, flush, record_for, settings, triager, estimate, call,
                 batch_size, note, fallback_triager, progress, stories) -> None:
    shown = {e.get("id") for e in getattr(settings.learned, "examples", ())}  # what the model may say an item follows
    for item in selection.cached:
        meta = plan.cached_meta(item.meta, settings.threshold)
        save(item, meta)
        outcome.rows.append(Row(item, "cached", meta["score"], meta["category"]))
    flush()

    budget = plan.Budget(settings.max_items, settings.max_tokens)
    pending = list(selection.todo)
    lost_in_a_row = 0
    alone: set[str] = set()  # items of a batch that failed as a whole: asked again one by one
    while pending:
        if pending[0].item_id in alone:
            head = pending[:1]
        else:
            head = []
            for item in pending[:batch_size]:
                if item.item_id in alone:
                    break
                head.append(item)
        batch = budget.take(head, estimate)
        if not batch:
            outcome.stop_reason = (
                f"triage.max_items ({settings.max_items}) reached" if budget.items_used >= settings.max_items
                else f"triage.max_tokens ({settings.max_tokens}) would be exceeded"
            )
            break
        pending = pending[len(batch):]
        payloads = [i.payload for i in batch]
        if not call:
            cost = estimate(payloads)
            budget.spend(len(batch), cost)
            outcome.estimated_tokens += cost
            outcome.rows.extend(Row(i, "would-triage") for i in batch)
            continue
        fallback = {i.item_id: fallback_triager.category_for(i.payload) for i in batch}
        try:
            reply = triager.triage(payloads, fallback)
        except AIError as exc:
            budget.spend(len(batch), 0)
            if exc.fatal and not exc.transient:
                raise
            for item in batch:
                fail(item, exc.message)
                _advance(progress, item)
            lost_in_a_row = lost_in_a_row + 1 if exc.transient else 0
            if exc.fatal or lost_in_a_row >= BREAKER:
                outcome.stop_reason = say("triage.breaker", error=exc.message)
                for item in pending:
                    fail(item, say("triage.not_attempted", reason=outcome.stop_reason))
                    _advance(progress, item)
                pending = []
            continue
        lost_in_a_row = 0
        budget.spend(len(batch), reply.input_tokens + reply.output_tokens)
        outcome.input_tokens += reply.input_tokens
        outcome.output_tokens += reply.output_tokens
        outcome.usage_estimated |= reply.estimated
        outcome.warnings.extend(reply.answer.warnings)
        if reply.answer.whole and len(batch) > 1:
            # One item can make a model refuse, or a long batch be cut off: retry each alone,
            # so only the item at fault stays untriaged.
            alone.update(i.item_id for i in batch)
            pending = batch + pending
            outcome.warnings.append(f"a batch of {len(batch)} failed as a whole "
                                    f"({next(iter(reply.answer.errors.values()))}); asking item by item")
            budget.spend(-len(batch), 0)  # the items are not used up, the tokens are
            continue
        for item in batch:
            verdict = reply.answer.verdicts.get(item.item_id)
            if verdict is None:
                fail(item, reply.answer.errors.get(item.item_id, "no answer for this item"))
            else:
                meta = plan.triaged_meta(item.meta, verdict, record_for(item), settings.threshold, note)
                earlier = stories.follows(item.payload) if stories else None
                if earlier is not None:
                    meta["follows"] = earlier.item_id  # assign prefers its reviewers
                elif verdict.follows and verdict.follows in shown and verdict.follows != item.item_id:
                    meta["follows"] = verdict.follows  # the model says so, about a story it was shown
                problem = save(item, meta)
                if problem:
                    fail(item, problem)
                else:
                    outcome.rows.append(Row(item, meta["status"], verdict.score, verdict.category))
            _advance(progress, item)
        flush()
    outcome.deferred = pending


def _advance(progress, item) -> None:
    if progress is not None:
        progress.advance(item.item_id)


def ai_estimate(config):
    return lambda payloads: prompt.request_estimate(config, payloads)
