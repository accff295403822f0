"""Source registry: one TOML manifest per article in seeds/, and the article texts in the corpus."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, model_validator

from etl.config import display_path
from etl.problems import Problem

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Published(BaseModel):
    """When the article was published; `date` may be unknown, then keep what is known."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date | None = None
    earliest: dt.date | None = None
    note: str = ""

    @model_validator(mode="after")
    def _known_something(self) -> Published:
        if self.date is None and self.earliest is None and not self.note:
            raise ValueError("give date, or earliest and a note saying what is known")
        if self.date and self.earliest and self.date < self.earliest:
            raise ValueError(f"date {self.date} is before earliest {self.earliest}")
        return self


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    author: str = ""
    url: HttpUrl
    language: str = Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    text_file: str = Field(pattern=r"^[^/\\]+$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    published: Published


@dataclass(frozen=True)
class Source:
    manifest: Manifest
    path: Path
    text: str | None
    """The article text, or None when it is not in the corpus."""

    @property
    def doc_id(self) -> str:
        return self.manifest.id


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _line_of_key(toml_text: str, key: str) -> int:
    found = re.search(rf"^\s*{re.escape(key)}\s*=", toml_text, re.MULTILINE)
    if found is None:
        found = re.search(rf"^\s*\[{re.escape(key)}\]", toml_text, re.MULTILINE)
    return toml_text.count("\n", 0, found.start()) + 1 if found else 1


def load_manifest(path: Path) -> tuple[Manifest | None, list[Problem]]:
    shown = display_path(path)
    raw = path.read_text(encoding="utf-8")
    try:
        document = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return None, [Problem(shown, int(line.group(1)) if line else 1, "toml", str(error))]
    try:
        manifest = Manifest.model_validate(document)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            location = [str(part) for part in item["loc"]]
            key = location[-1] if location else "manifest"
            problems.append(Problem(shown, _line_of_key(raw, key), ".".join(location) or "manifest", item["msg"]))
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


def load_sources(seeds_dir: Path, corpus: Path) -> tuple[list[Source], list[Problem]]:
    """Read every manifest and, when present, its text; check the text against its checksum."""
    sources: list[Source] = []
    problems: list[Problem] = []
    for path in sorted(seeds_dir.glob("*.toml")):
        manifest, found = load_manifest(path)
        problems.extend(found)
        if manifest is None:
            continue
        text_path = corpus / manifest.text_file
        text = None
        if text_path.is_file():
            data = text_path.read_bytes()
            digest = sha256_bytes(data)
            line = _line_of_key(path.read_text(encoding="utf-8"), "sha256")
            if digest != manifest.sha256:
                problems.append(
                    Problem(
                        display_path(path), line, "sha256",
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
                    display_path(path), _line_of_key(path.read_text(encoding="utf-8"), "text_file"),
                    "text_file", f"{manifest.text_file} not found in corpus {corpus}; quotes not verified",
                    severity="warning",
                )
            )  # fmt: skip
        sources.append(Source(manifest, path, text))
    return sources, problems
