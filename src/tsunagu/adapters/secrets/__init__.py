"""Secrets adapters: the local JSON file and AWS SSM Parameter Store."""
