"""Citations of a figure (the text-fragment links are tested in test_fragments.py)."""

from __future__ import annotations

from dashboard import links


def test_citation_names_producer_publisher_date_url_and_build() -> None:
    text = links.citation(
        figure_id="idc-china-ai-spending-2027", surface="$38 billion", attributed_to="IDC", publisher="China Daily",
        title="Seizing the future", published="2025-01-20", url="https://example.com/a", build_id="abc123",
        indicator="AI spending", entity="China", period="2027",
    )  # fmt: skip
    assert text == (
        "IDC, AI spending — China, 2027: $38 billion (reported in China Daily, “Seizing the future”, 2025-01-20, "
        "https://example.com/a). Via AI Industry Indicators, figure idc-china-ai-spending-2027, data build abc123."
    )
