"""`commons rehearse`: a new community's whole week against the local GitHub stand-in init carries,
offline, showing what members and readers would see, in the community's language."""

from __future__ import annotations

import re
import subprocess

from full_cycle_world import ROOT

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
MEMBERS = ("mara", "lena", "anna", "ben", "clara", "david")


def test_a_new_english_community_rehearses_its_week(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("COMMONS_LANGUAGE")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for key in ("GITHUB_REPOSITORY", "COMMONS_TOKEN", "GITHUB_API_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(key, raising=False)
    made = tmp_path / "berlin"
    created = cli("--repo", ROOT, "init", made, "--name", "Berlin LLM Reading Group", "--language", "en",
                  "--timezone", "Europe/Berlin", "--topic", "Serving and evaluating large language models",
                  "--maintainer", "mara", "--maintainer", "lena", "--source", "https://lab.example.com/blog/feed.xml",
                  "--source", "https://rss.arxiv.org/rss/cs.CL", "--category", "papers=Papers",
                  "--category", "tools=Tools and libraries", "--distribute", "monday 08:00", "--due", "thursday 18:00",
                  "--agenda", "thursday 16:00", "--publish", "thursday 19:00")
    assert created.code == 0, created.err
    assert (made / "tests/github_double.py").is_file() and (made / "tests/fixtures/github/rest-api-subset.json").is_file()
    (made / "members.yml").write_text("members:\n" + "".join(f"  - github: {h}\n" for h in MEMBERS), encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=made, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init"], cwd=made, check=True)

    ran = cli("--repo", made, "rehearse", "--keep", tmp_path / "rehearsal")
    assert ran.code == 0, ran.out + ran.err
    assert [line.split(":")[0] for line in ran.out.splitlines()[:7]] == [
        "collect", "assign", "assign", "remind", "review", "agenda", "publish"]
    assert "agenda: Thu " in ran.out and "publish: Thu " in ran.out  # schedule: in Berlin
    seen = tmp_path / "rehearsal" / "seen"
    pulls = sorted(seen.glob("pull-*.md"))
    assert len(pulls) == len(MEMBERS) and all("How to review" in p.read_text(encoding="utf-8") for p in pulls)
    assert "merged" in (tmp_path / "rehearsal" / "log.txt").read_text(encoding="utf-8")
    newsletter = (seen / "newsletter.md").read_text(encoding="utf-8")
    assert newsletter.startswith("# Newsletter · ") and "(Thu)" in newsletter.split("\n")[0]
    assert (seen / "agenda.md").read_text(encoding="utf-8").startswith("# Thursday run-of-show")
    assert [p.name for p in seen.iterdir() if HANGUL.search(p.read_text(encoding="utf-8"))] == []
    assert not HANGUL.search(ran.out + ran.err + created.out + created.err)


def test_without_the_stand_in_rehearse_says_what_is_missing(cli, repo):
    ran = cli("--repo", repo, "rehearse")
    assert ran.code == 2 and "tests/github_double.py" in ran.err and len(ran.err.strip().splitlines()) == 1
