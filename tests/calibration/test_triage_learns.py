"""``commons triage`` learns from merged reviews: offline corrections and AI examples."""

import json

from calibration.calibration_support import reviewed_item
from commons.calibration import history
from triage.fake_openai import FakeOpenAI
from triage.triage_fixtures import item_path, make_item, meta, set_triage, snapshot

PAST = ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]


def reviewed_history(repo):
    for n, cycle in enumerate(PAST):
        reviewed_item(repo, cycle, f"quant-{n}", f"New quantization kernels for serving {n}", "hn-llm", 3, [5, 5])
        reviewed_item(repo, cycle, f"fund-{n}", f"Startup funding round closes {n}", "aws-ml-blog", 3, [1, 1], category="business")
        reviewed_item(repo, cycle, f"plain-{n}", f"Ordinary library update {n}", "hn-llm", 3, [3])


def test_history_reads_merged_reviews_of_a_window(repo):
    reviewed_history(repo)
    judged = history.load(repo)
    assert len(judged) == 12 and judged[0].cycle == "2026-W44"
    assert {j.item_id: j.impacts for j in judged}["quant-0"] == [5, 5]
    assert len(history.load(repo, window=2)) == 6


def test_a_judgement_carries_its_items_text_though_unreviewed_items_are_not_rendered(repo):
    from commons.content import items as content
    from commons.triage.prompt import item_text

    reviewed_history(repo)
    judged = {j.item_id: j for j in history.load(repo)}
    for found in content.read_items(repo, judged["quant-0"].cycle)[0]:
        if found.meta["id"] == "quant-0":
            assert judged["quant-0"].text == item_text(found.meta, found.doc.body) != ""


def test_offline_triage_moves_scores_the_members_way_and_says_so(repo, cli):
    reviewed_history(repo)
    make_item(repo, "quant-new", "Faster quantization kernels for serving", "Quantization and serving of a model.", source="hn-llm")
    make_item(repo, "fund-new", "Startup funding round for an LLM model company", "Funding for a model startup.", source="aws-ml-blog")
    set_triage(repo, calibration=False)
    assert cli("--repo", repo, "triage").code == 0
    plain = {i: meta(item_path(repo, i))["score"] for i in ("quant-new", "fund-new")}
    for i in plain:
        path = item_path(repo, i)
        path.write_text(path.read_text().replace("status: triaged", "status: new").replace("status: dropped", "status: new"))
    set_triage(repo, calibration=True)
    result = cli("--repo", repo, "triage", "--retriage")
    assert result.code == 0, result.out
    quant, fund = meta(item_path(repo, "quant-new")), meta(item_path(repo, "fund-new"))
    assert quant["score"] > plain["quant-new"] and fund["score"] < plain["fund-new"]
    assert "멤버 리뷰 보정" in quant["why"] and "quantization" in quant["why"]
    assert quant["triage"]["calibration"].startswith(f"{plain['quant-new']}->{quant['score']}")
    assert "calibrated on 12 items members reviewed" in result.out
    before = snapshot(repo)
    assert cli("--repo", repo, "triage").code == 0 and snapshot(repo) == before  # a rerun changes nothing
    assert cli("--repo", repo, "validate", repo / "news").code == 0


def test_ai_prompt_carries_the_members_examples_and_a_rerun_costs_no_call(repo, cli, monkeypatch):
    reviewed_history(repo)
    set_triage(repo, rubric={5: "수요 모임에서 꼭 다룰 것", 1: "잡음"})
    make_item(repo, "new-one", "Another quantization release", "Quantization.")
    with FakeOpenAI() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        assert cli("--repo", repo, "triage").code == 0 and fake.calls == 1
        system = fake.requests[0]["messages"][0]["content"]
        assert "5 = 수요 모임에서 꼭 다룰 것" in system and "1 = 잡음" in system and "4 = worth a careful read" in system
        shots = [json.loads(line) for line in system.split("otherwise \"\".\n", 1)[1].splitlines()]
        assert 3 <= len(shots) and {"members", "title", "source"} <= set(shots[0])
        assert any(s["members"] == 5 and "quantization" in s["title"] for s in shots)
        assert cli("--repo", repo, "triage").code == 0 and fake.calls == 1
        version = meta(item_path(repo, "new-one"))["triage"]["prompt_version"]
        reviewed_item(repo, "2026-W47", "late", "A late review about agents", "hn-llm", 2, [5])
        assert cli("--repo", repo, "triage").code == 0 and fake.calls == 1  # new reviews, nothing new to triage: no call
        assert meta(item_path(repo, "new-one"))["triage"]["prompt_version"] == version


def test_status_and_the_step_summary_carry_the_agreement_report(repo, cli, tmp_path, monkeypatch):
    reviewed_history(repo)
    reviewed_item(repo, "2026-W47", "audit-miss", "A dropped gem about serving", "hn-llm", 2, [5, 4])
    result = cli("--repo", repo, "status", "--cycle", "2026-W48", "--format", "json")
    data = json.loads(result.out)["agreement"]
    assert set(data) == {"season", "2026-W47"}
    season = data["season"]
    assert season["items"] == 13 and season["audits"] == 1 and season["audit_misses"] == 1
    assert sum(map(sum, season["confusion"])) == 13 and season["confusion"][2][4] == 4  # triage 3, members 5
    assert season["gap_by_category"]["business"]["mean"] == -2.0
    text = cli("--repo", repo, "status", "--cycle", "2026-W48").out
    assert "Triage vs members (season, 13 items): MAE" in text and "audit misses 1/1" in text
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    make_item(repo, "fresh", "Something new about quantization", "Quantization.")
    assert cli("--repo", repo, "triage").code == 0
    assert "#### Triage vs members: last 4 cycles" in summary.read_text() and "| triage ＼ members |" in summary.read_text()


def test_a_new_release_of_a_reviewed_line_follows_it(repo, cli):
    reviewed_item(repo, "2026-W46", "vllm-v0-7-0", "vllm v0.7.0", "vllm-releases", 4, [5, 4])
    make_item(repo, "vllm-v0-8-0", "vllm v0.8.0", "A release of the serving engine.", source="vllm-releases")
    make_item(repo, "other", "Something else 2.0", "Text.", source="hn-llm")
    assert cli("--repo", repo, "triage").code == 0
    assert meta(item_path(repo, "vllm-v0-8-0"))["follows"] == "vllm-v0-7-0"
    assert "follows" not in meta(item_path(repo, "other"))
    assert cli("--repo", repo, "validate", repo / "news").code == 0


def test_the_model_may_say_an_item_follows_a_story_it_was_shown(repo, cli, monkeypatch):
    from triage.fake_openai import default_answer

    reviewed_history(repo)
    make_item(repo, "quant-sequel", "The quantization kernels, part two", "More on serving kernels.")
    make_item(repo, "made-up", "Unrelated news", "Text.")

    def answer(item, categories):
        out = default_answer(item, categories)
        out["follows"] = {"quant-sequel": "quant-3", "made-up": "no-such-story"}[item["id"]]
        return out

    with FakeOpenAI(answer=answer) as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        assert cli("--repo", repo, "triage").code == 0
        system = fake.requests[0]["messages"][0]["content"]
        assert '"id":"quant-3"' in system and 'set its "follows"' in system
    assert meta(item_path(repo, "quant-sequel"))["follows"] == "quant-3"
    assert "follows" not in meta(item_path(repo, "made-up"))  # only a story the model was shown
    assert cli("--repo", repo, "validate", repo / "news").code == 0
