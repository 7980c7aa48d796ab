"""`python -m briefing` (and the `briefing` command) run the command line.

The command line's imports are inside `main`, so that Ctrl-C while they load (typer and click take a
moment) ends with "interrupted" and exit 130 rather than a KeyboardInterrupt traceback.
"""

import sys


def main() -> None:
    try:
        from briefing.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("briefing: interrupted\n")
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
