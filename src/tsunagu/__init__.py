"""tsunagu: LINE counselling outreach and intake for Japanese wards."""

__version__ = "0.1.0"
