"""Subcommands of `tsunagu`: each module defines `register(subparsers)` and sets `run` on its parser."""
