"""S3 publisher: the deployment's public bucket behind the portal (wiring imports it only for s3:// targets)."""

from __future__ import annotations

import boto3
from botocore.client import BaseClient
from botocore.exceptions import BotoCoreError, ClientError

from tsunagu.domain.errors import PublishError
from tsunagu.ports.publisher import CACHE_CONTROL, Publisher


class S3Publisher(Publisher):
    """Writes each key as an object under `prefix` with its Content-Type and a short Cache-Control."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.endpoint_url = endpoint_url
        self._client: BaseClient | None = None

    def _get_client(self) -> BaseClient:
        if self._client is None:  # on first use: building a client costs time the weekly run may not need
            self._client = boto3.client("s3", endpoint_url=self.endpoint_url)
        return self._client

    def key_for(self, key: str) -> str:
        """The object key: the prefix, then the relative key."""
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, body: bytes, content_type: str, cache_control: str = CACHE_CONTROL) -> None:
        """One PutObject; any AWS or network error becomes PublishError."""
        try:
            self._get_client().put_object(Bucket=self.bucket, Key=self.key_for(key), Body=body,
                                          ContentType=content_type, CacheControl=cache_control)
        except (BotoCoreError, ClientError) as exc:
            raise PublishError(f"s3://{self.bucket}/{self.key_for(key)}: cannot write ({exc}); "
                               "check the bucket name, credentials and AWS_ENDPOINT_URL") from None

    def describe(self) -> str:
        """The bucket URL."""
        return f"s3://{self.bucket}/{self.prefix}"
