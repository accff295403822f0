"""Reading input files safely and replacing output files atomically.

Every input is read by `read_input`: only regular files (a FIFO or a directory is a problem, not a
hang or a traceback), UTF-8 with an optional BOM, and any failure becomes a `Problem`. Every writer
(the build, the Review page's append, `etl extract --out`) goes through `replacing`: it writes a
temporary file beside the target with a unique name and moves it into place with `os.replace`, so
readers see the old file or the new one, never half of one. Temporary files left by a killed
process are removed by the next writer of the same target.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from etl.config import display_path
from etl.problems import Problem


def read_bytes(path: Path, shown: str | None = None) -> bytes | Problem:
    """The bytes of a regular file (opened without blocking, so a FIFO cannot hang the build)."""
    shown = shown or display_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return Problem(shown, 1, "file", "missing")
    except OSError as error:
        return Problem(shown, 1, "file", f"cannot read: {error.strerror}")
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            return Problem(shown, 1, "file", "is a directory, not a file")
        return Problem(shown, 1, "file", "is not a regular file (a pipe or device?): not read")
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read()
        except OSError as error:
            return Problem(shown, 1, "file", f"cannot read: {error.strerror}")


def decode(data: bytes, shown: str) -> str | Problem:
    """UTF-8 text (a leading BOM dropped); a bad byte is a problem naming its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        return Problem(shown, line, "encoding", f"byte 0x{byte} is not UTF-8: save the file as UTF-8")


Digests = dict[str, tuple[str, int]]
"""sha256 and size of each input file as the build read it, by its path as shown (the `build_inputs` table)."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def code_digest(path: Path) -> tuple[str, int]:
    """sha256 and size of a code file as this process runs it: read once, however many readers hash it."""
    data = path.read_bytes()
    return sha256_bytes(data), len(data)


def read_input(path: Path, shown: str | None = None, digests: Digests | None = None) -> str | Problem:
    """The text of a UTF-8 input file, or the problem reading it; `digests` receives its sha256 and size."""
    shown = shown or display_path(path)
    data = read_bytes(path, shown)
    if isinstance(data, Problem):
        return data
    text = decode(data, shown)
    if digests is not None and not isinstance(text, Problem):
        digests[shown] = (sha256_bytes(data), len(data))
    return text


def listing(folder: Path, suffix: str) -> tuple[list[Path], list[Problem]]:
    """Entries of `folder` named `*<suffix>`, sorted; a name ending in the suffix in another case
    (`x.CSV`) is a problem rather than silently skipped."""
    try:
        names = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return [], []
    found, problems = [], []
    for name in names:
        if name.endswith(suffix):
            found.append(folder / name)
        elif name.lower().endswith(suffix):
            problems.append(
                Problem(display_path(folder / name), 1, "file", f"name must end in lower-case {suffix}: not read")
            )
    return found, problems


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:12]}.tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Temporary files of `target` whose writing process no longer runs (a killed build); removed."""
    removed = []
    for path in target.parent.glob(f".{target.name}.*.tmp*"):
        pid = path.name[len(target.name) + 2 :].split("-", 1)[0].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A fresh temporary path beside `target`; when the block ends without error it replaces `target`.

    The temporary file (and a DuckDB `.wal` beside it) is removed whatever happens.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    tmp = _temp_name(target)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)


def write_synced(path: Path, data: bytes) -> None:
    """Write `data` to `path` and flush it to disk (before a rename makes it the target)."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_atomically(target: Path, data: bytes) -> None:
    """Replace `target` by `data`."""
    with replacing(target) as tmp:
        write_synced(tmp, data)
