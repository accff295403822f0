"""Controlled vocabularies of the curated data (units and qualifiers live with the parser, etl.quantities)."""

from __future__ import annotations

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""Source and figure ids: lowercase letters, digits and dashes."""

KINDS = ("reported", "forecast", "estimate", "target")
CHARTS = ("line", "bar", "share")
ENTITY_TYPES = ("global", "country", "region", "company", "organization")
