import pytest

from commons.content import yamlsafe


def test_positions_of_nested_keys():
    loaded = yamlsafe.load("a: 1\nb:\n  - x\n  - {c: 2, d: [1, 2]}\n")
    assert loaded.data == {"a": 1, "b": ["x", {"c": 2, "d": [1, 2]}]}
    assert loaded.positions[("b", 1, "d")] == (4, 12)
    assert loaded.position(("b", 1, "missing")) == loaded.positions[("b", 1)]


def test_dates_stay_strings_and_dump_quotes_them_back():
    loaded = yamlsafe.load("updated: 2026-11-20\nat: 2026-11-20T09:00:00Z\n")
    assert loaded.data == {"updated": "2026-11-20", "at": "2026-11-20T09:00:00Z"}
    assert yamlsafe.load(yamlsafe.dump(loaded.data)).data == loaded.data
    assert "'2026-11-20'" in yamlsafe.dump(loaded.data)


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("a: &x 1\nb: *x\n", 1, "anchors and aliases"),
        ("a: [1]\nb: !!python/object/apply:os.system ['echo pwned']\n", 2, "!!python/object/apply:os.system"),
        ("a: !custom x\n", 1, "tag !custom is not allowed"),
        ("a: !!binary aGVsbG8=\n", 1, "!!binary"),
        ("s: !!set {a, b}\n", 1, "!!set"),
        ("a: 1\nb: 2\na: 3\n", 3, "'a' appears twice (first on line 1)"),
        ("a:\n\tb: 1\n", 2, "tab characters"),
        ("[" * 100 + "]" * 100, 1, "nested more than"),
        ("? [a]\n: 1\n", 1, "a key must be plain text"),
        ("a: 1\n---\nb: 2\n", 2, "only one YAML document"),
    ],
)
def test_hostile_yaml_is_refused_with_its_line(text, line, words):
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.load(text)
    assert words in caught.value.message
    assert caught.value.line == line


def test_billion_laughs_is_refused_at_the_first_alias_without_expanding():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    with pytest.raises(yamlsafe.YamlError, match="anchors and aliases"):
        yamlsafe.load("\n".join(lines))


@pytest.mark.parametrize("depth", [yamlsafe.MAX_DEPTH + 1, 1_500, 60_000])
@pytest.mark.parametrize("nested", [lambda d: "[" * d + "]" * d, lambda d: "\n  " + "- " * d + "x"], ids=["flow", "block"])
def test_deep_nesting_is_refused_with_its_line_whichever_layer_stops_it(depth, nested):
    # libyaml's composer segfaults near 30,000 levels, and newer libyaml caps depth itself at
    # 1,000 with its own words. Either way: a YamlError on the value's line, never a crash.
    with pytest.raises(yamlsafe.YamlError) as raised:
        yamlsafe.load("x: 1\ny: " + nested(depth))
    assert raised.value.line in (2, 3)


def test_nesting_at_the_cap_is_accepted():
    depth = yamlsafe.MAX_DEPTH - 1
    assert yamlsafe.load("x: " + "[" * depth + "]" * depth).data is not None


def test_dump_keeps_key_order_and_unicode():
    text = yamlsafe.dump({"z": "한국어", "a": ["x"], "m": "two\nlines\n"})
    assert text.index("z:") < text.index("a:")
    assert "한국어" in text
    assert yamlsafe.load(text).data == {"z": "한국어", "a": ["x"], "m": "two\nlines\n"}
