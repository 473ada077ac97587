"""Staff alerts (channel, kind and time, nothing else): a local file (alertlog) or AWS SNS (sns).

TSUNAGU_NOTIFY selects one; wiring imports only the chosen module, so the file log needs no AWS SDK.
"""
