"""A member's 잔디: one row per kind of contribution, one column per cycle, GitHub's greens.

Plain SVG text like the newsletter's pictures (:mod:`commons.content.svg`): shapes, text and
``<title>`` tooltips only, every label escaped.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..content.svg import GREENS, INK, MIN_FONT, MUTED, WIDTH_LIMIT, _level, _svg

CELL, GAP = 18, 5
# At most this many weeks: the picture stays within svg.WIDTH_LIMIT, so on a 400 px phone no
# letter is under 11 px; one label every LABEL_EVERY columns (a date is wider than a square).
MAX_COLUMNS = 12
LABEL_EVERY = 4


def _width(label: str) -> int:
    """Roughly how many narrow characters wide ``label`` is (Hangul and CJK count two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in label)


def grid(title: str, rows: list[str], cycles: list[str], counts: dict[tuple[str, str], int],
         legend: tuple[str, str], column_label=lambda cycle: cycle.rsplit("W", 1)[-1]) -> str:
    """Rows × cycles, a square each, darker for more; a week's first day over every fourth column
    (the newest labelled), a legend below."""
    left = 16 + 9 * max([_width(r) for r in rows] + [4])
    top = 48
    width = min(WIDTH_LIMIT, max(left + len(cycles) * (CELL + GAP) + 16, 300))
    height = top + max(len(rows), 1) * (CELL + GAP) + 40
    peak = max(counts.values(), default=0)
    body = [f'<text x="12" y="20" font-size="{MIN_FONT + 2}" font-weight="600" fill="{INK}">{escape(title)}</text>']
    for j, cycle in enumerate(cycles):
        if (len(cycles) - 1 - j) % LABEL_EVERY:
            continue
        x = left + j * (CELL + GAP) + CELL / 2
        body.append(f'<text x="{x:.1f}" y="{top - 8}" font-size="{MIN_FONT}" fill="{MUTED}" text-anchor="middle">'
                    f'{escape(column_label(cycle))}</text>')
    for i, row in enumerate(rows):
        y = top + i * (CELL + GAP)
        body.append(f'<text x="{left - 8}" y="{y + CELL - 4}" font-size="{MIN_FONT}" fill="{INK}" '
                    f'text-anchor="end">{escape(row)}</text>')
        for j, cycle in enumerate(cycles):
            n = counts.get((row, cycle), 0)
            body.append(f'<rect x="{left + j * (CELL + GAP)}" y="{y}" width="{CELL}" height="{CELL}" rx="2" '
                        f'fill="{GREENS[_level(n, peak)]}"><title>{escape(row)} · {escape(cycle)}: {n}</title></rect>')
    y = top + max(len(rows), 1) * (CELL + GAP) + 14
    x = width - 16 - 5 * (CELL - 2) - 40
    body.append(f'<text x="{x - 6}" y="{y + 11}" font-size="{MIN_FONT}" fill="{MUTED}" text-anchor="end">{escape(legend[0])}</text>')
    for k, colour in enumerate(GREENS):
        body.append(f'<rect x="{x + k * (CELL - 2)}" y="{y}" width="{CELL - 6}" height="{CELL - 6}" rx="2" fill="{colour}"/>')
    body.append(f'<text x="{x + 5 * (CELL - 2) + 4}" y="{y + 11}" font-size="{MIN_FONT}" fill="{MUTED}">{escape(legend[1])}</text>')
    return _svg(width, height, title, body)
