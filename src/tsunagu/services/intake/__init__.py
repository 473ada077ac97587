"""The LINE intake: verify a webhook, parse it, record anonymized events exactly once, answer safely.

Standard library only on this path (it runs on every Lambda cold start); the LINE SDK, boto3 and the
store adapters are reached through the builders in `Services`, only when needed.
"""

from tsunagu.services.intake.http import HttpResult, Services, receive_scan, receive_webhook

__all__ = ["HttpResult", "Services", "receive_scan", "receive_webhook"]
