"""The newsletter's two pictures as plain SVG text: deterministic, escaped, no scripts, no links.

GitHub shows an SVG embedded with ``![…](file.svg)`` as an image, so these use
only shapes, text and ``<title>`` tooltips; sizes are fixed numbers and every
label passes through :func:`xml.sax.saxutils.escape`.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'Noto Sans KR', 'Apple SD Gothic Neo', sans-serif"
GREENS = ("#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39")  # GitHub's contribution colours
BAR = "#9be9a8"
BAR_DONE = "#30a14e"
INK = "#24292f"
MUTED = "#57606a"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} '
        f'font-family={quoteattr(FONT)} font-size="12">'
    )
    return "\n".join([head, f"<title>{escape(title)}</title>",
                      f'<rect width="{width}" height="{height}" fill="#ffffff"/>', *body, "</svg>"]) + "\n"


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _level(count: int, top: int) -> int:
    if count <= 0:
        return 0
    if top <= 4:
        return min(count, 4)
    return min(4, 1 + (count - 1) * 4 // top)


def _width(label: str) -> int:
    """Roughly how many narrow characters wide ``label`` is (Hangul and CJK count two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in label)


def heatmap(title: str, members: list[str], cycles: list[str], counts: dict[tuple[str, str], int],
            legend: tuple[str, str] = ("적음", "많음"), prefix: str = "@") -> str:
    """Members (rows) × cycles (columns), one green square each, darker for more contributions.

    ``prefix`` goes before each row label: "@" for handles, "" for other rows (a portfolio's kinds).
    """
    cell, gap = 18, 5
    left = 16 + 7 * max([_width(m) + len(prefix) for m in members] + [6])
    top = 44
    width = left + len(cycles) * (cell + gap) + 16
    width = max(width, 260)
    height = top + max(len(members), 1) * (cell + gap) + 40
    peak = max(counts.values(), default=0)
    body = [f'<text x="12" y="20" font-size="14" font-weight="600" fill="{INK}">{escape(title)}</text>']
    for j, cycle in enumerate(cycles):
        x = left + j * (cell + gap) + cell / 2
        label = cycle.rsplit("W", 1)[-1]  # the week number: "48"
        body.append(f'<text x="{x:.1f}" y="{top - 8}" font-size="10" fill="{MUTED}" text-anchor="middle">{escape(label)}</text>')
    for i, member in enumerate(members):
        y = top + i * (cell + gap)
        body.append(f'<text x="{left - 8}" y="{y + cell - 5}" fill="{INK}" text-anchor="end">{escape(prefix + _clip(member, 24))}</text>')
        for j, cycle in enumerate(cycles):
            n = counts.get((member, cycle), 0)
            x = left + j * (cell + gap)
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2" fill="{GREENS[_level(n, peak)]}">'
                f"<title>{escape(prefix + member)} · {escape(cycle)}: {n}</title></rect>"
            )
    y = top + max(len(members), 1) * (cell + gap) + 14
    x = width - 16 - 5 * (cell - 2) - 40
    body.append(f'<text x="{x - 6}" y="{y + 9}" font-size="10" fill="{MUTED}" text-anchor="end">{escape(legend[0])}</text>')
    for k, colour in enumerate(GREENS):
        body.append(f'<rect x="{x + k * (cell - 2)}" y="{y}" width="{cell - 6}" height="{cell - 6}" rx="2" fill="{colour}"/>')
    body.append(f'<text x="{x + 5 * (cell - 2) + 4}" y="{y + 9}" font-size="10" fill="{MUTED}">{escape(legend[1])}</text>')
    return _svg(width, height, title, body)


def bars(title: str, rows: list[tuple[str, int, int]], legend: tuple[str, str] = ("수집·선별", "뉴스레터")) -> str:
    """Horizontal bars, one per category: the whole bar for kept items, the dark part for published ones."""
    label_width = 12 + 7 * max([len(label) * (2 if any(ord(ch) > 0x2E80 for ch in label) else 1) for label, _, _ in rows] + [8])
    label_width = min(label_width, 260)
    bar_area, row_h = 320, 24
    top = 40
    width = label_width + bar_area + 60
    height = top + max(len(rows), 1) * row_h + 34
    peak = max([kept for _, kept, _ in rows] + [1])
    body = [f'<text x="12" y="20" font-size="14" font-weight="600" fill="{INK}">{escape(title)}</text>']
    for i, (label, kept, done) in enumerate(rows):
        y = top + i * row_h
        w_kept = round(bar_area * kept / peak)
        w_done = round(bar_area * min(done, kept) / peak)
        body.append(f'<text x="{label_width - 8}" y="{y + 14}" fill="{INK}" text-anchor="end">{escape(_clip(label, 30))}</text>')
        body.append(f'<rect x="{label_width}" y="{y + 2}" width="{max(w_kept, 1)}" height="16" rx="2" fill="{BAR}">'
                    f"<title>{escape(label)}: {kept} / {done}</title></rect>")
        if w_done:
            body.append(f'<rect x="{label_width}" y="{y + 2}" width="{w_done}" height="16" rx="2" fill="{BAR_DONE}"/>')
        body.append(f'<text x="{label_width + max(w_kept, 1) + 6}" y="{y + 14}" fill="{MUTED}">{kept} · {done}</text>')
    y = top + max(len(rows), 1) * row_h + 10
    body.append(f'<rect x="{label_width}" y="{y}" width="10" height="10" rx="2" fill="{BAR}"/>')
    body.append(f'<text x="{label_width + 14}" y="{y + 9}" font-size="10" fill="{MUTED}">{escape(legend[0])}</text>')
    body.append(f'<rect x="{label_width + 110}" y="{y}" width="10" height="10" rx="2" fill="{BAR_DONE}"/>')
    body.append(f'<text x="{label_width + 124}" y="{y + 9}" font-size="10" fill="{MUTED}">{escape(legend[1])}</text>')
    return _svg(width, height, title, body)
