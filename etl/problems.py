"""Problems found while reading inputs, reported as `path:line: field: message`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from etl.config import display_path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"


class BuildError(Exception):
    """Raised when inputs have errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ShownPaths:
    """`display_path` for many files: each folder is resolved once, not each file (resolving is slow).

    A file that is itself a symlink is resolved on its own, so the result always equals
    `display_path(path)`.
    """

    def __init__(self) -> None:
        self._folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> str:
        if path.is_symlink():
            return display_path(path)
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = Path(display_path(path.parent))
        return str(folder / path.name)

    def listing(self, folder: Path, suffix: str, files_only: bool = False) -> list[tuple[Path, str]]:
        """(path, shown path) of the entries named `*<suffix>` in `folder`, as `sorted(folder.glob(...))`
        (only regular files, or symlinks to them, with `files_only`).

        One directory scan; the shown path of each entry costs no system call (unless it is a symlink).
        """
        try:
            with os.scandir(folder) as scan:
                entries = sorted(
                    (entry.name, entry.is_symlink())
                    for entry in scan
                    if entry.name.endswith(suffix) and (not files_only or entry.is_file())
                )
        except (FileNotFoundError, NotADirectoryError):
            return []
        shown_folder = Path(display_path(folder))
        found = []
        for name, symlink in entries:
            path = folder / name
            found.append((path, display_path(path) if symlink else str(shown_folder / name)))
        return found
