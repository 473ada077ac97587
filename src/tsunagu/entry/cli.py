"""The `tsunagu` command: subcommands in order, Settings and wiring built once, errors mapped in one place."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tsunagu import __version__
from tsunagu.domain.errors import ConfigError, TsunaguError
from tsunagu.entry.commands import (
    check,
    counts,
    handoff,
    insight,
    log,
    ops,
    plan,
    report,
    richmenu,
    schedule,
    secrets,
    serve,
    simulate,
    site,
    stats,
    studio,
)
from tsunagu.entry.commands import (
    print as print_kit,
)
from tsunagu.logconfig import configure_logging
from tsunagu.settings import Settings
from tsunagu.wiring import Wiring

# In the order `tsunagu --help` lists them: what a ward does first comes first.
COMMANDS = (check, schedule, ops, studio, site, print_kit, insight, report, plan, counts, richmenu, log, handoff,
            serve, simulate, stats, secrets)

# Exit codes: 0 done, 1 the input is wrong (staff can fix it), 2 usage (argparse's own).
EXIT_PROBLEM = 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="tsunagu",
        description="LINE counselling for wards: check programmes, build the site and print kit, run the intake.",
    )
    parser.add_argument("--version", action="version", version=f"tsunagu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; print problems for staff and return the exit code."""
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    args.wiring = Wiring(settings, programs_path=getattr(args, "programs", None))
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
    finally:
        args.wiring.close()


if __name__ == "__main__":
    sys.exit(main())
