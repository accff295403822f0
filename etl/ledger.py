"""The verification ledger (data/verification.csv): which quote was found where in which source text, and when.

A build that has the texts checks every quote itself (`text`) and records, per figure, the text's and
the quote's sha256, where the quote sits, the text fragment that lands on it and which etl/fragments.py
made that fragment (`fragment_code`); per source, the text's sha256. A build reads a row's fragment
instead of searching for one again when the text, the quote, its offsets and the fragment code are
unchanged (and still checks that the link lands: `with_landing`). A build without the texts (a fresh
clone, the hosted app) reads the ledger: a figure whose curated quote and source checksum still match its
row is verified as `ledger`, on the row's date; any other is `none`. The ledger proves that this exact
quote was found in a text with that checksum on that date. It does not prove that the live web page still says it.

A row's date changes only when its checksums do, so rewriting the ledger is stable and diffs stay small.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from etl import config, fragments
from etl.config import display_path
from etl.files import code_digest, sha256_bytes, write_atomically
from etl.problems import Problem
from etl.sources import Source

if TYPE_CHECKING:
    from etl.process import Columns

LEDGER_NAME = "verification.csv"
"""The ledger's file name inside the data folder."""
FRAGMENTS_PY = config.ETL_DIR / "fragments.py"
"""The only code a row's fragment and whether its link lands depend on (it imports no other etl module)."""
CODE_DIGITS = 12
"""Hex digits of FRAGMENTS_PY's sha256 kept in a row's `fragment_code`."""


def fragments_sha256() -> str:
    return code_digest(FRAGMENTS_PY)[0]


class Entry(NamedTuple):
    """One ledger row: a figure's quote in a source text, or (figure_id empty) the source text itself.

    A named tuple: a build makes two per figure (read and fresh), and a frozen dataclass costs four times
    as much to create."""

    figure_id: str
    doc_id: str
    text_sha256: str
    quote_sha256: str = ""
    quote_start: int | None = None
    quote_end: int | None = None
    text_fragment: str = ""
    fragment_code: str = ""
    """The first CODE_DIGITS of the sha256 of the FRAGMENTS_PY that made `text_fragment`."""
    verified_on: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc_id, self.figure_id)

    @property
    def checksums(self) -> tuple[str, str]:
        return (self.text_sha256, self.quote_sha256)


COLUMNS = Entry._fields


def quote_sha256(quote: str) -> str:
    """Checksum of a curated quote exactly as written in its figure file."""
    return sha256_bytes(quote.encode("utf-8"))


def path_in(data_dir: Path) -> Path:
    return data_dir / LEDGER_NAME


def read(path: Path) -> tuple[dict[tuple[str, str], Entry], list[Problem]]:
    """The ledger's rows by (doc_id, figure_id); a missing file is an empty ledger, a bad row a warning."""
    if not path.is_file():
        return {}, []
    shown = display_path(path)
    entries: dict[tuple[str, str], Entry] = {}
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    if tuple(next(reader, ())) != COLUMNS:
        return {}, [Problem(shown, 1, "csv", f"expected columns {', '.join(COLUMNS)}", "warning")]
    for row in reader:
        try:
            figure_id, doc_id, text_sum, quote_sum, start, end, fragment, code, verified_on = row  # ValueError if not 9
            _date_of(verified_on)
            span = (int(start) if start else None, int(end) if end else None)
        except ValueError as error:
            problems.append(Problem(shown, reader.line_num, "row", f"unreadable ledger row: {error}", "warning"))
            continue
        entries[doc_id, figure_id] = Entry(figure_id, doc_id, text_sum, quote_sum, *span, fragment, code, verified_on)
    return entries, problems


@functools.lru_cache(maxsize=1024)
def _date_of(day: str) -> dt.date:
    """An ISO date (a ledger holds few distinct ones, each on many rows)."""
    return dt.date.fromisoformat(day)


def render(entries: Iterable[Entry]) -> str:
    """The ledger as CSV text: sorted by source, each source's own row first, then its figures."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    ordered: list[Entry] = sorted(entries, key=lambda e: e.key)
    writer.writerows(ordered)  # csv writes None as an empty cell
    return buffer.getvalue()


def write(path: Path, entries: Iterable[Entry]) -> bool:
    """Write the ledger atomically when its content changes; True when it did."""
    text = render(entries)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomically(path, text.encode("utf-8"))
    return True


def from_texts(
    sources: Sequence[Source],
    figures: Columns,
    recorded: dict[tuple[str, str], Entry] | None = None,
    on: str = "",
    reuse: bool = False,
) -> list[Entry]:
    """Rows for every source whose text this build holds and every figure of those sources.

    `figures` has the figures table's columns figure_id, doc_id, quote, quote_start, quote_end. A row
    keeps its `recorded` date when its checksums did not change, else it is dated `on`. With `reuse`, a
    recorded row with the same checksums, quote offsets and fragment code (the code running now made its
    fragment) gives its text fragment.
    """
    recorded = recorded or {}
    code = fragments_sha256()[:CODE_DIGITS]
    with_text = {s.doc_id: s for s in sources if s.text is not None}
    entries = [
        Entry("", doc_id, sha, verified_on=_date(recorded.get((doc_id, "")), (sha, ""), on))
        for doc_id, sha in ((doc_id, source.manifest.sha256) for doc_id, source in with_text.items())
    ]
    columns = (figures[name] for name in ("figure_id", "doc_id", "quote", "quote_start", "quote_end"))
    for figure_id, doc_id, quote, start, end in zip(*columns, strict=True):
        source = with_text.get(doc_id)
        if source is None or start is None:
            continue
        checksums = (source.manifest.sha256, quote_sha256(quote))
        old = recorded.get((doc_id, figure_id))
        if (
            reuse
            and old is not None
            and old.verified_on
            and old[2:6] == (*checksums, start, end)
            and old.fragment_code == code
        ):
            entries.append(old)  # same text, quote, offsets and code: the recorded row, its fragment and date
            continue
        fragment = str(fragments.fragment_for(source.page, (start, end)) or "")
        entries.append(Entry(figure_id, doc_id, *checksums, start, end, fragment, code, _date(old, checksums, on)))
    return entries


def _date(old: Entry | None, checksums: tuple[str, str], on: str) -> str:
    """A row's date: the recorded one while its checksums are unchanged, else `on`."""
    return old.verified_on if old is not None and old.checksums == checksums and old.verified_on else on


def differences(recorded: dict[tuple[str, str], Entry], fresh: Iterable[Entry]) -> list[str]:
    """What differs between the ledger and what the texts give, one line per figure or source."""
    lines = []
    wanted = {entry.key: entry for entry in fresh}
    for key in sorted(set(recorded) | set(wanted)):
        old, new = recorded.get(key), wanted.get(key)
        name = f"figure {key[1]}" if key[1] else f"source {key[0]}"
        if old is None:
            lines.append(f"{name}: not in the ledger")
        elif new is None:
            lines.append(f"{name}: in the ledger but no longer curated")
        else:
            changed = [name for name in COLUMNS if name != "verified_on" and getattr(old, name) != getattr(new, name)]
            if changed:
                lines.append(f"{name}: {', '.join(changed)} differ(s) from the text")
    return lines


@dataclass
class Verification:
    """What a build knows about its quotes: the ledger to keep, and whether to write it."""

    path: Path
    entries: list[Entry]
    checked_docs: set[str]
    """Sources whose text this build holds (their rows are fresh)."""
    problems: list[Problem]
    recorded: dict[tuple[str, str], Entry] = field(default_factory=dict)
    """The rows the ledger held before."""

    def save(self, force: bool = False) -> bool:
        """Write the ledger when this build checked any text (unless $AII_LEDGER is `keep` and not
        `force`); True when the file changed. A build leaves a readable ledger that holds exactly these
        rows as it is, without rendering it again; `force` (`etl verify`) writes it in its canonical form."""
        if not force and (config.settings().keep_ledger or self._unchanged()):
            return False
        return bool(self.checked_docs) and write(self.path, self.entries)

    def _unchanged(self) -> bool:
        return not self.problems and self.recorded == {entry.key: entry for entry in self.entries}


def verify(
    sources: Sequence[Source], figures: Columns, data_dir: Path, on: str | None = None, reuse: bool = False
) -> Verification:
    """The ledger after this build: fresh rows for the sources with text (dated `on`, default today,
    unless unchanged), recorded rows for the others. With `reuse` (a build; `etl verify` recomputes
    every fragment), a recorded fragment whose text, quote, offsets and code are unchanged is kept."""
    path = path_in(data_dir)
    recorded, problems = read(path)
    fresh = from_texts(sources, figures, recorded, on or dt.datetime.now(dt.UTC).date().isoformat(), reuse)
    checked = {s.doc_id for s in sources if s.text is not None}
    keys = set(zip(figures["doc_id"], figures["figure_id"], strict=True)) | {(s.doc_id, "") for s in sources}
    kept = [entry for key, entry in recorded.items() if entry.doc_id not in checked and key in keys]
    return Verification(path, fresh + kept, checked, problems, recorded)


def annotate(figures: Columns, sources: Sequence[Source], entries: Iterable[Entry]) -> Columns:
    """The figures table with `verification`, `verified_on`, `link`, and `verified`, `quote_start`,
    `quote_end` as the texts or the ledger establish them."""
    by_key = {entry.key: entry for entry in entries}
    manifests = {s.doc_id: s.manifest for s in sources}
    columns = (figures[name] for name in ("figure_id", "doc_id", "quote", "quote_start", "quote_end", "verified"))
    how, on, links, starts, ends = [], [], [], [], []
    for figure_id, doc_id, quote, start, end, checked in zip(*columns, strict=True):
        entry = by_key.get((doc_id, figure_id))
        manifest = manifests[doc_id]
        if checked:
            verification = "text"
        elif entry is not None and entry.checksums == (manifest.sha256, quote_sha256(quote)):
            verification, start, end = "ledger", entry.quote_start, entry.quote_end
        else:
            verification, entry = "none", None
        fragment = entry.text_fragment if entry is not None else str(fragments.quote_fragment(quote) or "")
        how.append(verification)
        on.append(_date_of(entry.verified_on) if entry is not None else None)
        links.append(fragments.link(str(manifest.url), fragment) if fragment else str(manifest.url))
        starts.append(start)
        ends.append(end)
    verified = [v != "none" for v in how]
    return figures | {
        "quote_start": starts, "quote_end": ends, "verified": verified, "verification": how, "verified_on": on,
        "link": links,
    }  # fmt: skip


def with_landing(
    figures: Columns, sources: Sequence[Source], known: dict[tuple[str, str, int, int], bool] | None = None
) -> Columns:
    """The figures table with `link_lands`: whether the link's text fragment, found the way a browser finds
    it (simulated, `etl.fragments`), lands inside the quote in the text this build holds; NULL without it.
    `known` gives the answer by (text sha256, link, quote_start, quote_end) where the simulation ran before."""
    with_text = {s.doc_id: s for s in sources if s.text is not None}
    landed: list[bool | None] = []
    columns = (figures[name] for name in ("doc_id", "link", "quote_start", "quote_end"))
    for doc_id, url, start, end in zip(*columns, strict=True):
        source = with_text.get(doc_id)
        if source is None or start is None:
            landed.append(None)
            continue
        found = (known or {}).get((source.manifest.sha256, url, start, end))
        if found is None:
            found = fragments.link_lands(source.page, url, (start, end))
        landed.append(found)
    return figures | {"link_lands": landed}


def sources_verified(sources: Columns, figures: Columns, entries: Iterable[Entry]) -> Columns:
    """The sources table with `verified` true when its text (or its ledger row) matches its checksum
    and every one of its figures is verified."""
    recorded = {entry.doc_id: entry.text_sha256 for entry in entries if not entry.figure_id}
    unverified = {doc for doc, ok in zip(figures["doc_id"], figures["verified"], strict=True) if not ok}
    verified = [
        bool(available or recorded.get(doc) == sha) and doc not in unverified
        for doc, sha, available in zip(sources["doc_id"], sources["sha256"], sources["text_available"], strict=True)
    ]
    return sources | {"verified": verified}


def uncovered(warnings: list[Problem], sources: Columns) -> list[Problem]:
    """Warnings without the missing-text ones of sources the ledger verifies (nothing is lost there)."""
    covered = {doc for doc, ok in zip(sources["doc_id"], sources["verified"], strict=True) if ok}
    return [w for w in warnings if not (w.field == "text_file" and Path(w.path).stem in covered)]


def stale(sources: Sequence[Source], figures: Columns, data_dir: Path) -> list[str]:
    """`path: what differs` for each ledger row of a source whose text is here that the text does not give."""
    found = verify(sources, figures, data_dir)
    recorded, problems = read(found.path)
    shown = display_path(found.path)
    checked = {key: entry for key, entry in recorded.items() if key[0] in found.checked_docs}
    fresh = [entry for entry in found.entries if entry.doc_id in found.checked_docs]
    return [str(p) for p in problems] + [f"{shown}: {line}" for line in differences(checked, fresh)]
