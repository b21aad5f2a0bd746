"""The newsletter's two pictures as plain SVG text: deterministic, escaped, no scripts, no links.

GitHub shows an SVG embedded with ``![…](file.svg)`` as an image, where tooltips
never show, so every number is written on the picture; sizes are fixed numbers
and every label passes through :func:`xml.sax.saxutils.escape`.
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


# Pictures are drawn at most WIDTH_LIMIT wide with no text under MIN_FONT: shown in a 370 px column
# (a 400 px phone screen less GitHub's margins) no letter is smaller than 11 px.
WIDTH_LIMIT = 440
MIN_FONT = 14
PHONE_COLUMN = 370


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _text_width(label: str, size: int) -> float:
    """A generous estimate: wide (CJK) characters one em, others 0.6 em."""
    return sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in label)


def _level(count: int, top: int) -> int:
    if count <= 0:
        return 0
    if top <= 4:
        return min(count, 4)
    return min(4, 1 + (count - 1) * 4 // top)


def heatmap(title: str, members: list[str], cycles: list[str], counts: dict[tuple[str, str], int],
            column_label=lambda cycle: cycle.rsplit("W", 1)[-1], note: str = "") -> str:
    """Members (rows) × cycles (columns): a green square with the count in it for every week a member
    reviewed something. Weeks without reviews stay blank and members with none in the window are not
    listed: the picture shows contributions, not absences."""
    rows = [m for m in members if any(counts.get((m, c), 0) for c in cycles)]
    cell, gap = 30, 4
    labels = [f"@{_clip(m, 14)}" for m in rows]
    left = 12 + int(max([_text_width(label, MIN_FONT) for label in labels] + [60])) + 8
    top = 58
    width = min(WIDTH_LIMIT, max(left + len(cycles) * (cell + gap) + 8, 300))
    height = top + max(len(rows), 1) * (cell + gap) + (34 if note else 12)
    peak = max(counts.values(), default=0)
    body = [f'<text x="12" y="22" font-size="16" font-weight="600" fill="{INK}">{escape(title)}</text>']
    for j, cycle in enumerate(cycles):
        x = left + j * (cell + gap) + cell / 2
        body.append(f'<text x="{x:.1f}" y="{top - 10}" font-size="{MIN_FONT}" fill="{MUTED}" '
                    f'text-anchor="middle">{escape(column_label(cycle))}</text>')
    for i, (member, label) in enumerate(zip(rows, labels)):
        y = top + i * (cell + gap)
        body.append(f'<text x="{left - 8}" y="{y + cell / 2 + 5:.1f}" font-size="{MIN_FONT}" fill="{INK}" '
                    f'text-anchor="end">{escape(label)}</text>')
        for j, cycle in enumerate(cycles):
            n = counts.get((member, cycle), 0)
            if n <= 0:
                continue
            x = left + j * (cell + gap)
            level = _level(n, peak)
            ink = "#ffffff" if level >= 3 else INK
            body.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="3" fill="{GREENS[level]}"/>')
            body.append(f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 5:.1f}" font-size="{MIN_FONT}" '
                        f'font-weight="600" fill="{ink}" text-anchor="middle">{n}</text>')
    if note:
        y = top + max(len(rows), 1) * (cell + gap) + 20
        body.append(f'<text x="12" y="{y}" font-size="{MIN_FONT}" fill="{MUTED}">{escape(note)}</text>')
    return _svg(width, height, title, body)


def bars(title: str, rows: list[tuple[str, int, int, str]], legend: tuple[str, str]) -> str:
    """One block per category: its name on a line of its own, then a bar for the kept items whose dark
    part is the published ones, and the two counts written out beside it."""
    row_h = 52
    top = 44
    width = WIDTH_LIMIT
    text_room = int(max([_text_width(text, MIN_FONT) for *_, text in rows] + [80])) + 16
    bar_area = width - 12 - text_room - 12
    height = top + max(len(rows), 1) * row_h + 30
    peak = max([kept for _, kept, _, _ in rows] + [1])
    body = [f'<text x="12" y="22" font-size="16" font-weight="600" fill="{INK}">{escape(title)}</text>']
    for i, (label, kept, done, text) in enumerate(rows):
        y = top + i * row_h
        w_kept = max(round(bar_area * kept / peak), 4)
        w_done = round(bar_area * min(done, kept) / peak)
        body.append(f'<text x="12" y="{y + 14}" font-size="{MIN_FONT + 1}" fill="{INK}">{escape(_clip(label, 28))}</text>')
        body.append(f'<rect x="12" y="{y + 22}" width="{w_kept}" height="18" rx="3" fill="{BAR}"/>')
        if w_done:
            body.append(f'<rect x="12" y="{y + 22}" width="{w_done}" height="18" rx="3" fill="{BAR_DONE}"/>')
        body.append(f'<text x="{12 + w_kept + 8}" y="{y + 36}" font-size="{MIN_FONT}" fill="{MUTED}">{escape(text)}</text>')
    y = top + max(len(rows), 1) * row_h + 4
    body.append(f'<rect x="12" y="{y}" width="14" height="14" rx="2" fill="{BAR}"/>')
    body.append(f'<text x="32" y="{y + 12}" font-size="{MIN_FONT}" fill="{MUTED}">{escape(legend[0])}</text>')
    second = 32 + int(_text_width(legend[0], MIN_FONT)) + 20
    body.append(f'<rect x="{second}" y="{y}" width="14" height="14" rx="2" fill="{BAR_DONE}"/>')
    body.append(f'<text x="{second + 20}" y="{y + 12}" font-size="{MIN_FONT}" fill="{MUTED}">{escape(legend[1])}</text>')
    return _svg(width, height, title, body)
