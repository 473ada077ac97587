"""Local stand-ins for LINE (Messaging API and Insight) under `tsunagu serve` and in tests; never in the Lambda."""
