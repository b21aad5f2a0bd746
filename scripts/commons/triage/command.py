"""``commons triage``: score, categorize and summarize items that have no triage yet."""

from __future__ import annotations

import os

from ..problems import EXIT_ATTENTION, EXIT_OK, UsageError
from ..untrusted import for_log
from ..i18n import say


def add_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be triaged (offline: with the results) and write nothing")
    parser.add_argument("--cycle", help="only this cycle (e.g. 2026-W48); default: the cycle last handed out and the ones after it")
    parser.add_argument("--provider", choices=["auto", "openai", "offline"],
                        help="override triage.provider from commons.yml")
    parser.add_argument("--retriage", action="store_true",
                        help="also redo triaged/dropped items whose content, prompt or model changed")


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise UsageError(say("triage.not_seconds", name=name, value=value)) from None


def resolve_provider(setting: str) -> str:
    has_api = bool(os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"))
    if setting == "auto":
        return "openai" if has_api else "offline"
    if setting == "openai" and not has_api:
        raise UsageError("commons.yml: triage.provider: " + say("triage.needs_key"))
    return setting


def make_triager(config, provider: str, dry_run: bool):
    """(the cache record, the triager, the token estimate) for ``provider`` (offline or an AI one).
    ``dry_run``: no AI client is made (an AI dry run plans without calling)."""
    from . import offline, plan, prompt, runner

    if provider == "offline":
        record = plan.Record(offline.PROVIDER, offline.MODEL, offline.fingerprint(config))
        return record, runner.OfflineBatches(config), (lambda payloads: 0)
    from .ai import OpenAITriager, provider_name

    base_url = os.environ.get("OPENAI_BASE_URL") or None
    record = plan.Record(provider_name(base_url), config.triage.model, prompt.prompt_version(config))
    triager = None
    if not dry_run:
        triager = OpenAITriager(
            config, config.triage.model,
            api_key=os.environ.get("OPENAI_API_KEY") or None, base_url=base_url,
            timeout=_env_float("COMMONS_AI_TIMEOUT", 60.0),
            backoff=_env_float("COMMONS_AI_BACKOFF", 1.0),
            max_wait=_env_float("COMMONS_AI_MAX_WAIT", 60.0),
        )
    return record, triager, runner.ai_estimate(config)


def run(args) -> int:
    from .. import report
    from ..config import load_config
    from . import files, plan, runner
    from .ai import AIError

    config = load_config(args.repo)
    provider = resolve_provider(args.provider or config.triage.provider)
    items, unreadable = files.load_items(args.repo, args.cycle, args.retriage)
    for problem in unreadable:
        print(say("assign.skipped", problem=problem))
    learned = past = None
    if config.triage.calibration and any(i.meta.get("status", plan.UNTRIAGED) == plan.UNTRIAGED for i in items):
        from dataclasses import replace

        from ..calibration import history
        from ..calibration.learned import learn

        past = history.read(args.repo)
        learned = learn(config, past.judgements)
        config = replace(config, triage=replace(config.triage, learned=learned))

    record, triager, estimate = make_triager(config, provider, args.dry_run)

    writer = None if args.dry_run else files.ItemWriter(args.repo)
    call = not (args.dry_run and provider != "offline")
    todo = plan.select(items, record, args.retriage).todo
    with report.Progress("triage", len(todo)) as progress:
        try:
            outcome = runner.run(items, config=config, triager=triager, record=record,
                                 batch_size=config.triage.batch_size, estimate=estimate, writer=writer,
                                 retriage=args.retriage, call=call, progress=progress)
        except AIError as exc:  # a key, model or endpoint that cannot work; earlier batches are kept
            raise UsageError(exc.message) from None
    _print(args, config, record, outcome, unreadable, learned, past)
    return EXIT_ATTENTION if outcome.failed or unreadable else EXIT_OK


def _relative(args, item) -> str:
    try:
        return str(item.path.relative_to(args.repo))
    except ValueError:
        return str(item.path)


def _cost(config, outcome) -> float:
    t = config.triage
    return (outcome.input_tokens * t.price_per_million_input + outcome.output_tokens * t.price_per_million_output) / 1e6


def _print(args, config, record, outcome, unreadable, learned=None, past=None) -> None:
    from .. import report

    prefix = say("triage.would_write") + " " if args.dry_run and record.provider == "offline" else ""
    for row in outcome.rows:
        where = _relative(args, row.item)
        if row.result == "failed":
            print(f"{say('triage.failed'):<10} {where}: {for_log(row.error)}")  # a server's or an AI's words
        elif row.result == "filtered":
            print(f"{say('triage.filtered'):<10} {where}: {for_log(row.error)}")
        elif row.result == "would-triage":
            print(say("triage.would_triage", where=where))
        else:
            print(f"{prefix}{say('triage.results.' + row.result) if row.result in ('triaged', 'dropped', 'cached') else row.result:<9}  {row.score} {row.category:<14} {where}")
    for warning in outcome.warnings:
        print(say("triage.warning", warning=for_log(warning)))

    counts = {k: outcome.count(k) for k in ("triaged", "dropped", "filtered", "cached", "failed", "would-triage")}
    cost = _cost(config, outcome)
    where = say("triage.by", provider=record.provider, model=record.model, prompt=record.prompt_version)
    line = say("triage.summary", where=where, triaged=counts["triaged"], dropped=counts["dropped"], filtered=counts["filtered"],
               failed=counts["failed"], cached=counts["cached"], done=outcome.unchanged, left=len(outcome.deferred))
    if counts["would-triage"]:
        line = say("triage.would", n=counts["would-triage"], tokens=outcome.estimated_tokens) + " · " + line
    if record.provider != "offline" and not args.dry_run:
        line += "; " + say("triage.usage", requests=outcome.requests, retries=outcome.retries, input=outcome.input_tokens,
                           output=outcome.output_tokens, cost=f"{cost:.4f}")
        if outcome.mode and outcome.requests:
            line += ", " + say("triage.mode", mode=outcome.mode)
    if args.dry_run:
        line += " " + say("triage.dry_run")
    print(line)
    if learned is not None and learned.judgements:
        print(say("triage.calibrated", n=learned.judgements, examples=len(learned.examples))
              + (", " + say("triage.corrections", fingerprint=learned.model.fingerprint()) if learned.model.trained_on else ""))
    if outcome.stop_reason:
        print(say("triage.stopped", reason=outcome.stop_reason))

    summary = [f"### {say('triage.title')}{' ' + say('collect.dry_run') if args.dry_run else ''}", "", f"**{where}**", ""]
    if counts["would-triage"]:
        summary += [say("triage.would", n=counts["would-triage"], tokens=outcome.estimated_tokens), ""]
    summary.append(report.markdown_table(
        say("triage.columns").split(" | "),
        [[counts["triaged"], counts["dropped"], counts["failed"], counts["cached"], len(outcome.deferred),
          outcome.requests, outcome.input_tokens, outcome.output_tokens, f"{cost:.4f}"]],
    ))
    if outcome.usage_estimated:
        summary.append("\n" + say("triage.estimated"))
    if outcome.stop_reason:
        summary.append("\n" + say("triage.stopped", reason=outcome.stop_reason))
    if past is not None and past.judgements:
        from ..calibration import summary as agreement

        season = agreement.reports(past, config.triage.threshold)["season"]
        summary.append("\n" + agreement.markdown(say("triage.last_cycles", n=len(past.scores)), season, config.triage.threshold))
    failed = [r for r in outcome.rows if r.result == "failed"]
    if failed or unreadable:
        summary.append(f"\n**{say('triage.attention')}**\n")
        summary.extend(f"- `{_relative(args, r.item)}`: {r.error}" for r in failed[:30])
        summary.extend(f"- `{p}`" for p in unreadable[:30])
    report.step_summary("\n".join(summary))
