"""Whether this app may write the curated data (local) or is the hosted, read-only app.

`AII_HOSTED` (read by `etl.config.Settings`) decides when set: 0/false/no/off is local, 1/true/yes/on
is hosted, and any other value is taken as hosted and says so. Unset, the app is read-only when
data/figures is not writable or it runs from Streamlit Community Cloud's checkout (/mount/src/...),
and writable otherwise. On Community Cloud a root-level secret `AII_HOSTED = "1"` becomes that
environment variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from etl import config

CLOUD_CHECKOUT = "/mount/src/"
"""Where Streamlit Community Cloud checks out the repository."""


@dataclass(frozen=True)
class Mode:
    writable: bool
    reason: str


def _can_write(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK) and all(os.access(p, os.W_OK) for p in folder.glob("*.csv"))


def mode(data_dir: Path | None = None, root: Path = config.ROOT) -> Mode:
    """Whether the Review page may append to data/figures, and why."""
    settings = config.settings()
    figures = (data_dir or settings.data) / "figures"
    if settings.hosted:
        return Mode(False, settings.hosted_note)
    if not _can_write(figures):
        return Mode(False, f"{config.display_path(figures)} is not writable here")
    if settings.hosted is False:
        return Mode(True, settings.hosted_note)
    if str(root).startswith(CLOUD_CHECKOUT):
        return Mode(False, "running on Streamlit Community Cloud")
    return Mode(True, f"{config.display_path(figures)} is writable")
