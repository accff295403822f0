"""Data: the whole figures table with filters, the data dictionary, and full downloads (CSV, Parquet)."""

import functools
from collections.abc import Callable, Iterable
from typing import cast

import pandas as pd
import streamlit as st

from dashboard import components, downloads, open_data, queries, state
from etl import dictionary, export
from etl.vocabulary import KINDS

PAGE = "data"


def table_bytes(encode: Callable[[pd.DataFrame], bytes], table: str) -> bytes:
    """A whole table as a download's bytes, made only when the button is clicked."""
    return encode(queries.table(table))


FILTERS = ("indicator", "entity", "kind", "source")

catalog = queries.catalog()
parsed = components.read_url(
    {
        "indicator": state.choices(catalog.indicators, "indicator"),
        "entity": state.choices(catalog.entities, "entity"),
        "kind": state.choices(KINDS, "kind of figure"),
        "source": state.choices(catalog.sources, "source"),
    }
)
st.title("Data", anchor=False)
components.build_caption()
components.show_notices(parsed)

if f"{PAGE}-indicator" not in st.session_state:
    for name in FILTERS:
        st.session_state[f"{PAGE}-{name}"] = list(cast(Iterable[str], parsed.get(name, ())))

figures_tab, dictionary_tab, downloads_tab = st.tabs(["Figures", "Data dictionary", "Downloads"])

with figures_tab:
    left, middle, right, far = st.columns(4)
    pick = components.filter_multiselect
    pick(left, "Indicators", catalog.indicators, format_func=lambda key: catalog.indicators.get(key, key),
         key=f"{PAGE}-indicator")  # fmt: skip
    pick(middle, "Entities", catalog.entities, key=f"{PAGE}-entity")
    pick(right, "Kinds", catalog.kinds, key=f"{PAGE}-kind")
    pick(far, "Sources", catalog.sources, format_func=lambda key: catalog.sources.get(key, key), key=f"{PAGE}-source")
    chosen = {name: tuple(st.session_state[f"{PAGE}-{name}"]) for name in FILTERS}
    rows = queries.figures(
        indicators=chosen["indicator"], entities=chosen["entity"], kinds=chosen["kind"], sources=chosen["source"],
        per_indicator=None, limit=queries.TABLE_ROWS,
    )  # fmt: skip
    count, matched = queries.shown_of(rows, "matched_all")
    if matched > count:
        st.caption(
            f"{matched:,} figures (stated and derived) match; the table and its CSV show the first {count:,}. "
            "Narrow the filters, or download whole tables below."
        )
    else:
        st.caption(f"{len(rows)} figures (stated and derived) match. Empty filters keep everything.")
    components.figures_table(rows, key=f"{PAGE}-figures-table", height=600, indicator=True)
    components.csv_button(rows, "figures-filtered", key=f"{PAGE}-figures-csv")

with dictionary_tab:
    st.caption("Every column of every table and view in the database, with its unit.")
    columns = queries.columns()
    for table in queries.TABLES:
        st.header(table, anchor=False)
        st.text(dictionary.TABLES.get(table, ""))
        found = columns[columns["table_name"] == table]
        st.dataframe(
            pd.DataFrame(
                {
                    "Column": found["column_name"],
                    "Type": found["data_type"],
                    "Description": [dictionary.describe(table, c) or "(no description)" for c in found["column_name"]],
                }
            ),
            hide_index=True,
            key=f"{PAGE}-dictionary-{table}",
            column_config={"Description": st.column_config.TextColumn(width="large")},
        )
    st.subheader(dictionary.CHART_CSV_TITLE, anchor=False)
    st.text("Every column of the figures table, then these:")
    st.dataframe(
        pd.DataFrame({"Column": list(dictionary.CHART_CSV), "Description": list(dictionary.CHART_CSV.values())}),
        hide_index=True,
        key=f"{PAGE}-dictionary-chart-csv",
        column_config={"Description": st.column_config.TextColumn(width="large")},
    )

with downloads_tab:
    st.header("Stable addresses", anchor=False)
    st.caption(
        "The current build as files other programs can fetch: every table as CSV and Parquet, described by a "
        "Frictionless data package. These addresses stay the same from build to build."
    )
    st.markdown("  \n".join(f"[{label}]({url})" for label, url in open_data.links()))
    st.caption(
        export.CITATION.format(build_id=queries.build_id(), built=str(queries.build_info().get("built_at", ""))[:10])
    )
    st.header("Download a table", anchor=False)
    st.caption("Whole tables as they are in the database. CSV is UTF-8 with a byte-order mark (opens in Excel).")
    build = queries.build_id()
    for table in queries.TABLES:
        name_column, csv_column, parquet_column = st.columns([2, 1, 1])
        name_column.text(f"{table}: {dictionary.TABLES.get(table, '')}")
        csv_column.download_button(
            "CSV",
            data=functools.partial(table_bytes, downloads.csv_bytes, table),
            file_name=downloads.file_name(table, build),
            mime="text/csv",
            on_click="ignore",
            key=f"{PAGE}-full-{table}-csv",
            icon=":material/download:",
        )
        parquet_column.download_button(
            "Parquet",
            data=functools.partial(table_bytes, downloads.parquet_bytes, table),
            file_name=downloads.file_name(table, build, "parquet"),
            mime="application/vnd.apache.parquet",
            on_click="ignore",
            key=f"{PAGE}-full-{table}-parquet",
            icon=":material/download:",
        )

components.write_url(chosen, {name: () for name in FILTERS})
