"""Use cases that drive the domain through ports: the intake, schedule publishing."""
