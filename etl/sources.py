"""Source registry: one TOML manifest per article in seeds/ (read with `tomllib`, checked by
`etl.models.Manifest`), and the article texts in the corpus folder, checked against their sha256."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from etl import fragments
from etl.config import display_path
from etl.files import Digests, listing, read_bytes, read_input, sha256_bytes
from etl.models import Manifest, error_problems
from etl.problems import Problem

__all__ = ["Manifest", "Source", "load_manifest", "load_sources", "read_toml"]


@dataclass(frozen=True)
class Source:
    """A manifest, and its article text when the corpus holds it (checksum verified)."""

    manifest: Manifest
    path: Path
    text: str | None
    """The article text, or None when it is not in the corpus or was not kept (`without_text`)."""
    text_available: bool

    @property
    def doc_id(self) -> str:
        return self.manifest.id

    @functools.cached_property
    def page(self) -> fragments.Page:
        """The text as a browser's find sees it, made once for every text fragment made or checked on it."""
        return fragments.Page(self.text or "")

    def without_text(self) -> Source:
        """The same source holding no text (to spare memory once its quotes are checked)."""
        return replace(self, text=None)


def line_of_key(toml_text: str, key: str) -> int:
    found = re.search(rf"^\s*{re.escape(key)}\s*=", toml_text, re.MULTILINE)
    if found is None:
        found = re.search(rf"^\s*\[{re.escape(key)}\]", toml_text, re.MULTILINE)
    return toml_text.count("\n", 0, found.start()) + 1 if found else 1


def _where(path: Path, key: str) -> tuple[str, int, str]:
    """(shown path, line, key) of `key` in the manifest at `path` (read again only to report a problem)."""
    return display_path(path), line_of_key(path.read_text(encoding="utf-8-sig"), key), key


def read_toml(path: Path, shown: str, digests: Digests | None = None) -> tuple[str, dict[str, object]] | list[Problem]:
    """A TOML input's text (with `\n` line endings) and document, or the problem reading it (the line tomllib
    stopped at); `digests` receives the file's sha256 and size."""
    raw = read_input(path, shown, digests)
    if isinstance(raw, Problem):
        return [raw]
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return raw, tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return [Problem(shown, int(line.group(1)) if line else 1, "toml", str(error))]


def load_manifest(path: Path, digests: Digests | None = None) -> tuple[Manifest | None, list[Problem]]:
    """The manifest in `path`, or None and its problems; `digests` receives the file's sha256 and size."""
    shown = display_path(path)
    read = read_toml(path, shown, digests)
    if isinstance(read, list):
        return None, read
    raw, document = read
    try:
        manifest = Manifest.model_validate(document)
    except ValidationError as error:
        return None, error_problems(error, shown, lambda at: line_of_key(raw, str(at[-1]) if at else ""), {})
    if manifest.id != path.stem:
        message = f"{manifest.id!r} must equal the file name {path.stem!r}"
        return None, [Problem(shown, line_of_key(raw, "id"), "id", message)]
    return manifest, []


def _text(manifest: Manifest, path: Path, corpus: Path) -> tuple[str | None, list[Problem]]:
    """The article text of a manifest when the corpus has it; a missing text is a warning."""
    text_path = corpus / manifest.text_file
    data = read_bytes(text_path)
    if isinstance(data, Problem) and data.message == "missing":
        message = f"{manifest.text_file} not found in corpus {corpus}; quotes not verified"
        return None, [Problem(*_where(path, "text_file"), message, severity="warning")]
    if isinstance(data, Problem):
        return None, [data]
    digest = sha256_bytes(data)
    if digest != manifest.sha256:
        message = f"text {display_path(text_path)} has sha256 {digest}, manifest says {manifest.sha256}"
        return None, [Problem(*_where(path, "sha256"), message)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return None, [Problem(display_path(text_path), 1, "text", f"not UTF-8: {error}")]


def load_sources(
    seeds_dir: Path, corpus: Path, digests: Digests | None = None
) -> tuple[list[Source], list[Problem], set[str]]:
    """Every manifest and, when present, its text checked against its checksum.

    Returns the sources, the problems, and the ids of manifests that exist but have errors (their
    figure files are then skipped: the manifest's error says enough). `digests` receives the sha256
    and size of each manifest file.
    """
    paths, problems = listing(seeds_dir, ".toml")
    sources: list[Source] = []
    broken: set[str] = set()
    for path in paths:
        manifest, found = load_manifest(path, digests)
        problems += found
        if manifest is None:
            broken.add(path.stem)
            continue
        text, found = _text(manifest, path, corpus)
        problems += found
        if any(problem.severity == "error" for problem in found):
            broken.add(path.stem)
            continue
        sources.append(Source(manifest, path, text, text is not None))
    return sources, problems, broken
