"""JSON Schemas (written in YAML) from ``schemas/``, and errors in words people use."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from .content import yamlsafe
from .problems import UsageError
from .untrusted import for_log

KINDS = ("item", "review", "chapter", "note", "post", "log", "commons", "members")


def forget() -> None:
    """Read the schemas afresh (a long-lived process whose repository's schemas/ changed)."""
    for cached in (validator, quick_check, _schema):
        cached.cache_clear()


@lru_cache(maxsize=None)
def validator(schema_dir: Path, kind: str) -> Draft202012Validator:
    """One compiled validator per schema per process: building one is the slow part."""
    return Draft202012Validator(_schema(schema_dir, kind))


@lru_cache(maxsize=None)
def quick_check(schema_dir: Path, kind: str):
    """The schema as plain Python checks (see schema_fast), or None when it cannot be compiled."""
    from .schema_fast import compile

    return compile(_schema(schema_dir, kind))


@lru_cache(maxsize=None)
def _schema(schema_dir: Path, kind: str) -> dict:
    path = Path(schema_dir) / f"{kind}.schema.yml"
    try:
        schema = yamlsafe.load(path.read_text(encoding="utf-8")).data
    except FileNotFoundError:
        raise UsageError(f"{path}: schema missing; expected schemas/{kind}.schema.yml in the repository") from None
    except yamlsafe.YamlError as exc:
        raise UsageError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None
    Draft202012Validator.check_schema(schema)
    return _whole_string_patterns(schema)


def _whole_string_patterns(schema):
    """JSON Schema patterns are ECMA-262, where ``$`` ends the string; Python's ``$`` also accepts a
    trailing newline (``"carol\\n"`` would pass). A final ``$`` becomes ``\\Z``: the whole string."""
    if isinstance(schema, list):
        return [_whole_string_patterns(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "pattern" and isinstance(value, str) and value.endswith("$") and not value.endswith("\\$"):
            value = value[:-1] + "\\Z"
        out[key] = _whole_string_patterns(value) if key != "pattern" else value
    return out


def check(schema_dir: Path, kind: str, data) -> list[tuple[tuple, str, str]]:
    """Validate ``data``; returns (path, field, message) for each problem, sorted by path."""
    quick = quick_check(Path(schema_dir), kind)
    if quick is not None and quick(data) is True:
        return []  # the common case, decided in plain Python (only "valid" is trusted from it)
    checker = validator(Path(schema_dir), kind)
    if checker.is_valid(data):
        return []
    found = []
    for error in checker.iter_errors(data):
        found.extend(_explain(error))
    found = list(dict.fromkeys(found))  # jsonschema reports each missing key as its own error, each naming all
    # A misspelt key shows up twice: as unknown ("did you mean 'language'?") and as
    # the required key it should have been. The first says it all.
    suggested = {(p[:-1], m.split("'")[1]) for p, _, m in found if m.startswith("unknown field; did you mean")}
    found = [f for f in found if not (f[2].startswith("required field") and (f[0], f[1].rsplit(".", 1)[-1]) in suggested)]
    return sorted(found, key=lambda p: [str(x) for x in p[0]])


def _describe_type(expected) -> str:
    names = {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "array": "a list",
        "object": "a set of fields (key: value)",
        "null": "empty",
    }
    if isinstance(expected, list):
        return " or ".join(names.get(t, t) for t in expected)
    return names.get(expected, expected)


def _found(value) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{for_log(shown)}'"  # a newline in a value stays visible, on the one line
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return repr(value)


def _explain(error) -> list[tuple[tuple, str, str]]:
    path = tuple(error.absolute_path)
    field = yamlsafe.dotted(path)
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None
    keyword = error.validator
    value = error.instance
    with_hint = f": {hint}" if hint else ""

    if keyword == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        out = []
        for key in missing:
            sub_hint = (error.schema.get("properties", {}).get(key, {}) or {}).get("x-hint")
            more = f" ({sub_hint})" if sub_hint else ""
            out.append((path, yamlsafe.dotted(path + (key,)), f"required field is missing{more}"))
        return out
    if keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        out = []
        for key in value:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            advice = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(allowed)}"
            out.append((path + (key,), yamlsafe.dotted(path + (key,)), f"unknown field; {advice}"))
        return out
    if keyword == "type":
        if value is None:
            return [(path, field, f"is empty; fill it in{with_hint}")]
        return [(path, field, f"must be {_describe_type(error.validator_value)}, not {_found(value)}{with_hint}")]
    if keyword == "minLength" and value == "":
        return [(path, field, f"is empty; fill it in{with_hint}")]
    if keyword in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        if low is not None and high is not None:
            bounds = f"between {low} and {high}"
        elif low is not None:
            bounds = f"at least {low}"
        else:
            bounds = f"at most {high}"
        return [(path, field, f"must be {bounds}, not {_found(value)}")]
    if keyword == "enum" and value is None:
        return [(path, field, f"is empty; fill it in{with_hint}")]
    if keyword == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return [(path, field, f"must be one of: {choices} (found {_found(value)})")]
    if keyword == "const":
        return [(path, field, f"must be {error.validator_value}")]
    if keyword == "pattern":
        return [(path, field, f"{_found(value)} is not in the expected form{with_hint or ''}")]
    if keyword == "minItems":
        return [(path, field, f"needs at least {error.validator_value} entr{'y' if error.validator_value == 1 else 'ies'}")]
    if keyword in ("maxLength", "maxItems"):
        return [(path, field, f"is too long (at most {error.validator_value})")]
    return [(path, field, error.message)]
