"""The community's include/exclude words: applied before any triager, the rule kept."""

from commons.config import Source, TriageSettings
from commons.triage.filters import Filter, Rules, from_config
from triage.fake_openai import FakeOpenAI
from triage.triage_fixtures import item_path, make_item, make_samples, meta, set_triage, snapshot


def p(title, text="", source="hn-llm"):
    return {"id": "x", "title": title, "text": text, "source": source}


def test_exclude_everywhere_and_include_per_source():
    f = Filter(Rules(exclude=("crypto", "코인")), {"arxiv-cs-lg": Rules(include=("language model", "llm"))})
    assert f.rule_for(p("Crypto markets and LLMs")) == 'exclude "crypto" (every source)'
    assert f.rule_for(p("비트코인 시세")) == 'exclude "코인" (every source)'  # Korean: anywhere in a word
    assert f.rule_for(p("Cryptography for agents")) == 'exclude "crypto" (every source)'  # a word start
    assert f.rule_for(p("Encrypted inference")) == ""                                   # not mid-word
    assert f.rule_for(p("Graph networks", source="arxiv-cs-lg")) == "include: none of language model, llm (source arxiv-cs-lg)"
    assert f.rule_for(p("Graph networks for LLM routing", source="arxiv-cs-lg")) == ""
    assert f.rule_for(p("Graph networks", source="hn-llm")) == ""
    assert not Filter(Rules(), {})


def test_from_config_reads_both_levels():
    class C:
        triage = TriageSettings(exclude=("crypto",))
        sources = (Source("a", "https://a", include=("llm",)), Source("b", "https://b"))

    f = from_config(C)
    assert f.rule_for(p("no match", source="a")).startswith("include") and f.rule_for(p("no match", source="b")) == ""


def test_filtered_items_never_reach_the_ai_and_keep_their_rule(repo, cli, monkeypatch):
    make_samples(repo)
    set_triage(repo, exclude=["cats"])
    with FakeOpenAI() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        result = cli("--repo", repo, "triage")
        assert result.code == 0, result.out
        sent = [i["id"] for r in fake.requests for i in fake.items_of(r)]
        assert "cute-cats" not in sent and len(sent) == 4
        cats = meta(item_path(repo, "cute-cats"))
        assert cats["status"] == "dropped" and cats["triage"]["filter"] == 'exclude "cats" (every source)'
        assert cats["triage"]["provider"] == "filter" and "필터 규칙으로 제외" in cats["why"]
        assert "1 filtered" in result.out and 'filtered   news/2026-W48/items/cute-cats.md: exclude "cats"' in result.out
        before, calls = snapshot(repo), fake.calls
        assert cli("--repo", repo, "triage").code == 0 and fake.calls == calls and snapshot(repo) == before
    assert cli("--repo", repo, "validate", repo / "news").code == 0


def test_a_bad_rule_is_one_line_naming_the_key(repo, cli):
    make_item(repo, "a", "A title")
    set_triage(repo, exclude="crypto")
    result = cli("--repo", repo, "triage")
    assert result.code == 2 and "triage.exclude" in result.err and "Traceback" not in result.err


def test_old_news_is_measured_on_the_day_its_newsletter_comes_out_per_source_or_everywhere():
    from commons.content.cycles import Week
    from commons.triage.filters import MaxAge, old_news

    age = MaxAge(14, {"arxiv-cs-cl": 3}, Week())  # 2026-W48's newsletter: Wednesday 2026-11-25

    def item(published, source="hn-llm", collected="2026-11-20T10:00:00Z", cycle="2026-W48"):
        return {"published": published, "collected": collected, "source": source, "cycle": cycle}

    # Ten days old when collected, fifteen when a reader opens the newsletter: not this week's news.
    assert age.rule_for(item("2026-11-10T09:00:00Z")) == \
        "published 2026-11-10, more than 14 days before the newsletter of 2026-11-25 (every source)"
    assert age.rule_for(item("2026-11-11T09:00:00Z")) == ""  # fourteen days on the day: still news
    # Carried over into next week's newsletter, the same post is a week older.
    assert age.rule_for(item("2026-11-18T09:00:00Z"), "2026-W49") == ""
    assert age.rule_for(item("2026-11-10T09:00:00Z"), "2026-W49").endswith("the newsletter of 2026-12-02 (every source)")
    assert age.rule_for(item("2026-11-20T09:00:00Z", "arxiv-cs-cl")).endswith(
        "more than 3 days before the newsletter of 2026-11-25 (source arxiv-cs-cl)")
    assert age.rule_for(item("")) == ""  # undated: kept
    # No usable cycle: measured to the day it was collected, as before.
    assert age.rule_for(item("2026-11-01", cycle="")) == \
        "published 2026-11-01, more than 14 days before it was collected (every source)"
    assert age.rule_for(item("2019-03-01", collected="", cycle="")) == ""
    assert old_news({"triage": {"filter": age.rule_for(item("2019-03-01"))}}) and old_news({"too_old": "x"})
    assert not old_news({"triage": {"filter": 'exclude "crypto" (every source)'}}) and not old_news({})


def test_a_prolific_blogs_archive_never_reaches_the_queue_and_the_reason_is_kept(repo, cli):
    from commons.assign.inputs import audit_candidates
    from commons.config import load_config

    make_samples(repo)
    for n, year in enumerate((2019, 2019, 2020, 2021, 2023)):  # one blog's first fetch: its archive
        make_item(repo, f"archive-{n}", f"Deploying LLM agents on Azure, part {n}", "LLM inference agents RAG.",
                  source="kakao-tech", published=f"{year}-06-0{n + 1}T09:00:00Z")
    # Eleven days old when collected, sixteen on the day of its newsletter (2026-11-25): too old for readers.
    make_item(repo, "listed-late", "LLM agents on Azure, a recap", "LLM inference agents RAG.", source="kakao-tech",
              published="2026-11-09T09:00:00Z")
    result = cli("--repo", repo, "triage")
    assert result.code == 0, result.out + result.err
    assert meta(item_path(repo, "listed-late"))["triage"]["filter"] == \
        "published 2026-11-09, more than 14 days before the newsletter of 2026-11-25 (every source)"
    for n in range(5):
        old = meta(item_path(repo, f"archive-{n}"))
        assert old["status"] == "dropped" and old["triage"]["filter"].startswith("published 20")
        assert "more than 14 days before the newsletter of 2026-11-25" in old["triage"]["filter"]
    assert meta(item_path(repo, "kakao-rag-adoption"))["status"] != "dropped"  # the same blog's news stays
    assert "6 filtered" in result.out
    set_triage(repo, audit_sample=5)
    audits, _ = audit_candidates(repo, load_config(repo), "2026-W48", set(), [])
    assert not [c for c in audits if c.id.startswith("archive-")]  # old news is no judgement to audit
    assert cli("--repo", repo, "validate", repo / "news").code == 0
