"""Stage 6, write: put the PDF in place atomically, and never where it would destroy something.

The bytes go to a temporary file in the target's folder, are flushed to
disk, and replace the target in one rename.  A build that fails, or is
interrupted, before that rename leaves any earlier PDF byte-identical.

Before anything is rendered, `check_output` refuses a target that is not a
place for a PDF: a folder, a device, a pipe or a socket (only a regular file
is ever replaced), one of the pack's own files, a name not ending in `.pdf`
or an existing file that is not a PDF (these two unless forced), or a path
through a file.  Failures to write (a read-only folder, a full disk, a file
size limit) become an `OutputError` with a plain message: the command exits 2.

The replaced file keeps its permission bits; a new file gets the umask's.
A temporary file left by a build that was killed is removed by the next build
to the same folder (its name carries the writer's process id, so a build
running alongside is never disturbed); SIGTERM, where it can be caught,
removes it at once (see `cli.main`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from briefing.diagnostics import UsageError


class OutputError(UsageError):
    """The output path cannot, or must not, be written: a usage or environment error (exit 2)."""


_TMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")
_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_output(path: Path, raw: str | None = None, protected: Iterable[Path] = (), force: bool = False) -> None:
    """Raise OutputError unless `path` is a regular file to replace or a new file to create.

    `raw` is the path as typed (a trailing '/' names a folder); `protected` are files that must never be
    replaced (the pack's own files); `force` allows a name without `.pdf` and replacing a file that is not a PDF.
    """
    shown = raw if raw is not None else str(path)
    if raw is not None and not raw.strip():
        raise OutputError("-o '' is empty; give the PDF's file name, such as pack.pdf")
    if raw is not None and (raw.endswith(("/", os.sep)) or Path(raw).name in ("", ".", "..")):
        raise OutputError(f"-o '{shown}' names a folder; give the PDF's file name, such as {Path(raw) / 'pack.pdf'}")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        raise OutputError(f"cannot write '{shown}': {_through_file(path)} is a file, not a folder") from None
    except OSError as exc:
        raise OutputError(f"cannot write '{shown}': {_reason(exc)}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(f"'{shown}' is {_kind(info.st_mode)}; briefing only replaces a regular file or writes a new one")
    if info is not None:
        for own in protected:
            with contextlib.suppress(OSError):
                if os.path.samefile(own, path):
                    raise OutputError(f"'{shown}' is one of the pack's own files; write the PDF somewhere else")
    if not force and path.suffix.lower() != ".pdf":
        raise OutputError(f"'{shown}' does not end in .pdf; name the PDF '<name>.pdf' (or give --force to write it anyway)")
    if info is not None and not force and info.st_size and not _is_pdf(path):
        raise OutputError(f"'{shown}' exists and is not a PDF; briefing will not replace it (give --force to replace it)")
    parent = path.parent
    blocker = _through_file(path)
    if blocker is not None:
        raise OutputError(f"cannot write '{shown}': {blocker} is a file, not a folder")
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"cannot write '{shown}': {parent} is not a folder")


def _through_file(path: Path) -> Path | None:
    """The first existing non-folder among `path`'s ancestors, if any."""
    for ancestor in reversed(path.parents):
        try:
            if ancestor.exists() and not ancestor.is_dir():
                return ancestor
        except OSError:
            return ancestor
    return None


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def _reason(exc: OSError) -> str:
    if exc.errno in _FULL:
        return "the disk is full or a file size limit is set (no space left for the PDF)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (the folder is read-only)"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return exc.strerror or str(exc)


def _new_file_mode() -> int:
    """What a new file's permission bits would be under this process's umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def remove_stale_temporaries(folder: Path, name: str) -> list[Path]:
    """Remove temporary files for `name` in `folder` left by builds whose process is gone; return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TMP.match(entry.name)
        if not m or m.group("name") != name or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(m.group("pid"))
        if pid != os.getpid() and _alive(pid):
            continue  # a build running alongside is writing it
        if pid == os.getpid():
            continue  # this process only leaves one behind while it is writing it
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one rename; OutputError (nothing changed) when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder '{path.parent}': {_reason(exc)}") from None
    remove_stale_temporaries(path.parent, path.name)
    try:
        info = os.stat(path)
    except OSError:
        mode = _new_file_mode()
    else:
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(f"'{path}' is {_kind(info.st_mode)}; briefing only replaces a regular file or writes a new one")
        mode = stat.S_IMODE(info.st_mode)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write in '{path.parent}': {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write '{path}': {_reason(exc)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
