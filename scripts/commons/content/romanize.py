"""Hangul → Latin letters (Revised Romanization, syllable by syllable) for ASCII file names.

Only for names: no sound-change rules, so 아키텍쳐 → akitekchyeo. Deterministic and
dependency-free; other scripts pass through for ``slugify`` to handle.
"""

from __future__ import annotations

_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
           "yu", "eu", "ui", "i"]
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t"]
_FIRST, _LAST = 0xAC00, 0xD7A3


def romanize(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if _FIRST <= code <= _LAST:
            index = code - _FIRST
            initial, rest = divmod(index, 21 * 28)
            vowel, final = divmod(rest, 28)
            out.append(_INITIALS[initial] + _VOWELS[vowel] + _FINALS[final])
        else:
            out.append(ch)
    return "".join(out)


def has_hangul(text: str) -> bool:
    return any(_FIRST <= ord(ch) <= _LAST or 0x3130 <= ord(ch) <= 0x318F for ch in text)
