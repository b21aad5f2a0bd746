"""A schema compiled to plain Python checks: the quick answer for data that is valid.

``jsonschema`` costs ~0.5 ms a record here (a pool file holds hundreds of records, a year
~80,000); most records are valid, and saying so needs no error messages. :func:`compile`
turns the keywords our schemas use into nested closures that answer True (valid), False
(invalid) or None (not sure: a value the closures do not decide exactly, such as 2.0 for
an integer). Only True is trusted: anything else goes to ``jsonschema``, which also words
the problems, so a problem is always reported exactly as before. A schema with a keyword
not listed here compiles to None and is always checked by ``jsonschema``.
"""

from __future__ import annotations

import re
from typing import Callable

Check = Callable[[object], "bool | None"]

# Keywords that only describe: they never make data invalid.
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples",
                         "deprecated", "readOnly", "writeOnly"})
_PLAIN = (type(None), bool, int, float, str, list, dict)


def compile(schema) -> Check | None:  # noqa: A001 - the word for what it does
    """A check for ``schema``, or None when it uses a keyword this module does not decide."""
    try:
        return _node(schema)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    pass


def _all(checks: list[Check]) -> Check:
    def check(value):
        unsure = False
        for one in checks:
            answer = one(value)
            if answer is False:
                return False
            if answer is None:
                unsure = True
        return None if unsure else True
    return check


def _node(schema) -> Check:
    if schema is True or schema == {}:
        return lambda value: True
    if schema is False:
        return lambda value: False
    if not isinstance(schema, dict):
        raise _Unsupported
    checks: list[Check] = []
    for key, rule in schema.items():
        if key in ANNOTATIONS or key.startswith("x-"):
            continue
        maker = _KEYWORDS.get(key)
        if maker is None:
            if key in ("then", "else"):
                continue  # read with "if"
            raise _Unsupported(key)
        checks.append(maker(rule, schema))
    if not checks:
        return lambda value: True if type(value) in _PLAIN else None
    plain = checks[0] if len(checks) == 1 else _all(checks)  # one call fewer for the common one-keyword schema
    return lambda value: plain(value) if type(value) in _PLAIN else None


def _type(rule, schema) -> Check:
    names = rule if isinstance(rule, list) else [rule]
    tests = []
    for name in names:
        if name == "string":
            tests.append(lambda v: isinstance(v, str))
        elif name == "integer":
            tests.append(lambda v: True if type(v) is int else (None if type(v) is float else False))
        elif name == "number":
            tests.append(lambda v: type(v) in (int, float))
        elif name == "boolean":
            tests.append(lambda v: type(v) is bool)
        elif name == "null":
            tests.append(lambda v: v is None)
        elif name == "array":
            tests.append(lambda v: isinstance(v, list))
        elif name == "object":
            tests.append(lambda v: isinstance(v, dict))
        else:
            raise _Unsupported(name)
    if len(tests) == 1:
        return tests[0]

    def check(value):
        unsure = False
        for test in tests:
            answer = test(value)
            if answer:
                return True
            unsure = unsure or answer is None
        return None if unsure else False
    return check


def _same(value, expected) -> bool | None:
    """JSON equality for the values an enum or const holds in our schemas (text, null, booleans)."""
    if type(expected) not in (str, type(None), bool):
        raise _Unsupported("enum value")
    if type(value) in (str, type(None), bool):
        return type(value) is type(expected) and value == expected
    return False if type(value) in (int, float, list, dict) and type(expected) is not bool else None


def _enum(rule, schema) -> Check:
    choices = list(rule)
    for choice in choices:
        _same(None, choice)  # raises for a kind of value not decided here

    def check(value):
        unsure = False
        for choice in choices:
            answer = _same(value, choice)
            if answer:
                return True
            unsure = unsure or answer is None
        return None if unsure else False
    return check


def _const(rule, schema) -> Check:
    _same(None, rule)
    return lambda value: _same(value, rule)


def _pattern(rule, schema) -> Check:
    found = re.compile(rule).search  # as jsonschema reads a pattern: found anywhere, unless anchored
    return lambda value: bool(found(value)) if isinstance(value, str) else True


def _bound(test) -> Callable:
    def maker(rule, schema) -> Check:
        if type(rule) not in (int, float):
            raise _Unsupported
        return lambda value: test(value, rule)
    return maker


def _numeric(op):
    return lambda value, rule: op(value, rule) if type(value) in (int, float) else True


def _length(op, kinds):
    return lambda value, rule: op(len(value), rule) if isinstance(value, kinds) else True


def _required(rule, schema) -> Check:
    names = list(rule)
    return lambda value: all(n in value for n in names) if isinstance(value, dict) else True


def _properties(rule, schema) -> Check:
    checks = {name: _node(sub) for name, sub in rule.items()}

    def check(value):
        if not isinstance(value, dict):
            return True
        unsure = False
        for name, item in value.items():
            one = checks.get(name)
            if one is None:
                continue
            answer = one(item)
            if answer is False:
                return False
            unsure = unsure or answer is None
        return None if unsure else True
    return check


def _additional(rule, schema) -> Check:
    if "patternProperties" in schema:
        raise _Unsupported("patternProperties")
    known = set(schema.get("properties", {}))
    other = _node(rule)

    def check(value):
        if not isinstance(value, dict):
            return True
        return _all([lambda v, k=key: other(v[k]) for key in value if key not in known])(value)
    return check


def _items(rule, schema) -> Check:
    if not isinstance(rule, (dict, bool)):
        raise _Unsupported("items as a list")
    one = _node(rule)

    def check(value):
        if not isinstance(value, list):
            return True
        unsure = False
        for element in value:
            answer = one(element)
            if answer is False:
                return False
            unsure = unsure or answer is None
        return None if unsure else True
    return check


def _all_of(rule, schema) -> Check:
    return _all([_node(sub) for sub in rule])


def _if(rule, schema) -> Check:
    condition = _node(rule)
    then = _node(schema.get("then", True))
    otherwise = _node(schema.get("else", True))

    def check(value):
        holds = condition(value)
        if holds is None:
            return None
        return then(value) if holds else otherwise(value)
    return check


_KEYWORDS = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "minimum": _bound(_numeric(lambda v, r: v >= r)),
    "maximum": _bound(_numeric(lambda v, r: v <= r)),
    "minLength": _bound(_length(lambda n, r: n >= r, str)),
    "maxLength": _bound(_length(lambda n, r: n <= r, str)),
    "minItems": _bound(_length(lambda n, r: n >= r, list)),
    "maxItems": _bound(_length(lambda n, r: n <= r, list)),
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
    "items": _items,
    "allOf": _all_of,
    "if": _if,
}
