"""The agreement report for maintainers: plain data for ``--format json``, lines for a
terminal, markdown for the step summary. Readers never see these figures."""

from __future__ import annotations

from . import agreement
from .history import History
from ..i18n import say


def reports(history: History, threshold: int) -> dict[str, agreement.Report]:
    """The season (the whole window) and the latest cycle that has reviews."""
    if not history.judgements:
        return {}
    latest = max(j.cycle for j in history.judgements)
    season_scores = [s for scores in history.scores.values() for s in scores]
    return {
        "season": agreement.report(history.judgements, season_scores, threshold),
        latest: agreement.report([j for j in history.judgements if j.cycle == latest], history.scores.get(latest, []), threshold),
    }


def _num(value, fmt=".2f") -> str:
    return "—" if value is None else format(value, fmt)


def as_data(report: agreement.Report) -> dict:
    return {
        "items": report.items, "mae": report.mae, "weighted_kappa": report.kappa, "confusion": report.matrix,
        "gap_by_source": {k: {"mean": m, "items": n} for k, (m, n) in report.by_source.items()},
        "gap_by_category": {k: {"mean": m, "items": n} for k, (m, n) in report.by_category.items()},
        "audits": report.audits, "audit_misses": report.audit_misses,
        "thresholds": [{"threshold": o.threshold, "workload": o.workload, "recall": o.recall} for o in report.options],
        "suggested_threshold": report.suggested.threshold if report.suggested else None,
    }


def lines(name: str, report: agreement.Report, threshold: int) -> list[str]:
    audits = say("calibration.audits", misses=report.audit_misses, audits=report.audits) if report.audits else say("calibration.no_audits")
    out = [say("calibration.line", name=name, items=report.items, mae=_num(report.mae), kappa=_num(report.kappa), audits=audits)]
    worst = sorted(report.by_source.items(), key=lambda kv: -abs(kv[1][0]))[:3]
    if worst:
        out.append("  " + say("calibration.gaps", gaps=", ".join(f"{k} {m:+.1f} ({n})" for k, (m, n) in worst)))
    if report.suggested and report.suggested.threshold != threshold:
        s = report.suggested
        out.append("  " + say("calibration.suggested", threshold=s.threshold, now=threshold, workload=f"{s.workload:.0%}",
                              recall=f"{s.recall:.0%}", important=agreement.IMPORTANT))
    return out


def markdown(name: str, report: agreement.Report, threshold: int) -> str:
    header = f"| {say('calibration.axes')} | 1 | 2 | 3 | 4 | 5 |\n|---|---|---|---|---|---|\n"
    matrix = "".join(f"| **{i + 1}** | " + " | ".join(str(c) for c in row) + " |\n" for i, row in enumerate(report.matrix))
    options = f"| {say('calibration.options')} |\n|---|---|---|\n" + "".join(
        f"| {o.threshold}{' ' + say('calibration.now') if o.threshold == threshold else ''}"
        f"{' ← ' + say('calibration.suggestion') if report.suggested is o else ''} "
        f"| {o.workload:.0%} | {_num(o.recall, '.0%')} |\n" for o in report.options)
    return "\n".join([f"#### {say('calibration.title', name=name)}", "", *lines(name, report, threshold), "", header + matrix, options])
