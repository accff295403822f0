"""The data dictionary: one sentence per column of every table and view, with its unit.

Shown on the app's Data page. tests/test_dictionary.py fails when a column of the built database has
no description here (or a description names a column that no longer exists).
"""

from __future__ import annotations

TABLES: dict[str, str] = {
    "figures": "One row per curated figure: a number stated in a source, with the sentence it came from.",
    "sources": "One row per source article, with its metadata and whether its text was available to verify quotes.",
    "indicators": "One row per indicator: what a figure measures, its base unit and how it is charted.",
    "entities": "One row per country, region, company or organisation a figure can be about.",
    "candidates": "One row per figure the extractor found in a source text (curated or not yet).",
    "build_info": "One row describing the build that wrote this database.",
    "build_inputs": "One row per input file the build read, with its checksum.",
    "derived_figures": "View: figures computed from stated figures, each with its formula and inputs.",
    "checks": "View: consistency checks between stated figures, each with pass or fail.",
    "views": "One row per ready view (a page that is Explore with other defaults), declared in data/views.toml.",
    "view_charts": "One row per indicator whose chart a ready view draws differently from the indicator's own.",
    "overview_cards": "One row per line of an Overview card: its headline figure, a related figure or the stated "
    "change, each the latest figure of a series (declared in data/views.toml).",
    "overview_charts": "One row per chart on the Overview page (declared in data/views.toml).",
    "source_agreement": "View: pairs of figures from different sources stating the same thing, and whether they "
    "agree (tolerances in data/agreement.toml).",
}

COLUMNS: dict[str, dict[str, str]] = {
    "figures": {
        "figure_id": "Unique id of the figure (text, lowercase letters, digits and hyphens).",
        "indicator_id": "Id of the indicator the figure measures (text, see indicators).",
        "entity": "Country, region, company or organisation the figure is about (text, see entities).",
        "period": "Period the figure is about as written, e.g. 2027, 2023-2027, 2024-11 (text).",
        "period_start": "First day of the period (date).",
        "period_end": "Last day of the period (date).",
        "surface": "The figure exactly as written in the quote, e.g. '$38 billion' (text).",
        "value": "The figure in the indicator's base unit, scale words expanded, e.g. 38000000000; a change's "
        "decline is negative ('down 26.7%' is -26.7) (number in `unit`).",
        "unit": "Base unit of `value`: an ISO 4217 currency code, %, pp, x, count, year, month, day, hour, second, "
        "or a physical unit kept as stated (GB ... EB, W ... TW, Wh ... TWh, kg, t, Mt, FLOP amounts, FLOPS "
        "rates; see the README) (text).",
        "qualifier": "How exact the figure is: exact, approx (about), over (more than) or under (less than) (text).",
        "kind": "reported, forecast, estimate or target (text).",
        "attributed_to": "Who produced the number, e.g. IDC or CAICT, not the newspaper (text).",
        "doc_id": "Id of the source article the quote comes from (text, see sources).",
        "quote": "The sentence stating the figure, verbatim from the source (text).",
        "quote_start": "Offset of the quote's first character in the source text (characters from 0; empty if "
        "unverified).",
        "quote_end": "Offset just after the quote's last character in the source text (characters; empty if "
        "unverified).",
        "surface_start": "Offset of the figure as written in the source text (characters from 0; empty if unverified).",
        "surface_end": "Offset just after the figure as written in the source text (characters; empty if unverified).",
        "verified": "True when the quote was verified, in this build or by the ledger (boolean: verification is "
        "'text' or 'ledger').",
        "verification": "How the quote was verified: 'text' (found in the source text by this build), 'ledger' "
        "(found by an earlier build in a text with the same checksum, per data/verification.csv) or 'none' (text).",
        "verified_on": "Date the quote was found in the source text (date; empty when not verified).",
        "link": "The article URL with a text fragment (#:~:text=) that lands on the quote in the text we hold "
        "(URL; the live page may differ).",
        "link_lands": "True when the link's text fragment, found the way a browser finds it (simulated), lands "
        "inside the quote in the source text this build holds (boolean; empty when the build lacks the text).",
        "note": "Curator's note: how the period was inferred, a caveat (text, may be empty).",
        "source_file": "Curated CSV file the figure was read from (path relative to the repository).",
        "source_line": "Line of that CSV file where the figure's row starts (line number from 1).",
    },
    "sources": {
        "doc_id": "Unique id of the source (text, the manifest's file name in seeds/).",
        "title": "Title of the article (text).",
        "publisher": "Publication or site that published the article (text).",
        "author": "Author as credited, if any (text, may be empty).",
        "published": "Publication date when known (date).",
        "published_earliest": "Earliest possible publication date when the exact date is unknown (date).",
        "published_note": "How the publication date was established (text).",
        "url": "Address of the article online (URL).",
        "language": "Language of the text as an ISO 639-1 code, e.g. en (text).",
        "text_file": "File name of the article text in the corpus folder (text).",
        "sha256": "SHA-256 checksum of the article text (64 hexadecimal characters).",
        "text_available": "True when the text was present at build time, so quotes could be checked (boolean).",
        "verified": "True when the text (or its ledger row) matches the checksum and every figure's quote is "
        "verified (boolean).",
    },
    "indicators": {
        "indicator_id": "Unique id of the indicator (text, lowercase with underscores).",
        "name": "Name of the indicator for people (text).",
        "unit": "Base unit every figure of the indicator has (text, as figures.unit).",
        "topic": "Topic the indicator belongs to, e.g. Spending & market (text).",
        "chart": "How it is charted: line (series over time), bar (comparison) or share (parts of 100%) (text).",
        "description": "One sentence saying what the indicator measures and in which unit (text).",
    },
    "entities": {
        "entity": "Name of the country, region, company or organisation (text).",
        "type": "global, country, region, company or organization (text).",
        "aliases": "Other names the extractor recognises for the entity (list of text).",
    },
    "candidates": {
        "doc_id": "Id of the source text the candidate was found in (text, see sources).",
        "start": "Offset of the candidate's first character in the source text (characters from 0).",
        "end": "Offset just after the candidate's last character in the source text (characters).",
        "surface": "The candidate figure as written in the text (text).",
        "value": "The candidate's value in its base unit (number in `unit`).",
        "unit": "Base unit of `value`, as figures.unit (text).",
        "qualifier": "exact, approx, over or under, read from the words around the figure (text).",
        "period": "Period the extractor guessed the figure is about (text, may be empty).",
        "entity": "Entity the extractor guessed the figure is about (text, may be empty).",
        "entity_new": "True when the guessed entity is not in entities.csv yet: a name found by its place in "
        "the sentence, to add in one click (boolean).",
        "attributed_to": "Producer the extractor guessed stated the figure (text, may be empty).",
        "kind": "reported, forecast, estimate or target as guessed from the sentence (text).",
        "sentence": "The sentence containing the candidate (text).",
        "curated": "True when a curated figure covers this candidate (boolean).",
        "figure_id": "Id of the curated figure covering this candidate, if any (text, see figures).",
        "suggested_indicator": "Indicator the candidate most likely measures: of those with its unit, the one whose "
        "name and description share most words with the sentence (text, see indicators; empty if none fits).",
        "indicator_confidence": "How sure that suggestion is, from 0 to 1: word similarity of sentence and "
        "indicator, lowered when another indicator is nearly as close (number; empty without a suggestion).",
    },
    "build_info": {
        "build_id": "Id of the build: a hash of the inputs, code and available texts (12 hexadecimal characters).",
        "built_at": "When the database was written (timestamp with time zone, UTC).",
        "code_version": "Hash of the ETL code and SQL that wrote the database (12 hexadecimal characters).",
        "duckdb_version": "Version of DuckDB that wrote the file (text).",
        "corpus": "Folder the source texts were read from (path).",
        "sources": "Number of sources in the database (count).",
        "figures": "Number of curated figures in the database (count).",
        "verified_quotes": "Number of figures whose quote was found in the source text (count).",
        "candidates": "Number of candidate figures found by the extractor (count).",
        "uncurated_candidates": "Number of candidates no curated figure covers yet (count).",
        "warnings": "Warnings the build printed, e.g. a missing source text (list of text).",
        "extractor_version": "Hash of the extractor's code and gazetteer that found the candidates (12 hexadecimal "
        "characters; empty when the build looked for none). The next build reuses the candidates of texts "
        "whose checksum is unchanged when this is unchanged too.",
    },
    "build_inputs": {
        "path": "Input file the build read (path relative to the repository).",
        "sha256": "SHA-256 checksum of the file's content (64 hexadecimal characters).",
        "bytes": "Size of the file (bytes).",
    },
    "derived_figures": {
        "derived_id": "Unique id of the derived figure (text, starts with derived-).",
        "indicator_id": "Id of the indicator the derived figure measures (text, see indicators).",
        "entity": "Entity the derived figure is about (text; 'Other countries' for a remainder).",
        "period": "Period the derived figure is about (text, as figures.period).",
        "value": "The computed value in the indicator's base unit; empty when an input is missing (number in `unit`).",
        "unit": "Base unit of `value` (text, as figures.unit).",
        "qualifier": "approx when an input is approximate or the formula rounds, else exact (text).",
        "kind": "forecast when computed from a forecast, else estimate (text).",
        "formula": "How the value is computed from its inputs, in words and symbols (text).",
        "inputs": "Ids of the figures the formula uses (list of figure ids).",
        "description": "What the derived figure means, in one sentence (text).",
        "attributed_to": "Who the figure is credited to: computed here, so AI Industry Indicators (derived) (text).",
    },
    "checks": {
        "check_id": "Unique id of the check (text).",
        "description": "What the check verifies, in one sentence (text).",
        "formula": "The condition tested, e.g. |before x growth - latest| / latest <= 10% (text).",
        "inputs": "Ids of the figures the check uses (list of figure ids).",
        "expected": "The value the check compares against (number in the inputs' unit; empty if missing).",
        "actual": "The value computed from the inputs (number in the inputs' unit; empty if missing).",
        "tolerance": "Allowed relative difference between actual and expected (fraction, 0.10 = 10%; empty for "
        "inequality checks).",
        "status": "pass, fail or missing input (text).",
        "passed": "True when status is pass (boolean).",
    },
}


COLUMNS["source_agreement"] = {
    "figure_id": "Id of one figure of the pair (text, see figures).",
    "other_figure_id": "Id of the figure from the other source (text, see figures).",
    "indicator_id": "Indicator both figures measure (text, see indicators).",
    "entity": "Entity both figures are about (text).",
    "period": "Period both figures are about (text, as figures.period).",
    "unit": "Base unit of both values (text, as figures.unit).",
    "kind": "Kind of both figures: reported, forecast, estimate or target (text).",
    "attributed_to": "Producer of both figures, e.g. Baidu (text).",
    "value": "Value of the first figure (number in `unit`).",
    "other_value": "Value of the other figure (number in `unit`).",
    "doc_id": "Source of the first figure (text, see sources).",
    "other_doc_id": "Source of the other figure (text, see sources).",
    "publisher": "Publisher of the first figure's source (text).",
    "other_publisher": "Publisher of the other figure's source (text).",
    "quote": "Sentence stating the first figure (text).",
    "other_quote": "Sentence stating the other figure (text).",
    "agrees": "True when the two values agree within the tolerances of data/agreement.toml; false is a "
    "disagreement between sources, shown on the Checks page (boolean).",
}


COLUMNS["views"] = {
    "view_id": "Key of the view: its page address (/<view_id>) and the prefix of its widget keys (text, lowercase "
    "letters, digits and hyphens).",
    "position": "Place of the view in the sidebar, in the order of data/views.toml (number from 1).",
    "section": "Sidebar section the view is listed under, e.g. Ready views (text).",
    "title": "Title of the page and of its sidebar entry (text).",
    "icon": "Material icon of the sidebar entry, e.g. :material/payments: (text).",
    "intro": "What the view shows and how to read it, shown under the title (text, Markdown).",
    "indicators": "Indicators charted by default, in order (list of indicator ids, see indicators).",
    "entities": "Entities shown by default; empty for all (list of entity names, see entities).",
    "kinds": "Kinds of figure shown by default; empty for all (list of reported, forecast, estimate, target).",
    "sources": "Sources shown by default; empty for all (list of source ids, see sources).",
    "producers": "Producers shown by default, as figures.attributed_to; empty for all (list of text).",
    "derived": "True when derived figures are shown by default (boolean).",
    "extracted": "True when the extractor's unreviewed figures are shown by default (boolean).",
    "definitions": "True when each chart shows its indicator's definition beside it (boolean).",
    "checks": "True when the view lists the consistency checks that use the figures it shows (boolean).",
    "catalogue": "True for the one view that also offers the indicator catalogue and the search of every figure, "
    "which the other views link to with their filters (boolean).",
    "filters_expanded": "True when the filters start unfolded (on a desktop; a phone folds them) (boolean).",
}
COLUMNS["view_charts"] = {
    "view_id": "View that draws the chart (text, see views).",
    "indicator_id": "Indicator charted (text, see indicators).",
    "chart": "Chart type in this view: line, bar, share, or vintages (target year on the x axis, one line per "
    "forecast vintage, actuals as their own markers) (text).",
}
COLUMNS["overview_cards"] = {
    "card": "Place of the card on the Overview, in the order of data/views.toml (number from 1).",
    "line": "Line within the card: 0 the headline figure, then related figures and the change (number from 0).",
    "role": "figure (the headline figure), related (a figure named under it) or change (a stated change shown as "
    "the card's delta) (text).",
    "title": "What the card states, e.g. Ernie daily API calls, latest (Baidu); only on the figure line (text).",
    "indicator_id": "Indicator of the series the line shows the latest figure of (text, see indicators).",
    "entity": "Entity of that series (text, see entities).",
    "kind": "Only figures of this kind; empty for any (text: reported, forecast, estimate or target).",
    "producer": "Only figures by this producer, as figures.attributed_to; empty for any (text).",
    "period": "Only figures about this period, as figures.period; empty for any (text).",
}
COLUMNS["overview_charts"] = {
    "position": "Place of the chart on the Overview (number from 1).",
    "indicator_id": "Indicator charted (text, see indicators).",
    "entities": "Entities shown; empty for all (list of entity names, see entities).",
}


CHART_CSV_TITLE = "A chart's CSV download"
CHART_CSV: dict[str, str] = {
    "indicator": "Name of the indicator (text, as indicators.name).",
    "value_as_shown": "The figure as the chart labels it, e.g. ~$38B (text).",
    "derived": "True when the row is computed from other figures, not stated in a source (boolean).",
    "formula": "How a derived row is computed from its inputs (text, empty for stated figures).",
    "derived_from": "Ids of the figures a derived row is computed from, separated by spaces (text).",
    "source_title": "Title of the source article (text).",
    "publisher": "Publication or site that published the article (text).",
    "published": "When the article was published, or 'on or after' a date when only that is known (text).",
    "url": "Address of the article online (URL).",
    "fragment_link": "The article URL with a text fragment that lands on the quote (URL).",
    "review_status": "'reviewed' for a curated figure (or one derived from curated figures); 'extracted, not "
    "reviewed' for a number the extractor found that nobody has checked, shown only when the chart includes "
    "extracted figures; its figure_id is empty and doc_id with surface_start and surface_end find it in "
    "candidates (text).",
    "suggestion_confidence": "For an extracted row: how sure the suggestion of its indicator is, from 0 to 1 "
    "(number, as candidates.indicator_confidence; empty for reviewed rows).",
    "build_id": "Id of the data build the rows come from (12 hexadecimal characters, as build_info.build_id).",
}
"""The columns a chart's CSV adds after every column of the figures table (dashboard.downloads.chart_table)."""


def describe(table: str, column: str) -> str | None:
    """The description of a column, or None when it has none."""
    return COLUMNS.get(table, {}).get(column)
