"""Citations of a figure. The links that open an article at a quote are computed by the ETL
(`etl/fragments.py`) and stored in `figures.link`."""

from __future__ import annotations


def citation(
    *,
    figure_id: str,
    surface: str | None,
    attributed_to: str,
    publisher: str,
    title: str,
    published: str,
    url: str,
    build_id: str,
    indicator: str,
    entity: str,
    period: str,
) -> str:
    """A ready citation: producer, publisher, date, URL and the data build."""
    stated = f"{surface!s} " if surface else ""
    return (
        f"{attributed_to}, {indicator} — {entity}, {period}: {stated}(reported in {publisher}, "
        f"“{title}”, {published}, {url}). Via AI Industry Indicators, figure {figure_id}, "
        f"data build {build_id}."
    )
