"""The LINE Messaging API client and the local LINE stand-in `tsunagu serve` uses."""
