"""Retry queues for replies LINE did not take in time: SQS in AWS, in-process under `tsunagu serve`."""
