"""Makers: what turns programmes and records into artefacts on a staff machine (portal, print kit, report,
rich menu, site deploy) and their toolbox. They never run in the Lambda."""
