"""What the intake decides: webhook parsing, signatures, postbacks, replies, detection."""
