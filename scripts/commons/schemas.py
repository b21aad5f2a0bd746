"""JSON Schemas (written in YAML) from ``schemas/``, and errors in words people use."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import i18n
from .content import yamlsafe
from .i18n import say
from .problems import UsageError
from .untrusted import for_log

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

KINDS = ("item", "review", "chapter", "note", "post", "log", "commons", "members")


def forget() -> None:
    """Read the schemas afresh (a long-lived process whose repository's schemas/ changed)."""
    for cached in (validator, quick_check, _schema, _raw_schema):
        cached.cache_clear()


@lru_cache(maxsize=None)
def validator(schema_dir: Path, kind: str) -> Draft202012Validator:
    """One compiled validator per schema per process: building one is the slow part. jsonschema is
    imported only here: a valid document (the usual case, every command's configuration) never needs it."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(schema_dir, kind))


@lru_cache(maxsize=None)
def quick_check(schema_dir: Path, kind: str):
    """The schema compiled by jsonschema-rs: True when the data is valid, False or None (data it
    cannot take, such as a date object) otherwise. Only True is trusted: most records are valid,
    and saying so is ~50x quicker there than in jsonschema (bench/README.md); anything else goes
    to jsonschema, which words the problems, so a problem is always reported the same way."""
    import jsonschema_rs

    try:
        # Checks the schema against 2020-12's meta-schema too; its patterns are ECMA-262's already.
        checker = jsonschema_rs.Draft202012Validator(_raw_schema(schema_dir, kind))
    except (ValueError, jsonschema_rs.ReferencingError):  # one it cannot take: jsonschema says why (validator)
        return lambda data: None

    def quick(data) -> bool | None:
        try:
            return checker.is_valid(data)
        except (ValueError, TypeError, OverflowError):
            return None

    return quick


@lru_cache(maxsize=None)
def _schema(schema_dir: Path, kind: str) -> dict:
    from jsonschema import Draft202012Validator

    schema = _raw_schema(schema_dir, kind)
    Draft202012Validator.check_schema(schema)  # (jsonschema-rs checked it too before quick_check answered)
    return _whole_string_patterns(schema)


@lru_cache(maxsize=None)
def _raw_schema(schema_dir: Path, kind: str) -> dict:
    path = Path(schema_dir) / f"{kind}.schema.yml"
    try:
        schema = yamlsafe.load(path.read_text(encoding="utf-8")).data
    except FileNotFoundError:
        raise UsageError(say("schemas.missing", path=path, kind=kind)) from None
    except yamlsafe.YamlError as exc:
        raise UsageError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None
    return schema


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
    if quick_check(Path(schema_dir), kind)(data) is True:
        return []  # the common case (only "valid" is trusted from it)
    checker = validator(Path(schema_dir), kind)
    if checker.is_valid(data):
        return []
    found = []
    for error in checker.iter_errors(data):
        found.extend(_explain(error, kind))
    found = list(dict.fromkeys(found))  # jsonschema reports each missing key as its own error, each naming all
    # A misspelt key shows up twice: as unknown ("did you mean 'language'?") and as
    # the required key it should have been. The first says it all.
    suggested = {(p[:-1], s) for p, _, _, s in found if s}
    found = [f for f in found if not (f[3] == REQUIRED and (f[0], f[1].rsplit(".", 1)[-1]) in suggested)]
    return sorted(((p, f, m) for p, f, m, _ in found), key=lambda p: [str(x) for x in p[0]])


REQUIRED = "required"  # marks a missing required key among the explanations (4th element: a suggested key)


def _describe_type(expected) -> str:
    def name(t: str) -> str:
        return say(f"schemas.types.{t}") if t in ("string", "integer", "number", "boolean", "array", "object", "null") else t
    if isinstance(expected, list):
        return say("schemas.or").join(name(t) for t in expected)
    return name(expected)


def _found(value) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{for_log(shown)}'"  # a newline in a value stays visible, on the one line
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return say("schemas.found_list")
    if isinstance(value, dict):
        return say("schemas.found_fields")
    return repr(value)


def hint_for(kind: str, schema_hint: str | None) -> str | None:
    """A field's hint in the run's language: the schema's ``x-hint`` is English; the catalog's
    ``schemas.hints.<kind>`` holds it (keyed by field) with its translation. A hint the English
    catalog does not hold (a community's own field) is shown as the schema has it."""
    if not schema_hint:
        return None
    return _hints(i18n.active().language, kind).get(schema_hint, schema_hint)


@lru_cache(maxsize=None)
def _hints(language: str, kind: str) -> dict[str, str]:
    """English hint → the same hint in ``language``, for one kind of file."""
    english = i18n.catalog("en").raw("messages.schemas.hints").get(kind) or {}
    own = i18n.catalog(language).raw("messages.schemas.hints").get(kind) or {}
    return {text: own.get(key) or text for key, text in english.items()}


def _explain(error, kind: str = "") -> list[tuple[tuple, str, str, str]]:
    path = tuple(error.absolute_path)
    field = yamlsafe.dotted(path)
    hint = hint_for(kind, error.schema.get("x-hint") if isinstance(error.schema, dict) else None)
    keyword = error.validator
    value = error.instance
    with_hint = f": {hint}" if hint else ""

    if keyword == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        out = []
        for key in missing:
            sub_field = yamlsafe.dotted(path + (key,))
            sub_hint = hint_for(kind, (error.schema.get("properties", {}).get(key, {}) or {}).get("x-hint"))
            message = say("schemas.required_hint", hint=sub_hint) if sub_hint else say("schemas.required")
            out.append((path, sub_field, message, REQUIRED))
        return out
    if keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        out = []
        for key in value:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            advice = say("schemas.did_you_mean", key=close[0]) if close else say("schemas.known_fields", keys=", ".join(allowed))
            out.append((path + (key,), yamlsafe.dotted(path + (key,)), say("schemas.unknown_field", advice=advice),
                        close[0] if close else ""))
        return out
    empty = (path, field, say("schemas.empty", hint=with_hint), "")
    if keyword == "type":
        if value is None:
            return [empty]
        return [(path, field, say("schemas.wrong_type", expected=_describe_type(error.validator_value),
                                  found=_found(value), hint=with_hint), "")]
    if keyword == "minLength" and value == "":
        return [empty]
    if keyword in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        if low is not None and high is not None:
            message = say("schemas.between", low=low, high=high, found=_found(value))
        elif low is not None:
            message = say("schemas.at_least", low=low, found=_found(value))
        else:
            message = say("schemas.at_most", high=high, found=_found(value))
        return [(path, field, message, "")]
    if keyword == "enum" and value is None:
        return [empty]
    if keyword == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return [(path, field, say("schemas.one_of", choices=choices, found=_found(value)), "")]
    if keyword == "const":
        return [(path, field, say("schemas.const", value=error.validator_value), "")]
    if keyword == "pattern":
        return [(path, field, say("schemas.pattern", found=_found(value), hint=with_hint), "")]
    if keyword == "minItems":
        return [(path, field, say("schemas.min_items", n=error.validator_value), "")]
    if keyword in ("maxLength", "maxItems"):
        return [(path, field, say("schemas.too_long", limit=error.validator_value), "")]
    return [(path, field, say("schemas.other", keyword=keyword), "")]
