"""API Gateway REST (v1) proxy events, as the stage `api` hands them to the Lambda, for the zip test and bench."""

from __future__ import annotations

import uuid
from typing import Any


def proxy_event(channel: str, body: bytes, signature: str) -> dict[str, Any]:
    """The proxy event of LINE's POST /callback/{channel} with this body and X-Line-Signature."""
    headers = {"Content-Type": "application/json; charset=utf-8", "X-Line-Signature": signature,
               "Host": "abc123.execute-api.ap-northeast-1.amazonaws.com", "User-Agent": "LineBotWebhook/2.0"}
    return {
        "resource": "/callback/{channel}", "path": f"/callback/{channel}", "httpMethod": "POST",
        "headers": headers, "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": {"channel": channel}, "stageVariables": None,
        "requestContext": {"resourcePath": "/callback/{channel}", "httpMethod": "POST", "stage": "api",
                           "path": f"/api/callback/{channel}", "requestId": str(uuid.uuid4()),
                           "identity": {"sourceIp": "203.0.113.7"}},
        "body": body.decode("utf-8"), "isBase64Encoded": False,
    }
