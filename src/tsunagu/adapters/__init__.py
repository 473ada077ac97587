"""The edges: storage, publishing, secrets, LINE, alerts, the portal, the print kit, the report."""
