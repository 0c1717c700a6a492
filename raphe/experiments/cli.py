"""The ``raphe`` command line.

Every input problem (a bad value, or a results file given that is missing, not
HDF5, foreign or incomplete) becomes a one-line message on stderr and exit code 2
before any simulation starts; a failure while working (a full disk, a numerical
failure) is a one-line message and exit code 1; ``--debug`` shows the traceback
instead.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys

from raphe import __version__
from raphe.experiments.commands import COMMANDS, HELPS


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="raphe",
        description="Spiking simulator of the serotonin system: experiments on a virtual rat.",
    )
    parser.add_argument("--version", action="version", version=f"raphe {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        p = sub.add_parser(name, help=HELPS[name], description=HELPS[name])
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="show tracebacks of errors")
        if name == command:  # only the chosen command imports its module
            _module(name).add_arguments(p)
        else:
            p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def _module(name: str):
    return importlib.import_module(f"raphe.experiments.commands.{COMMANDS[name]}")


def _log_to_stderr(command: str) -> None:
    """Warnings and errors of raphe's loggers as ``raphe COMMAND: message`` lines on stderr."""
    import logging

    logger = logging.getLogger("raphe")
    if not any(getattr(h, "raphe_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.raphe_cli = True
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
    for h in logger.handlers:
        if getattr(h, "raphe_cli", False):
            h.setFormatter(logging.Formatter(f"raphe {command}: %(message)s"))


_NEGATIVE = re.compile(r"^-(\d|\.\d)")


def _join_negative_values(argv: list[str]) -> list[str]:
    """``--dose -10mg/kg`` -> ``--dose=-10mg/kg``: argparse would read the value as an option.

    A value that starts with a minus sign and a digit is kept with the option
    before it, so it is read (and refused or used) as a value.
    """
    out: list[str] = []
    for arg in argv:
        if out and _NEGATIVE.match(arg) and out[-1].startswith("--") and "=" not in out[-1]:
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``raphe`` console script; returns the exit code."""
    argv_given = argv
    argv = _join_negative_values(list(sys.argv[1:] if argv is None else argv))
    command = next((a for a in argv if a in COMMANDS), None)
    parser = _parser(command)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    debug = getattr(args, "debug", False)
    from raphe.errors import RapheError, RapheInputError, ResultsFileError

    _log_to_stderr(args.command)
    if argv_given is None:  # the console script's own process: Brian2 beyond its units only
        from raphe import brian2_deferred  # when a window is built (a warm run never does)

        brian2_deferred.defer()

    try:
        return int(_module(args.command).run(args) or 0)
    except (RapheInputError, ResultsFileError) as err:  # a bad value, or a results file given that is
        if debug:                                        # missing, not HDF5, foreign or incomplete
            raise
        print(f"raphe {args.command}: error: {err}", file=sys.stderr)
        return 2
    except RapheError as err:
        if debug:
            raise
        print(f"raphe {args.command}: error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into head & co.
        return 0
    except OSError as err:  # a full disk or lost permissions where no layer named the file
        if debug:
            raise
        from raphe.errors import os_reason

        where = f" ({err.filename})" if getattr(err, "filename", None) else ""
        print(f"raphe {args.command}: error: {os_reason(err)}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"raphe {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
