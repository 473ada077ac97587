"""Store adapters: SQLite (embedded default) and DynamoDB."""
