"""The domain core: plain Python, no I/O, no third-party SDK (the Lambda's cold path)."""
