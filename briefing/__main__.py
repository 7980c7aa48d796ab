"""`python -m briefing` (and the `briefing` command) run the command line.

The command line's imports are inside `main`, so that Ctrl-C while they load (typer and click take a
moment) ends with "interrupted" and exit 130 rather than a KeyboardInterrupt traceback.
"""

from __future__ import annotations

import sys
from typing import NoReturn


def main() -> None:
    try:
        from briefing.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("briefing: interrupted\n")
        sys.exit(130)
    try:
        run()
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(code: str | int | None) -> NoReturn:
    """End the process with `code` as `sys.exit` would, without the interpreter's teardown.

    A build leaves millions of objects (the pack, the laid-out pages, ReportLab's and the libraries' modules);
    freeing them one by one and the collection at shutdown took about a seventh of a cold build's CPU time, for
    nothing: the process is ending.  What exit does that matters still happens: the `atexit` functions run (the
    dataclass code cache is saved there, briefing/codecache.py) and the standard streams are flushed.  Should other
    threads still run, or a stream fail to flush (a closed pipe), the ordinary exit is taken instead, with its
    usual messages."""
    import atexit
    import os
    import threading

    if threading.active_count() > 1:
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message goes to stderr and the status is 1
        sys.stderr.write(f"{code}\n")
        status = 1
    atexit._run_exitfuncs()  # noqa: SLF001 - what the interpreter calls at exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(status)
    os._exit(status)


if __name__ == "__main__":
    main()
