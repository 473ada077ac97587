"""The `tsunagu` command: one subcommand per module in `tsunagu.commands`, errors mapped in one place."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from . import __version__, commands
from .errors import ConfigError, TsunaguError

# Exit codes: 0 done, 1 the input is wrong (staff can fix it), 2 usage (argparse's own).
EXIT_PROBLEM = 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand found in `tsunagu.commands`."""
    parser = argparse.ArgumentParser(
        prog="tsunagu",
        description="LINE counselling for wards: check programmes, build the site and print kit, run the intake.",
    )
    parser.add_argument("--version", action="version", version=f"tsunagu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _command_modules():
        module.register(sub)
    return parser


def _command_modules() -> list:
    found = [importlib.import_module(f"{commands.__name__}.{m.name}")
             for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")]
    return sorted(found, key=lambda m: getattr(m, "ORDER", 50))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; print problems for staff and return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found; nothing was written.", file=sys.stderr)
        return EXIT_PROBLEM
    except TsunaguError as exc:
        print(f"tsunagu {args.command}: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
