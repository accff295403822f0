"""Sources: every article with its metadata, link, verification status, and its figures with quotes."""

import streamlit as st

from dashboard import components, formatting, queries, state
from dashboard.formatting import escape_markdown as md
from dashboard.formatting import vintage

PAGE = "sources"
catalog = queries.catalog()
parsed = components.read_url(
    {**components.figure_spec(), "source": state.choices(catalog.sources, "source", multi=False)}
)
components.start_page(PAGE, parsed.get("figure"))
st.title("Sources", anchor=False)
st.caption(
    "Every article the figures come from. A quote is verified when it was found verbatim in the article text: "
    "by this build, or by an earlier one in a text with the same checksum (the verification ledger)."
)
components.show_notices(parsed)

PER_PAGE = 5  # sources listed per page, each with its figures
OPTIONS = queries.SOURCE_OPTIONS  # at most this many in the picker; any other opens with ?source=<id>
ALL = ""  # the picker's "All sources"

if f"{PAGE}-source" not in st.session_state or st.session_state.get(f"{PAGE}-url-source") != parsed.get("source"):
    st.session_state[f"{PAGE}-source"] = st.session_state[f"{PAGE}-url-source"] = parsed.get("source") or ALL
listing = queries.sources()
options = list(listing["doc_id"].head(OPTIONS))
if st.session_state[f"{PAGE}-source"] not in (ALL, *options):
    options.append(st.session_state[f"{PAGE}-source"])
choice = (
    st.selectbox(
        "Source",
        options=[ALL, *options],
        format_func=lambda doc_id: "All sources" if doc_id == ALL else catalog.sources[doc_id],
        key=f"{PAGE}-source",
    )
    or None
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

for _, source in listing.iterrows():
    doc_id = source["doc_id"]
    with st.container(border=True, key=f"{PAGE}-{doc_id}"):
        st.header(md(source["title"]), anchor=False)
        author = f" · by {named}" if (named := formatting.byline(source["publisher"], source["author"])) else ""
        published = vintage(source["published"], source["published_earliest"])
        st.text(f"{source['publisher']}{author} · published {published}")
        if formatting.present(source["published_note"]):
            st.caption(md(f"Date: {source['published_note']}"))
        st.link_button("Open the article", source["url"], icon=":material/open_in_new:")
        figures, verified = int(source["figures"]), int(source["verified_figures"])
        level, how = formatting.source_verification(
            bool(source["text_available"]), figures, verified, source["verified_on"]
        )
        {"success": st.success, "info": st.info, "warning": st.warning}[level](how)
        st.caption(md(f"Text checksum (sha256): {source['sha256']} · source id: {doc_id}"))
        rows = queries.figures(sources=(doc_id,), derived=False)
        if not rows.empty:
            clicked = components.figures_table(rows, key=f"{PAGE}-{doc_id}-table", indicator=True, selectable=True)
            components.take_click(PAGE, f"{PAGE}-{doc_id}-table", clicked)
            components.csv_button(
                rows, f"source-{doc_id}", key=f"{PAGE}-{doc_id}-csv", label="Download its figures (CSV)"
            )

st.session_state[f"{PAGE}-url-source"] = choice
components.write_url(
    {"source": choice, "figure": st.session_state.get(f"{PAGE}-figure")}, {"source": None, "figure": None}
)
