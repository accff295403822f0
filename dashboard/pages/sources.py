"""Sources: every article with its metadata, link, verification status, and its figures with quotes."""

import streamlit as st

from dashboard import components, queries, state
from dashboard.formatting import escape_markdown as md
from dashboard.formatting import vintage

PAGE = "sources"
catalog = queries.catalog()
parsed = components.read_url(
    {**components.figure_spec(), "source": state.choices(catalog.sources, "source", multi=False)}
)
st.title("Sources", anchor=False)
st.caption("Every article the figures come from. A quote is verified when it was found verbatim in the article text.")
components.show_notices(parsed)

PER_PAGE = 5
"""Sources listed per page (each with its figures)."""
OPTIONS = queries.SOURCE_OPTIONS
"""At most this many sources in the picker (the most recent; any other opens with ?source=<id>)."""

if f"{PAGE}-source" not in st.session_state:
    st.session_state[f"{PAGE}-source"] = parsed.get("source")
listing = queries.sources()
options = list(listing["doc_id"].head(OPTIONS))
if st.session_state[f"{PAGE}-source"] is not None and st.session_state[f"{PAGE}-source"] not in options:
    options.append(st.session_state[f"{PAGE}-source"])
choice = st.selectbox(
    "Source",
    options=[None, *options],
    format_func=lambda doc_id: "All sources" if doc_id is None else catalog.sources[doc_id],
    key=f"{PAGE}-source",
)
if len(listing) > OPTIONS:
    st.caption(f"The list offers the {OPTIONS:,} most recent of {len(listing):,} sources; open any other with "
               "?source=<source id> in the page address.")  # fmt: skip

if choice is not None:
    listing = listing[listing["doc_id"] == choice]
elif len(listing) > PER_PAGE:
    pages = (len(listing) + PER_PAGE - 1) // PER_PAGE
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, key=f"{PAGE}-page")
    first = (int(page) - 1) * PER_PAGE
    st.caption(f"Sources {first + 1:,}-{min(first + PER_PAGE, len(listing)):,} of {len(listing):,}, newest first.")
    listing = listing.iloc[first : first + PER_PAGE]

main_column, card_column = st.columns([2, 1], gap="large")
with main_column:
    for _, source in listing.iterrows():
        doc_id = source["doc_id"]
        with st.container(border=True, key=f"{PAGE}-{doc_id}"):
            st.subheader(md(source["title"]), anchor=False)
            author = f" · by {source['author']}" if source["author"] else ""
            published = vintage(source["published"], source["published_earliest"])
            st.text(f"{source['publisher']}{author} · published {published}")
            if source["published_note"]:
                st.caption(md(f"Date: {source['published_note']}"))
            st.link_button("Open the article", source["url"], icon=":material/open_in_new:")
            figures, verified = int(source["figures"]), int(source["verified_figures"])
            if not source["text_available"]:
                st.info(f"The article text was not available to this build: {figures} quotes shown unverified.")
            elif verified == figures:
                st.success(f"All {figures} quotes found verbatim in the article text.")
            else:
                st.warning(f"{verified} of {figures} quotes found verbatim in the article text.")
            st.caption(md(f"Text checksum (sha256): {source['sha256']} · source id: {doc_id}"))
            rows = queries.figures(sources=(doc_id,), derived=False)
            if not rows.empty:
                components.figures_table(rows, key=f"{PAGE}-{doc_id}-table", indicator=True)
                components.csv_button(
                    rows, f"source-{doc_id}", key=f"{PAGE}-{doc_id}-csv", label="Download its figures (CSV)"
                )

figure_id = components.current_pick(PAGE, parsed.get("figure"), {})
with card_column:
    components.quote_card(figure_id, PAGE)
components.write_url({"source": choice, "figure": figure_id}, {"source": None, "figure": None})
