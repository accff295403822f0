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
        f"“{title}”, {published}, {url}). {_via(figure_id, build_id)}"
    )


def _via(figure_id: str, build_id: str) -> str:
    return f"Via AI Industry Indicators, figure {figure_id}, data build {build_id}."


def derived_citation(
    *,
    figure_id: str,
    label: str,
    producer: str,
    indicator: str,
    entity: str,
    period: str,
    formula: str,
    inputs: list[str],
    build_id: str,
) -> str:
    """A computed figure credited to its real producer (us), then each stated input's own citation."""
    return (
        f"{producer}, {indicator} — {entity}, {period}: {label}, computed as {formula} from: "
        + " ".join(inputs)
        + f" {_via(figure_id, build_id)}"
    )
