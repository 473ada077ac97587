"""Entry points: the `tsunagu` command line and its subcommands."""
