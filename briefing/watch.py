"""`briefing watch`: build a pack, then rebuild it on every save, in one warm process.

The process stays up between builds, so what does not change is not redone:
fonts are registered once, hyphenation dictionaries and ReportLab load once,
and the watcher's `Session` (briefing/session.py), passed to every rebuild,
keeps each YAML file's nodes, source texts and checked style sheet while
their files' size, mtime and inode are the same, and the paragraphs already
line-broken: a save re-reads only the file that was saved.

Each rebuild prints what `briefing build` prints: the diagnostics and the
summary line, or the errors.  A broken save writes nothing, so the last good
PDF stays where it was (the build writes atomically) until the pack builds
again.

The loop is `Watcher.run`; `Watcher.rebuild` is one turn of it and can be
called directly (the tests do), and `run` takes watchfiles' `stop_event` so a
thread can stop it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.pipeline import BuildOptions, Outcome, build_for_cli
from briefing.session import Session
from briefing.style import styles_dir

Echo = Callable[[str, bool], None]  # (line, to stderr)

# Files that never start a rebuild: editors' swap and backup files, the build's own temporary files.
_IGNORED_SUFFIXES = (".pdf", ".tmp", ".swp", ".swx", ".swo", "~", ".bak", ".pyc")


def _print(line: str, err: bool) -> None:
    import sys

    print(line, file=sys.stderr if err else sys.stdout, flush=True)


@dataclass
class Watcher:
    content_dir: Path
    output: Path | None = None
    options: BuildOptions = field(default_factory=BuildOptions)
    echo: Echo = _print
    debug: bool = False
    builds: int = 0  # rebuilds run so far
    good: int = 0  # of which wrote a PDF
    last: Outcome | None = None
    session: Session = field(default_factory=lambda: Session(keep_paragraphs=True))  # kept from build to build

    def __post_init__(self) -> None:
        self._done = threading.Condition()
        self._before: dict[Path, tuple[int, int]] = {}  # each watched file's time and size when the last build began

    # ------------------------------------------------------------ one turn

    def rebuild(self, changes: Iterable[tuple[object, str]] = ()) -> bool:
        """Build once and print the outcome.  True when a PDF was written; on errors the last PDF stays."""
        paths = {Path(p) for _, p in changes}
        changed = sorted({p.name for p in paths if p.exists()} or {p.name for p in paths})  # not editors' temporary files
        if changed:
            shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
            self.echo(f"[{time.strftime('%H:%M:%S')}] {shown} changed; rebuilding", True)
        self._before = self._file_states()
        outcome = build_for_cli(self.content_dir, self.output, self.options, self.debug, session=self.session)
        for line in outcome.messages:
            self.echo(line, True)
        if outcome.summary:
            self.echo(outcome.summary, False)
        elif self.good:
            self.echo("briefing: the last good PDF is unchanged; watching for the next save", True)
        with self._done:
            self.builds += 1
            self.good += outcome.code == 0
            self.last = outcome
            self._done.notify_all()
        return outcome.code == 0

    def wait_for(self, builds: int, timeout: float) -> bool:
        """Block until `builds` rebuilds have run (for tests and tools driving a watcher in a thread)."""
        with self._done:
            return self._done.wait_for(lambda: self.builds >= builds, timeout)

    # ------------------------------------------------------------ what to watch

    def paths(self) -> list[Path]:
        """The pack's folder, the folder of source texts, and the style sheets."""
        dirs = [
            Path(p).resolve()
            for p in (self.content_dir, self.options.sources_dir, styles_dir())
            if p is not None and Path(p).is_dir()
        ]
        return [p for p in dict.fromkeys(dirs) if not any(q != p and q in p.parents for q in dirs)]

    def relevant(self, change: object, path: str) -> bool:
        """A change that can alter the PDF: not the PDF itself, hidden files or editors' scratch files."""
        p = Path(path)
        if p.name.startswith((".", "#")) or p.name.endswith(_IGNORED_SUFFIXES):
            return False
        if any(part.startswith(".") or part == "__pycache__" for part in p.parts[:-1]):
            return False
        out = self.output.resolve() if self.output is not None else None
        return not (out is not None and p.resolve() == out)

    # ------------------------------------------------------------ the loop

    def run(self, stop_event: threading.Event | None = None, step_ms: int = 50) -> None:
        """Build now, then after every save until Ctrl-C (KeyboardInterrupt, raised) or `stop_event` is set.

        If the pack's folder is deleted, say so and wait for it; when it is back (recreated, or moved back),
        build again and watch the new folder: a watch on a deleted folder would never see another save.
        """
        self.echo(f"briefing: watching {', '.join(str(p) for p in self.paths())} (Ctrl-C stops)", True)
        try:
            folder = self._folder_id()
            self.rebuild()
            while not (stop_event is not None and stop_event.is_set()):
                if folder is not None and not self._watch_until_folder_changes(folder, stop_event, step_ms):
                    return
                self.echo(f"briefing: {self.content_dir} was removed; waiting for it to come back", True)
                if not self._wait_for_folder(stop_event, step_ms):
                    return
                self.echo(f"briefing: {self.content_dir} is back; watching it again", True)
                folder = self._folder_id()
                self.rebuild()
        finally:
            self.close()

    def _folder_id(self) -> tuple[int, int] | None:
        try:
            st = self.content_dir.stat()
        except OSError:
            return None
        return (st.st_dev, st.st_ino) if self.content_dir.is_dir() else None

    def _watch_until_folder_changes(self, folder: tuple[int, int], stop_event: threading.Event | None, step_ms: int) -> bool:
        """Rebuild on each save; True when the folder (`folder`: its device and inode) was deleted or replaced,
        False when stopped."""
        import watchfiles

        if self._folder_id() != folder:
            return True
        first = True
        try:
            for changes in watchfiles.watch(
                *self.paths(),
                watch_filter=self.relevant,
                step=step_ms,
                stop_event=stop_event,
                rust_timeout=500,
                yield_on_timeout=True,
                raise_interrupt=True,
            ):
                if self._folder_id() != folder:
                    return True
                if first and not changes:
                    changes = self._saved_since_build()  # saved while the build ran, before the watch began
                first = False
                if changes:
                    self.rebuild(changes)
        except FileNotFoundError:  # the folder went between the check above and the watch's start
            if self._folder_id() != folder:
                return True
            raise
        return False

    def _file_states(self) -> dict[Path, tuple[int, int]]:
        states: dict[Path, tuple[int, int]] = {}
        for folder in self.paths():
            for path in folder.rglob("*"):
                try:
                    st = path.stat()
                except OSError:
                    continue
                if path.is_file() and self.relevant(None, str(path)):
                    states[path] = (st.st_mtime_ns, st.st_size)
        return states

    def _saved_since_build(self) -> set[tuple[Any, str]]:
        """Files saved, added or removed since the last build began.  A save in the moment between a build and
        the start of a watch reaches no watch; this finds it."""
        now = self._file_states()
        return {("modified", str(p)) for p in now.keys() | self._before.keys() if now.get(p) != self._before.get(p)}

    def _wait_for_folder(self, stop_event: threading.Event | None, step_ms: int) -> bool:
        """Poll until the pack's folder exists again; False when stopped first."""
        while self._folder_id() is None:
            if stop_event is not None:
                if stop_event.wait(step_ms / 1000):
                    return False
            else:
                time.sleep(step_ms / 1000)
        return True

    def close(self) -> None:
        """Let go of what was kept between builds (the process may go on to other work)."""
        self.session.clear()


def watch(
    content_dir: Path, output: Path | None = None, options: BuildOptions | None = None, echo: Echo = _print, debug: bool = False
) -> Watcher:
    """Run a watcher in this thread until Ctrl-C; returns it (with its counts) when it stops."""
    watcher = Watcher(content_dir, output, options or BuildOptions(), echo, debug)
    watcher.run()
    return watcher
