"""The methods `@dataclass` writes for briefing's classes, compiled once per machine rather than once per run.

`dataclasses` makes each class's `__init__`, `__repr__`, `__eq__`, `__hash__` and (frozen) `__setattr__` and
`__delattr__` by writing their source text and compiling it with `exec`: about 630 compilations for briefing's
120 dataclasses, about 0.1 s of every command's start (a tenth of a cold build of the default pack).  The code
is a function of the text alone, so the compiled code objects are kept with `marshal` in the user's cache
folder (`$XDG_CACHE_HOME/briefing`, else `~/.cache/briefing`), in a file named for this Python's bytecode
(its magic number and version), keyed by the full source text, and handed to `exec` in place of the text.

`@dataclass` also gives a class without a docstring one made from its signature (`inspect.signature`, about
0.1 ms a class, 80 of briefing's classes, on every start) that nothing in a build reads; `install` has each of
briefing's classes without a docstring make it when it is first read instead (`_LazyDoc`), the same text.

`install` puts a module-level `exec` in `dataclasses` (a module's global shadows the builtin it calls), which
compiles a text exactly as `exec` would (no inherited `__future__` flags: `dataclasses` has none) or takes its
code from the cache; only texts compiled for briefing's own modules are kept.  Other modules' texts are compiled
with `dont_inherit` too: `exec` of a text inherits the calling code's `__future__` flags, and this module's
`annotations` import made their generated methods' annotations the generated names ('_type_a', '_return_type').
Everything else is as before: the same code object, run with the same globals and locals.  A missing, stale,
unreadable or unwritable cache falls back to compiling; a file whose contents are not what this module wrote is ignored.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import dataclasses
import importlib.util
import inspect
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

_FORMAT = 1  # bump when the stored layout changes
_MAX_ENTRIES = 5000  # past this, keep only what this run used (old versions' texts would pile up)
_TAG = f"{sys.implementation.cache_tag}-{importlib.util.MAGIC_NUMBER.hex()}-{zlib.crc32(sys.version.encode()):08x}"

_codes: dict[str, Any] = {}  # source text -> code object
_used: set[str] = set()
_state = {"changed": False, "loaded": False}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing"


def cache_file() -> Path:
    return cache_dir() / f"dataclass-code-{_FORMAT}-{_TAG}.marshal"


def _ours(globals_: Any) -> bool:
    return isinstance(globals_, dict) and str(globals_.get("__name__", "")).startswith("briefing")


def _exec(source: Any, globals_: Any = None, locals_: Any = None, /) -> Any:
    """`exec` as `dataclasses` calls it, with briefing's compiled texts taken from (and added to) the cache."""
    if type(source) is str and _ours(globals_):
        code = _codes.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _codes[source] = code
            _state["changed"] = True
        _used.add(source)
        source = code
    elif type(source) is str:  # compiled as `dataclasses` compiles it: this module's __future__ import must not apply
        source = compile(source, "<string>", "exec", dont_inherit=True)
    return builtins.exec(source, globals_, locals_)


class _LazyDoc:
    """A class's `__doc__` as `dataclasses` writes it for a class without one (its name and signature), made
    when first read: `type.__doc__` calls a descriptor it finds in the class's own dictionary.  While
    `dataclasses` makes the class, it reads a placeholder (it asks only whether there is a docstring)."""

    def __get__(self, instance: Any, owner: Any = None) -> str:
        cls = owner if owner is not None else type(instance)
        if _making and _making[-1] is cls:
            return "(being made)"
        try:
            text_sig = str(inspect.signature(cls)).replace(" -> None", "")
        except (TypeError, ValueError):
            text_sig = ""
        return str(cls.__name__) + text_sig


_making: list[Any] = []  # the class `_process_class` is making now


def _process_class(cls: Any, *args: Any, **kw: Any) -> Any:
    """`dataclasses._process_class`, with the docstring of one of briefing's classes left to `_LazyDoc`."""
    if vars(cls).get("__doc__") is not None or not str(getattr(cls, "__module__", "")).startswith("briefing"):
        return _slow_process_class(cls, *args, **kw)
    cls.__doc__ = _LazyDoc()
    _making.append(cls)
    try:
        return _slow_process_class(cls, *args, **kw)
    finally:
        _making.pop()


_slow_process_class: Any = vars(dataclasses)["_process_class"]
_slow_process_class = getattr(_slow_process_class, "_briefing_slow", _slow_process_class)  # a re-import: the original
_process_class._briefing_slow = _slow_process_class  # type: ignore[attr-defined]


def _load(path: Path) -> dict[str, Any]:
    try:
        tag, codes = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if tag != _TAG or not isinstance(codes, dict):
        return {}
    code_type = type(_load.__code__)
    return {k: v for k, v in codes.items() if type(k) is str and type(v) is code_type}


def _store() -> None:
    if not _state["changed"]:
        return
    import tempfile  # only when writing: `briefing --help` does not pay for it

    codes = _codes if len(_codes) <= _MAX_ENTRIES else {k: _codes[k] for k in _used}
    tmp = ""
    try:
        path = cache_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".code-", delete=False) as fh:
            tmp = fh.name
            marshal.dump((_TAG, codes), fh)
        os.replace(tmp, path)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to put the cache in
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def install() -> None:
    """Compile dataclass methods through the cache from now on in this process (once; a no-op if `dataclasses`
    already has an `exec` of someone else's)."""
    current = vars(dataclasses).get("exec")
    if current is _exec or current is not None:
        return
    if not _state["loaded"]:
        _state["loaded"] = True
        with contextlib.suppress(RuntimeError):  # no home folder to find the cache in
            _codes.update(_load(cache_file()))
        atexit.register(_store)
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    setattr(dataclasses, "_process_class", _process_class)  # noqa: B010 - a private name mypy does not know
