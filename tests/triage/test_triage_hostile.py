"""Whatever a feed or a model says, the item file still parses, validates and reads back."""

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commons import schemas
from commons.config import load_config
from commons.content import frontmatter
from commons.triage import plan
from commons.triage.answers import parse_batch
from commons.triage.files import ItemWriter
from triage.triage_fixtures import make_item

ROOT = Path(__file__).resolve().parents[2]
CONFIG = load_config(ROOT)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
NASTY = st.sampled_from([
    "---", "...", "status: published", "<script>alert(1)</script>", "{{ secrets.X }}", "${{ github.token }}",
    "&anchor", "*alias", "!!python/object:os.system", "# heading", "```", "<!-- commons:x start -->",
    "\r\n", "\x00", "\u2028", "'", '"', ": ", "- ", "|", ">", "%YAML", "\t", "null", "~", "yes", "2026-11-20",
])
HOSTILE = st.lists(st.one_of(TEXT, NASTY), max_size=8).map("".join)


_REPOS: dict = {}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=HOSTILE.filter(lambda t: t.strip() and "\x00" not in t), excerpt=HOSTILE, body=HOSTILE,
       answer=st.fixed_dictionaries({"summary": HOSTILE, "why": HOSTILE, "category": HOSTILE,
                                     "score": st.one_of(st.integers(-10**6, 10**6), st.floats(), HOSTILE),
                                     "tags": st.lists(HOSTILE, max_size=4)}))
def test_any_text_in_any_field_leaves_a_valid_file(tmp_path_factory, title, excerpt, body, answer):
    repo = _REPOS.get("repo")
    if repo is None:  # one repository for all examples: the compiled schema is cached by its path
        repo = _REPOS["repo"] = tmp_path_factory.mktemp("repo")
        (repo / "schemas").symlink_to(ROOT / "schemas")
    path = make_item(repo, "hostile", title[:1000], body.replace("\x00", ""), excerpt=excerpt.replace("\x00", ""))
    item = plan.make_item(path, frontmatter.read(path).meta, frontmatter.read(path).body)
    before = frontmatter.read(path).body
    result = parse_batch(json.dumps({"items": [{"id": "hostile", **answer}]}), ["hostile"], CONFIG.categories,
                         {"hostile": "papers"})
    record = plan.Record("openai", "m", "p", item.input_hash)
    if result.verdicts:
        meta = plan.triaged_meta(item.meta, result.verdicts["hostile"], record, 3)
    else:
        meta = plan.failed_meta(item.meta, record, result.errors["hostile"])
    ItemWriter(repo).write(item, meta)
    doc = frontmatter.read(path)
    assert doc.meta == meta and doc.body == before
    assert schemas.check(ROOT / "schemas", "item", doc.meta) == []
    if result.verdicts:
        assert 1 <= doc.meta["score"] <= 5 and doc.meta["category"] in {c.id for c in CONFIG.categories}
        assert "\n" not in doc.meta["summary"] and "<script" not in doc.meta["summary"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | HOSTILE | st.sampled_from(["hostile", "other"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "items", "score", "category", "summary", "why", "tags", "x"]), children, max_size=6),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_any_json_answer_is_either_a_clamped_verdict_or_an_error(value):
    text = json.dumps(value, ensure_ascii=False)
    result = parse_batch(text, ["hostile", "other"], CONFIG.categories, {"hostile": "papers", "other": "papers"})
    assert set(result.verdicts) | set(result.errors) == {"hostile", "other"}
    assert not set(result.verdicts) & set(result.errors)
    for verdict in result.verdicts.values():
        assert 1 <= verdict.score <= 5 and verdict.summary and verdict.why
