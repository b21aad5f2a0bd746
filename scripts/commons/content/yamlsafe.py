"""A YAML loader for untrusted text that also remembers where every key was.

Front matter and configuration come from contributors and the internet, so the
loader accepts plain data only: mappings, lists and scalars. Anchors/aliases
(the "billion laughs" bomb), explicit tags such as ``!!python/object``,
duplicate keys and absurd nesting are rejected with the line they are on.
Dates stay strings so that what is read is exactly what is written back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.nodes import ScalarNode

from ..problems import LocatedError
from ..i18n import say

MAX_DEPTH = 32

Path = tuple  # a key path: ("sources", 3, "url")

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class YamlError(LocatedError):
    """A problem in YAML text; ``line`` and ``column`` are 1-based within the text."""


@dataclass
class Loaded:
    data: object
    # (line, column), 1-based, of each key (or list entry) by its path; () is the root.
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path) -> tuple[int, int]:
        return nearest(self.positions, path)


def nearest(positions: dict, path) -> tuple[int, int]:
    """Where ``path`` is, or the nearest enclosing key that exists."""
    path = tuple(path)
    while path not in positions and path:
        path = path[:-1]
    return positions.get(path, (1, 1))


class _Resolver(yaml.resolver.Resolver):
    pass


# Copy the implicit resolvers without the timestamp one: "2026-11-20" stays a string.
_Resolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


try:  # libyaml's parser is ~10x faster; the events are the same either way
    from yaml.cyaml import CParser as _FastParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _FastParser = None


class _PurePythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


class _ScalarMaker(yaml.constructor.SafeConstructor, _Resolver):
    def __init__(self):
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)

    def make(self, event):
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(ScalarNode, event.value, event.implicit)
        if tag not in _ALLOWED_TAGS:
            return tag, None
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return tag, self.yaml_constructors[tag](self, node)




def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _tag_error(tag: str, mark, path) -> YamlError:
    return YamlError(
        say("yaml.tag_not_allowed", tag=tag.replace('tag:yaml.org,2002:', '!!')),
        *_mark(mark),
        field=_dotted(path),
    )


def load(text: str, first_line: int = 1) -> Loaded:
    """Parse ``text`` as plain-data YAML. Raises :class:`YamlError`.

    Built from the parser's event stream with an explicit stack rather than
    PyYAML's recursive composer: no alias is ever expanded, nesting is capped
    before it can exhaust any stack, and every key's position is recorded.
    ``first_line``: the line of its file ``text`` starts on (front matter: 2), for
    messages that name a second line.
    """
    parser = (_FastParser or _PurePythonParser)(text)
    try:
        return _build(parser)
    except yaml.MarkedYAMLError as exc:
        noticed = _mark(exc.problem_mark or exc.context_mark)
        started = _mark(exc.context_mark) if exc.context_mark is not None else noticed
        if started[0] < noticed[0]:
            # An unclosed quote or bracket is noticed lines later (often at the end): the
            # place to fix is where it starts.
            message = _unclosed_message(exc, noticed[0] + first_line - 1)
            raise YamlError(message, *started) from None
        line, column = noticed
        raise YamlError(_plain_yaml_message(exc, text, line), line, column) from None
    except yaml.YAMLError as exc:
        raise YamlError(say("yaml.invalid", problem=exc)) from None
    finally:
        parser.dispose()


def _build(parser) -> Loaded:
    ev = yaml.events
    scalars = _ScalarMaker()
    loaded = Loaded(None)
    positions = loaded.positions
    # Each frame: [container, path, pending key (mappings), key mark]
    stack: list[list] = []
    documents = 0
    root_set = False

    def attach(value, mark):
        nonlocal root_set
        if not stack:
            loaded.data, root_set = value, True
            positions.setdefault((), _mark(mark))
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = path + (len(container),)
            positions[child] = _mark(mark)
            container.append(value)
            return child
        if frame[2] is _NO_KEY:  # this value is a key
            if isinstance(value, (dict, list)):
                raise YamlError(say("yaml.key_not_text"), *_mark(mark), _dotted(path))
            key = ("true" if value else "false") if isinstance(value, bool) else value
            key = key if isinstance(key, str) else str(key)
            if key in container:
                first = positions[path + (key,)][0]
                raise YamlError(
                    say("yaml.duplicate_key", key=key, first=first),
                    *_mark(mark),
                    field=_dotted(path + (key,)),
                )
            frame[2], frame[3] = key, mark
            return None
        key = frame[2]
        child = path + (key,)
        positions[child] = _mark(frame[3])
        container[key] = value
        frame[2] = _NO_KEY
        return child

    while True:
        event = parser.get_event()
        if isinstance(event, ev.StreamEndEvent):
            break
        if isinstance(event, ev.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError(say("yaml.one_document"), *_mark(event.start_mark))
            continue
        if isinstance(event, (ev.StreamStartEvent, ev.DocumentEndEvent)):
            continue
        if isinstance(event, ev.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YamlError(say("yaml.anchor"), *_mark(event.start_mark))
        parent_path = stack[-1][1] if stack else ()
        if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is not _NO_KEY:
            parent_path = parent_path + (stack[-1][2],)  # the value's own key, for messages
        if isinstance(event, ev.ScalarEvent):
            tag, value = scalars.make(event)
            if tag not in _ALLOWED_TAGS:
                raise _tag_error(tag, event.start_mark, parent_path)
            attach(value, event.start_mark)
        elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            is_map = isinstance(event, ev.MappingStartEvent)
            tag = event.tag
            if tag not in (None, "!") and tag != ("tag:yaml.org,2002:map" if is_map else "tag:yaml.org,2002:seq"):
                raise _tag_error(tag, event.start_mark, parent_path)
            if len(stack) >= MAX_DEPTH:
                raise YamlError(say("yaml.too_deep", depth=MAX_DEPTH), *_mark(event.start_mark))
            container = {} if is_map else []
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                raise YamlError(say("yaml.key_not_text"), *_mark(event.start_mark), _dotted(parent_path))
            # Attach now (the container fills in place) so positions follow document order.
            if stack and isinstance(stack[-1][0], dict):
                key = stack[-1][2]
                child = parent_path
                positions[child] = _mark(stack[-1][3])
                stack[-1][0][key] = container
                stack[-1][2] = _NO_KEY
            else:
                child = attach(container, event.start_mark)
            stack.append([container, child, _NO_KEY, None])
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            stack.pop()
    if not root_set:
        loaded.data = None
    return loaded


_NO_KEY = object()


def _dotted(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted

# What the parser was in the middle of (its "context") → what to tell a person.
UNCLOSED = {
    "while scanning a quoted scalar": "yaml.unclosed_quote",
    "while parsing a flow sequence": "yaml.unclosed_list",
    "while parsing a flow mapping": "yaml.unclosed_mapping",
    "while scanning a block scalar": "yaml.block_indent",
    "while parsing a block mapping": "yaml.fields_indent",
    "while parsing a block collection": "yaml.list_indent",
}


def _unclosed_message(exc: yaml.MarkedYAMLError, noticed_line: int) -> str:
    context = (exc.context or "").strip()
    said = say(UNCLOSED[context]) if context in UNCLOSED else say(
        "yaml.starting_here", context=context or "?", problem=(exc.problem or "").strip())
    return say("yaml.noticed", said=said, line=noticed_line)


def _plain_yaml_message(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    problem = (exc.problem or exc.context or "").strip()
    lines = text.split("\n")
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]:
        return say("yaml.tabs")
    if "mapping values are not allowed" in problem:
        return say("yaml.unexpected_colon")
    if "could not find expected ':'" in problem:
        return say("yaml.missing_colon")
    if "nesting depth" in problem:  # libyaml's own cap (PyYAML >= 6.0.3) can stop it before ours
        return say("yaml.too_deep", depth=MAX_DEPTH)
    if "found undefined tag handle" in problem or "could not determine a constructor" in problem:
        return say("yaml.unknown_tag")
    return say("yaml.invalid", problem=problem) if problem else say("yaml.invalid_plain")


class _Dumper(yaml.SafeDumper):
    pass


_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")


def _str_representer(dumper, value: str):
    # Multi-line text reads best as a literal block, unless it holds a line break
    # other than \n: YAML would turn that into \n on reading; quoting escapes it.
    if any(ch in value for ch in _UNICODE_BREAKS):
        style = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
# Our loader keeps dates as strings; the dumper must quote strings that a
# standard YAML reader would take for a timestamp, so other tools agree.
_Dumper.yaml_implicit_resolvers = yaml.SafeDumper.yaml_implicit_resolvers


_DUMP_OPTIONS = dict(sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def dump(data) -> str:
    """Serialize plain data in a stable, human-friendly form (key order kept)."""
    return _without_end_marker(yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS))


def _without_end_marker(text: str) -> str:
    # A kept-newline block (`|+`) at the very end makes the emitters close the document with
    # "...", which a front-matter reader takes for the closing fence; one document needs no end marker.
    return text[: -len("...\n")] if text.endswith("\n...\n") else text
