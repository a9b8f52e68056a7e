"""The one gate every YAML text passes (config files, sweep files, --set / --values / --param values).

Refused with a message that says what and where, before anything is built from it: files that are not regular
files or exceed MAX_BYTES, text that is not UTF-8, nesting deeper than MAX_DEPTH, aliases that would expand
beyond MAX_NODES (a "billion laughs"), and duplicate keys (YAML lets the last one win silently).  Depth and
expansion are measured on the token stream and the node graph without recursion, so hostile input cannot
exhaust the stack or the memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

MAX_BYTES = 1_000_000
MAX_DEPTH = 64
MAX_NODES = 100_000


class UnsafeYaml(ValueError):
    """A YAML text refused at the gate; `line` and `column` (1-based) where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line, self.column = line, column


def read_text(path: Path) -> str:
    """A config file's text: a regular file of at most MAX_BYTES, in UTF-8 (never blocks on a FIFO)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UnsafeYaml("no such file") from None
    except OSError as exc:
        raise UnsafeYaml(f"cannot read it ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnsafeYaml("is a directory, not a YAML file")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeYaml("is not a regular file (a pipe, socket or device); give a YAML file")
    if info.st_size > MAX_BYTES:
        raise UnsafeYaml(f"is {info.st_size:,} bytes; a config is at most {MAX_BYTES:,}")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UnsafeYaml(f"cannot read it ({exc.strerror})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise UnsafeYaml(f"is not UTF-8 text (byte {raw[exc.start]:#04x}); save it as UTF-8", line) from None


def _check_depth(text: str) -> None:
    depth = 0
    openers = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
               yaml.FlowSequenceStartToken)
    closers = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, openers):
            depth += 1
            if depth > MAX_DEPTH:
                mark = token.start_mark
                raise UnsafeYaml(f"nested more than {MAX_DEPTH} levels deep", mark.line + 1, mark.column + 1)
        elif isinstance(token, closers):
            depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [v for pair in node.value for v in pair]
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _check_duplicates(node: yaml.MappingNode) -> None:
    seen: set = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                raise UnsafeYaml(f"duplicate key '{key.value}' (YAML would keep only the last one)",
                                 key.start_mark.line + 1, key.start_mark.column + 1)
            seen.add(key.value)


def _check_graph(root: yaml.Node) -> None:
    """Expanded size of the node graph (an alias counts as often as it is used), and duplicate keys; an
    iterative post-order walk, each distinct node once."""
    size: dict[int, int] = {}
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in size:
            continue
        children = _children(node)
        if not done:
            if isinstance(node, yaml.MappingNode):
                _check_duplicates(node)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)
            if len(stack) > MAX_NODES:
                raise UnsafeYaml(f"more than {MAX_NODES:,} values")
            continue
        size[id(node)] = 1 + sum(size.get(id(c), 1) for c in children)
        if size[id(node)] > MAX_NODES:
            mark = node.start_mark
            raise UnsafeYaml(f"aliases expand to more than {MAX_NODES:,} values (an alias bomb?)", mark.line + 1,
                             mark.column + 1)


def compose(text: str) -> yaml.Node | None:
    """The checked node graph of a YAML text (yaml.YAMLError for plain syntax errors)."""
    if len(text) > MAX_BYTES:
        raise UnsafeYaml(f"is {len(text):,} characters; at most {MAX_BYTES:,}")
    _check_depth(text)
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if node is not None:
        _check_graph(node)
    return node


def load(text: str):
    """The data of a YAML text after the checks (safe: no tags are executed)."""
    node = compose(text)
    return None if node is None else yaml.SafeLoader(text).construct_document(node)
