"""Strict YAML: a small node tree built from libyaml's event stream.

Every value stays a string (no implicit typing: `no` is the text "no", `2024-01-05` is the
text "2024-01-05"), every node keeps its line and column, and anything outside the plain
data subset is refused: duplicate keys, anchors, aliases, explicit tags, several documents.
Aliases are never expanded, so alias bombs cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# libyaml (CSafeLoader) is about six times faster; PyYAML's pure-Python loader is the fallback.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# An event needs six levels (event, sources, source, ...); libyaml's scanner is quadratic in
# the nesting depth ("[[[[…" of 250 kB took a minute), so parsing stops well before that.
MAX_DEPTH = 32


@dataclass
class Node:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Scalar(Node):
    value: str
    style: str | None = None  # None for plain, "'", '"', "|" or ">"


@dataclass
class Seq(Node):
    items: list[Node] = field(default_factory=list)


@dataclass
class Map(Node):
    # key text -> (key node, value node); insertion order is file order
    items: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)


@dataclass(frozen=True)
class YamlProblem:
    line: int
    col: int
    message: str


def kind_name(node: Node) -> str:
    if isinstance(node, Map):
        return "a mapping (key: value lines)"
    if isinstance(node, Seq):
        return "a list"
    return "text"


class _EventStream(_Loader):  # type: ignore[misc, valid-type]
    """Only the loader's parser is used (events); its composer and constructor never run."""


_SCALAR = yaml.ScalarEvent
_MAP_START, _MAP_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQ_START, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: max(col, 1)] or "'\\t'" in problem:
        return YamlProblem(line, col, "a tab character: indent with spaces, never tabs")
    indentation = _indentation_problem(lines, line)
    if indentation is not None:
        return indentation
    message = f"invalid YAML: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    if "mapping values are not allowed" in problem:
        message += "; a value containing ': ' must be quoted, e.g. title: \"A: B\""
    elif "could not find expected ':'" in problem:
        message += "; each line needs 'key: value', or check the indentation above"
    return YamlProblem(line, col, message)


_KEY_LINE = re.compile(r"( *)((?:- +)?)([A-Za-z_][\w-]*):(?: |$)")


def _key_line(text: str) -> tuple[int, int, str, str] | None:
    """(indent, column of the key (1-based), key, value) of a `key: value` or
    `- key: value` line, or None."""
    match = _KEY_LINE.match(text)
    if match is None:
        return None
    indent, dash, key = match.group(1), match.group(2), match.group(3)
    return len(indent), len(indent) + len(dash) + 1, key, text[match.end():].strip()


def _significant(lines: list[str], before: int) -> list[tuple[int, str]]:
    """(line number, text) of the non-blank, non-comment lines above line `before`,
    nearest first."""
    found = []
    for number in range(before - 1, 0, -1):
        text = lines[number - 1]
        if text.strip() and not text.lstrip().startswith("#"):
            found.append((number, text))
    return found


def _spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def _indentation_problem(lines: list[str], line: int) -> YamlProblem | None:
    """When libyaml stops at a field whose indentation differs from the field above it
    (over-indented, misaligned, or under a `- ` item written at the left edge), say so in
    words, with the column expected, instead of libyaml's message ("did not find expected
    '-' indicator") or the advice to quote a value."""
    if not 0 < line <= len(lines):
        return None
    current = _key_line(lines[line - 1])
    above = _significant(lines, line)
    if current is None or not above:
        return None
    indent, col, key, _value = current
    if lines[line - 1].lstrip().startswith("-"):
        return _item_problem(indent, line, above)
    previous_text = above[0][1]
    previous = _key_line(previous_text)
    if previous is None or previous[1] == col or not previous[3]:
        return None  # same column, or the line above opens a block: not a misalignment
    p_col = previous[1]
    # what these fields belong to: the `- ` line that starts their item (if any), and the
    # `name:` line that opens the block, left of them
    owner, item_line, item_indent = "the event", None, None
    for number, text in above:
        parsed = _key_line(text)
        if parsed is None:
            continue
        indent, key_col, name, value = parsed
        is_item = text.lstrip().startswith("-")
        if is_item and key_col == p_col and item_line is None:
            item_line, item_indent = number, indent
            continue
        limit = item_indent + 1 if item_indent is not None else p_col - 1
        if key_col <= limit and not value:
            if item_line is None:
                owner = f"'{name}:'"
            elif name in ("sources", "updates"):
                owner = f"this {name[:-1]}"
            else:
                owner = f"this item of '{name}:'"
            if item_indent == 0 and key_col == 1 and col == p_col + 2:
                return YamlProblem(line, col, (
                    f"'{key}' is indented {_spaces(col - 1)}, but the '- ' item on line "
                    f"{item_line} starts at the left edge, under '{name}:', so its fields "
                    f"are at {_spaces(p_col - 1)}: indent the '- ' line by 2 spaces "
                    f"(and its fields to {_spaces(col - 1)}), as in the other files"))
            break
        if item_indent is None and key_col < p_col:
            break
    return YamlProblem(line, col, (
        f"'{key}' is indented {_spaces(col - 1)}; the other fields of {owner} are at "
        f"{p_col - 1}: line it up with them"))


def _item_problem(indent: int, line: int, above: list[tuple[int, str]]) -> YamlProblem | None:
    """A `- ` item whose dash is not where the list's other items' dashes are."""
    items = [(number, _key_line(text)) for number, text in above if text.lstrip().startswith("-")]
    if not items or items[0][1] is None or items[0][1][0] == indent:
        return None
    other = items[0][1][0]
    owner = "the list"
    for _number, text in above:
        parsed = _key_line(text)
        if parsed is not None and parsed[1] <= other + 1 and not parsed[3] \
                and not text.lstrip().startswith("-"):
            owner = f"'{parsed[2]}:'"
            break
    return YamlProblem(line, indent + 1, (
        f"this '- ' item is indented {_spaces(indent)}; the other items of {owner} are at "
        f"{other}: line it up with them (and its fields 2 spaces further in)"))


def parse(text: str) -> tuple[Node | None, list[YamlProblem]]:
    """Parse one YAML document into a node tree, collecting every structural problem.

    A syntax error stops parsing (YAML cannot recover from it); the other problems are
    collected so that one run reports them all.
    """
    problems: list[YamlProblem] = []
    parser = _EventStream(text)
    root: Node | None = None
    # stack of (container, pending key for maps)
    stack: list[tuple[Node, Scalar | None]] = []
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent, pending = stack[-1]
        if isinstance(parent, Seq):
            parent.items.append(node)
            return
        assert isinstance(parent, Map)
        if pending is None:
            if not isinstance(node, Scalar):
                problems.append(
                    YamlProblem(
                        node.line, node.col, "a key must be plain text, not " + kind_name(node)
                    )
                )
                stack[-1] = (parent, Scalar(node.line, node.col, "\0invalid"))
                return
            stack[-1] = (parent, node)
            return
        key = pending.value
        if key in parent.items:
            first = parent.items[key][0]
            problems.append(
                YamlProblem(
                    pending.line,
                    pending.col,
                    f"duplicate key '{key}' (first written on line {first.line}): "
                    "keep one and delete the other",
                )
            )
        elif key != "\0invalid":
            parent.items[key] = (pending, node)
        stack[-1] = (parent, None)

    def node_problems(event: yaml.NodeEvent, line: int, col: int) -> None:
        if event.anchor is not None:
            problems.append(
                YamlProblem(
                    line,
                    col,
                    f"anchor '&{event.anchor}': anchors are not "
                    "allowed; write each value out in full",
                )
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(
                YamlProblem(
                    line,
                    col,
                    f"explicit tag '{shown}': tags are not allowed; "
                    "write plain text, quoted if needed",
                )
            )

    # Dispatch on the exact event type (libyaml's events are never subclassed): this loop
    # runs for every scalar of every file, so it avoids isinstance chains.
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            if event is None:
                break
            kind = type(event)
            if kind is _SCALAR:
                mark = event.start_mark
                line, col = mark.line + 1, mark.column + 1
                if event.anchor is not None or event.tag is not None:
                    node_problems(event, line, col)
                attach(Scalar(line, col, event.value, event.style or None))
            elif kind is _MAP_END or kind is _SEQ_END:
                stack.pop()
            elif kind is _MAP_START or kind is _SEQ_START:
                mark = event.start_mark
                line, col = mark.line + 1, mark.column + 1
                if event.anchor is not None or event.tag is not None:
                    node_problems(event, line, col)
                node = Map(line, col) if kind is _MAP_START else Seq(line, col)
                attach(node)
                stack.append((node, None))
                if len(stack) > MAX_DEPTH:
                    problems.append(
                        YamlProblem(
                            line,
                            col,
                            f"lists and mappings nested more than {MAX_DEPTH} levels deep: "
                            "an event needs only a few levels (see CONTRIBUTING.md)",
                        )
                    )
                    return None, problems
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line, col = _mark(event)
                    problems.append(
                        YamlProblem(
                            line,
                            col,
                            "more than one YAML document ('---'): write one event per file",
                        )
                    )
                    break
            elif kind is yaml.AliasEvent:
                line, col = _mark(event)
                problems.append(
                    YamlProblem(
                        line,
                        col,
                        f"alias '*{event.anchor}': aliases are not "
                        "allowed; write the value out in full",
                    )
                )
                attach(Scalar(line, col, ""))
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(exc, text))
        return None, problems
    except yaml.YAMLError as exc:  # reader errors without a mark
        problems.append(YamlProblem(1, 1, f"invalid YAML: {exc}"))
        return None, problems
    finally:
        parser.dispose()
    return root, problems
