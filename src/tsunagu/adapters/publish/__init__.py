"""Publisher adapters: a local folder and S3."""
