"""Forwarding LINE's requests to the channel's counselling console: HTTP, and the queues of forwards that wait."""
