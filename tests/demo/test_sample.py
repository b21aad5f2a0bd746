"""The demo's sample data: what a copy holds."""

from __future__ import annotations

import re

from conftest import ROOT
from commons.demo.sample import copy_into


def test_the_copy_holds_every_file_the_handbook_links_to(tmp_path):
    copy_into(ROOT, tmp_path / "demo")
    for page in (tmp_path / "demo" / "handbook").rglob("*.md"):
        for target in re.findall(r"\]\((\.\./[^)#\s]+)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).resolve().exists(), f"{page.name} links {target}, missing in the demo"


def test_a_clone_without_a_contributor_guide_still_copies(tmp_path):
    source = tmp_path / "source"
    for name in ("commons.yml", "members.yml", "examples/feeds/commons.sources.yml", "schemas/x.yml", "handbook/README.md"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text("sources: []\n" if name.endswith("sources.yml") else "x: 1\n", encoding="utf-8")
    copy_into(source, tmp_path / "demo")
    assert (tmp_path / "demo" / "handbook" / "README.md").exists() and not (tmp_path / "demo" / "CONTRIBUTING.md").exists()
