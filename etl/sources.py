"""Source registry: one TOML manifest per article in seeds/, and the article texts in the corpus."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from etl.config import display_path
from etl.problems import Problem, ShownPaths
from etl.vocabulary import ID_PATTERN

__all__ = [
    "ID_PATTERN",
    "Manifest",
    "Published",
    "Source",
    "load_listed",
    "load_manifest",
    "load_sources",
    "sha256_bytes",
]


@dataclass(frozen=True)
class Published:
    """When the article was published; `date` may be unknown, then keep what is known."""

    date: dt.date | None = None
    earliest: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class Manifest:
    """A validated manifest (the rules and their error messages: `etl.models.Manifest`)."""

    id: str
    title: str
    publisher: str
    author: str
    url: str
    language: str
    text_file: str
    sha256: str
    published: Published


@dataclass(frozen=True)
class Source:
    manifest: Manifest
    path: Path
    text: str | None
    """The article text, or None when it is not in the corpus (or was not kept: see `available`)."""
    available: bool | None = None
    """Whether the corpus has the text (checksum verified); None means `text is not None`."""

    @property
    def doc_id(self) -> str:
        return self.manifest.id

    @property
    def text_available(self) -> bool:
        return self.text is not None if self.available is None else self.available

    def without_text(self) -> Source:
        """The same source holding no text (to spare memory once its quotes are checked)."""
        return replace(self, text=None, available=self.text_available)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _line_of_key(toml_text: str, key: str) -> int:
    found = re.search(rf"^\s*{re.escape(key)}\s*=", toml_text, re.MULTILINE)
    if found is None:
        found = re.search(rf"^\s*\[{re.escape(key)}\]", toml_text, re.MULTILINE)
    return toml_text.count("\n", 0, found.start()) + 1 if found else 1


# The plain-Python check accepts a manifest only when etl.models.Manifest would accept it unchanged.
_ID = re.compile(ID_PATTERN[1:-1])
_LANGUAGE = re.compile(r"[a-z]{2}(-[A-Z]{2})?")
_TEXT_FILE = re.compile(r"[^/\\]+")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LABEL = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_SAFE_URL = re.compile(
    rf"https?://(?:{_LABEL}\.)*[a-z][a-z0-9]*(?:-[a-z0-9]+)*/[A-Za-z0-9._~/=&+,:;@!$*()-]*(?:\?[A-Za-z0-9._~/?=&+,:;@!$*()-]*)?"
)
"""URLs that pydantic's HttpUrl keeps exactly as written: lowercase host ending in a name, no port,
a path, no percent-escapes, quotes, spaces, fragment or dot segments (tests/test_sources.py checks)."""
_MANIFEST_KEYS = frozenset(
    {"id", "title", "publisher", "author", "url", "language", "text_file", "sha256", "published"}
)
_STRING_KEYS = ("id", "title", "publisher", "url", "language", "text_file", "sha256")


_TOML_LINE = re.compile(
    r"[ \t]*(?:\[(?P<table>[A-Za-z0-9_-]+)\]|(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*"
    r'(?:"(?P<string>[^"\\\x00-\x08\x0a-\x1f\x7f]*)"|(?P<date>\d{4}-\d{2}-\d{2})))?'
    r"[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?"
)
"""One line of the simple TOML manifests are written in: a [table], key = "string" or key = date, a comment."""


def _simple_toml(raw: str) -> dict[str, object] | None:
    """What tomllib.loads gives for a manifest in the simple form, or None for anything else.

    tomllib is written in Python and is the slowest part of reading 50,000 manifests; this reader
    accepts only lines whose meaning is certain and leaves the rest (and every error) to tomllib.
    """
    if "\r" in raw:
        return None
    document: dict[str, object] = {}
    current = document
    for line in raw.split("\n"):
        match = _TOML_LINE.fullmatch(line)
        if match is None:
            return None
        table, key = match["table"], match["key"]
        if table is not None:
            if table in document:
                return None
            current = document[table] = {}
        elif key is not None:
            if key in current:
                return None
            if match["string"] is not None:
                current[key] = match["string"]
            else:
                try:
                    current[key] = dt.date.fromisoformat(match["date"])
                except ValueError:
                    return None
    return document


def _is_date(value: object) -> bool:
    return value is None or type(value) is dt.date


def _safe_url(url: str) -> bool:
    return (
        len(url) <= 2083
        and _SAFE_URL.fullmatch(url) is not None
        and "/./" not in url
        and "/../" not in url
        and not url.endswith(("/.", "/.."))
        and "xn--" not in url
    )


def _quick_manifest(document: dict[str, object]) -> Manifest | None:
    """The manifest when it is plainly valid, else None (then pydantic decides and words the errors)."""
    if not _MANIFEST_KEYS - {"author"} <= document.keys() <= _MANIFEST_KEYS:
        return None
    author = document.get("author", "")
    published = document.get("published")
    if type(author) is not str or not all(type(document.get(key)) is str for key in _STRING_KEYS):
        return None
    if type(published) is not dict or not published.keys() <= {"date", "earliest", "note"}:
        return None
    date, earliest, note = published.get("date"), published.get("earliest"), published.get("note", "")
    if not (_is_date(date) and _is_date(earliest) and type(note) is str):
        return None
    if (date is None and earliest is None and not note) or (date and earliest and date < earliest):
        return None
    fields = {key: document[key] for key in _STRING_KEYS}
    if not (
        _ID.fullmatch(fields["id"])
        and fields["title"]
        and fields["publisher"]
        and _safe_url(fields["url"])
        and _LANGUAGE.fullmatch(fields["language"])
        and _TEXT_FILE.fullmatch(fields["text_file"])
        and _SHA256.fullmatch(fields["sha256"])
    ):
        return None
    return Manifest(**fields, author=author, published=Published(date, earliest, note))


def _validate_manifest(document: dict[str, object], raw: str, shown: str) -> tuple[Manifest | None, list[Problem]]:
    quick = _quick_manifest(document)
    if quick is not None:
        return quick, []
    from pydantic import ValidationError

    from etl import models

    try:
        checked = models.Manifest.model_validate(document)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            location = [str(part) for part in item["loc"]]
            key = location[-1] if location else "manifest"
            problems.append(Problem(shown, _line_of_key(raw, key), ".".join(location) or "manifest", item["msg"]))
        return None, problems
    published = Published(checked.published.date, checked.published.earliest, checked.published.note)
    fields = checked.model_dump(exclude={"published", "url"})
    return Manifest(**fields, url=str(checked.url), published=published), []


def load_manifest(
    path: Path, shown: str | None = None, digests: dict[Path, tuple[str, int]] | None = None
) -> tuple[Manifest | None, list[Problem]]:
    """The manifest in `path`, or None and its problems; `digests` receives the file's sha256 and size."""
    shown = shown or display_path(path)
    data = path.read_bytes()
    if digests is not None:
        digests[path] = (sha256_bytes(data), len(data))
    raw = data.decode("utf-8")
    if "\r" in raw:  # as read_text's universal newlines
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    document = _simple_toml(raw)
    if document is None:
        try:
            document = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as error:
            line = re.search(r"line (\d+)", str(error))
            return None, [Problem(shown, int(line.group(1)) if line else 1, "toml", str(error))]
    manifest, problems = _validate_manifest(document, raw, shown)
    if manifest is None:
        return None, problems
    if manifest.id != path.stem:
        return None, [
            Problem(
                shown,
                _line_of_key(raw, "id"),
                "id",
                f"{manifest.id!r} must equal the file name {path.stem!r}",
            )
        ]
    return manifest, []


def load_sources(
    seeds_dir: Path, corpus: Path, digests: dict[Path, tuple[str, int]] | None = None
) -> tuple[list[Source], list[Problem]]:
    """Read every manifest and, when present, its text; check the text against its checksum.

    `digests` receives the sha256 and size of each manifest file.
    """
    return load_listed(ShownPaths().listing(seeds_dir, ".toml"), corpus, digests)


def load_listed(
    manifests: list[tuple[Path, str]], corpus: Path, digests: dict[Path, tuple[str, int]] | None = None
) -> tuple[list[Source], list[Problem]]:
    """`load_sources` for the given (manifest path, shown path) pairs, in their order."""
    sources: list[Source] = []
    problems: list[Problem] = []
    for path, shown in manifests:
        manifest, found = load_manifest(path, shown, digests)
        problems.extend(found)
        if manifest is None:
            continue
        text_path = corpus / manifest.text_file
        text = None
        try:
            data = text_path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            data = None
        if data is not None:
            digest = sha256_bytes(data)
            if digest != manifest.sha256:
                line = _line_of_key(path.read_text(encoding="utf-8"), "sha256")
                problems.append(
                    Problem(
                        shown, line, "sha256",
                        f"text {display_path(text_path)} has sha256 {digest}, manifest says {manifest.sha256}",
                    )
                )  # fmt: skip
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                problems.append(Problem(display_path(text_path), 1, "text", f"not UTF-8: {error}"))
                continue
        else:
            problems.append(
                Problem(
                    shown, _line_of_key(path.read_text(encoding="utf-8"), "text_file"),
                    "text_file", f"{manifest.text_file} not found in corpus {corpus}; quotes not verified",
                    severity="warning",
                )
            )  # fmt: skip
        sources.append(Source(manifest, path, text))
    return sources, problems
