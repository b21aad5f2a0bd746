"""The offline triager: keyword relevance and an extractive summary, no AI.

Deterministic and free, so the week runs without a key. It does not
understand anything: the score counts the categories' keywords and the
community's topic words found in the item (1-4: it never claims a 5), the summary is the item's own
first sentences (in the item's language, not translated), and the record
says so in ``triage.note`` and in ``why``.
"""

from __future__ import annotations

import re

from .. import i18n
from .answers import Verdict, clamp_text

PROVIDER = "offline"
MODEL = "keywords"
OFFLINE_VERSION = "offline-2"  # 2: an unsorted item is "other", not the first category


# The category of an item no keyword sorted and no source hint placed: no category of commons.yml (the
# first one took them all, papers under "model updates"); the newsletter lists them under "other".
UNSORTED = "other"
PAPER_KINDS = frozenset({"arxiv", "hf-papers"})
RESEARCH_IDS = frozenset({"papers", "research"})


def written_by_ai(provider: str) -> bool:
    """Whether an item's triage record (its ``provider``) came from an AI: only then may its notes be called an AI's."""
    return provider not in ("", PROVIDER)


NOTE = "offline keyword match and extractive summary (not an AI judgement); re-triage with AI to get a real score"

_STOPWORDS = {
    "and", "for", "the", "with", "from", "into", "about", "their", "this", "that", "are", "was",
    "our", "its", "how", "what", "who", "all", "any", "can", "use", "using", "used", "via",
}
_WORD = re.compile(r"[a-z0-9][a-z0-9.+#-]*[a-z0-9+#]|[a-z0-9]|[가-힣]+")
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")

SUMMARY_CHARS = 280
TITLE_WEIGHT = 2


def topic_terms(topic: str) -> list[str]:
    """Content words of the topic, singular-ish, in order of first appearance."""
    out = []
    for word in _WORD.findall(topic.lower()):
        if len(word) < 3 or word in _STOPWORDS:
            continue
        stem = word[:-1] if word.endswith("s") and len(word) > 4 else word
        if stem not in out:
            out.append(stem)
    return out


def _pattern(term: str) -> re.Pattern:
    term = term.lower().strip()
    if re.search(r"[가-힣]", term):  # Korean attaches particles: match anywhere
        return re.compile(re.escape(term))
    # A word start, with plural/inflected endings allowed ("agent" finds "agents").
    return re.compile(r"(?<![a-z0-9])" + re.escape(term) + r"(?:s|es|d|ed|ing)?(?![a-z0-9])")


def _distinct_terms(keywords) -> list[tuple[str, re.Pattern]]:
    """Keyword patterns, without those another keyword already covers ("released" by "release")."""
    terms = [(k.lower().strip(), _pattern(k)) for k in keywords if k.strip()]
    return [(k, rx) for k, rx in terms if not any(o != k and orx.fullmatch(k) for o, orx in terms)]


def _model(config):
    return getattr(config.triage.learned, "model", None)


def fingerprint(config) -> str:
    """The offline "prompt": keywords, topic and learned corrections, so changing them re-triages."""
    import hashlib

    parts = [config.topic] + [f"{c.id}:{','.join(c.keywords)}" for c in config.categories]
    model = _model(config)
    if model is not None and model.trained_on:
        parts.append(f"calibration:{model.fingerprint()}")
    return f"{OFFLINE_VERSION}+" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:8]


def explain(corrections: list[tuple[str, float]], t) -> str:
    """Learned corrections in words (``t``: the community's i18n.Catalog): 'source arxiv-cs-cl -0.7, "quantization" +0.6'."""
    names = {kind: t(f"triage.correction.{kind}") for kind in ("bias", "source", "category")}
    shown = []
    for name, weight in corrections:
        kind, _, value = name.partition(":")
        label = f"\u201c{value}\u201d" if kind == "term" else (f"{names[kind]} {value}".strip())
        shown.append(f"{label} {weight:+.1f}")
    return ", ".join(shown)


class OfflineTriager:
    def __init__(self, config):
        self.config = config
        self.category_terms = [(c, _distinct_terms(c.keywords)) for c in config.categories]
        self.topic = [(t, _pattern(t)) for t in topic_terms(config.topic)]
        # A paper source (arXiv, daily papers) carries research whatever its words say ("a new model"):
        # its items go to the source's category, else to the community's research category.
        research = next((c.id for c in config.categories if c.id in RESEARCH_IDS
                         or {"arxiv", "paper"} & {k.lower() for k in c.keywords}), "")
        self.source_category = {s.id: s.category or (research if s.kind in PAPER_KINDS else "")
                                for s in config.sources if s.category or s.kind in PAPER_KINDS}
        self.papers = {s.id for s in config.sources if s.kind in PAPER_KINDS}

    def matches(self, text: str) -> tuple[dict[str, list[str]], list[str]]:
        text = text.lower()
        per_category = {c.id: [k for k, rx in terms if rx.search(text)] for c, terms in self.category_terms}
        topic = [t for t, rx in self.topic if rx.search(text)]
        return per_category, topic

    def category_for(self, payload: dict) -> str:
        return self.judge(payload)[1]

    def judge(self, payload: dict) -> tuple[int, str, list[str]]:
        """(score, category, matched keywords) for one item payload."""
        title_hits, title_topic = self.matches(payload["title"])
        all_hits, all_topic = self.matches(payload["title"] + " \n " + payload["text"])
        weight = {
            c.id: len(all_hits[c.id]) + (TITLE_WEIGHT - 1) * len(title_hits[c.id]) for c in self.config.categories
        }
        lean = self.source_category.get(payload["source"])
        if lean in weight:
            weight[lean] += 1  # a source's usual category breaks ties and gives a little weight
        best = max(weight.values())
        order = [c.id for c in self.config.categories]
        if lean in weight and (weight[lean] == best or payload["source"] in self.papers):
            category = lean
        elif best == 0:
            category = UNSORTED
        else:
            category = next(cid for cid in order if weight[cid] == best)
        keywords = sorted({k for hits in all_hits.values() for k in hits})
        title_keywords = {k for hits in title_hits.values() for k in hits}
        relevance = len(keywords) + len(all_topic) + len(title_keywords) + len(title_topic)
        # Counting words cannot tell what "must be discussed" (5): the offline triager stops at 4.
        score = 1 if relevance == 0 else 2 if relevance <= 2 else 3 if relevance <= 5 else 4
        if not (title_keywords or title_topic):
            score = max(1, score - 1)  # words only in the body are weak evidence of what the item is about
        matched = keywords + [t for t in all_topic if t not in keywords]
        return score, category, matched

    def verdict(self, payload: dict) -> Verdict:
        score, category, matched = self.judge(payload)
        summary = extractive_summary(payload["text"])
        if not summary or _STATS_ONLY.match(summary):  # "Hacker News: 156 points, 42 comments" tells nothing
            summary = clamp_text(payload["title"], SUMMARY_CHARS)
        t = i18n.catalog(self.config.language)
        shown = ", ".join(matched[:8]) if matched else t("triage.none")
        why = t("triage.offline_why", matched=shown)
        calibration = ""
        model = _model(self.config)
        if model is not None and model.trained_on:
            adjusted, corrections = model.adjust(score, payload["source"], category, payload["title"])
            if corrections or adjusted != score:
                learned = explain(corrections, t)
                why += " · " + t("triage.calibrated", before=score, after=adjusted)
                why += f" ({learned})" if learned else ""
                calibration = f"{score}->{adjusted}" + (f": {learned}" if learned else "")
            score = adjusted
        return Verdict(payload["id"], score, category, summary, clamp_text(why, 200), matched[:5], calibration=calibration)


# An aggregator's excerpt that is only its counters (Hacker News, Reddit, Lobsters), not the item's content.
_STATS_ONLY = re.compile(r"^[\w ./-]{0,30}:?\s*\d[\d,]*\s+(points?|upvotes?|votes?)\b[\s,·|]*(\d[\d,]*\s+comments?)?\.?$",
                         re.IGNORECASE)


def extractive_summary(text: str, max_sentences: int = 3, max_chars: int = SUMMARY_CHARS) -> str:
    """The text's first sentences, whole, up to ``max_chars``. A line of its own (a heading, a list
    item of release notes) counts as a sentence and keeps its line."""
    pieces = []  # (sentence, whether it starts a line)
    for line in (text or "").split("\n"):
        parts = [s.strip() for s in _SENTENCE_END.split(line) if s and s.strip()]
        pieces += [(s, n == 0) for n, s in enumerate(parts)]
    out = ""
    for sentence, new_line in pieces[:max_sentences]:
        candidate = f"{out}{chr(10) if new_line else ' '}{sentence}".strip() if out else sentence
        if len(candidate) > max_chars:
            break
        out = candidate
    if not out and pieces:
        out = clamp_text(pieces[0][0], max_chars)
    return out
