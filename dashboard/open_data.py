"""The current build's export served at stable addresses: /app/static/<table>.csv|.parquet, datapackage.json.

Streamlit serves `static/` beside app.py when `server.enableStaticServing` is on (local and Community
Cloud). The folder is replaced whole, so a reader never sees files of two builds mixed.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import streamlit as st

from dashboard import queries
from etl import config, dictionary
from etl.export import PACKAGE_FILE, export_from

URL_PREFIX = "app/static/"


def published_build(folder: Path = config.STATIC_DIR) -> str | None:
    """The build id of the export in folder, if there is a readable one."""
    try:
        return json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8")).get("build_id")
    except (OSError, ValueError):
        return None


def publish(db: Path, folder: Path = config.STATIC_DIR) -> str | None:
    """Export db into folder unless it already holds this build; a notice when the folder cannot be written."""
    with queries.connect(db) as con:
        build_id = con.execute("SELECT build_id FROM build_info").fetchone()[0]  # type: ignore[index]
        if published_build(folder) == build_id:
            return None
        fresh = folder.with_name(f".{folder.name}-{uuid.uuid4().hex}")
        try:
            export_from(con, fresh)
            _swap(fresh, folder)
        except OSError as error:
            shutil.rmtree(fresh, ignore_errors=True)
            return (
                f"The open-data files could not be written here ({error.strerror}); the Data page downloads still work."
            )
    return None


def _swap(fresh: Path, folder: Path) -> None:
    old = folder.with_name(f".{folder.name}-old-{uuid.uuid4().hex}")
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


@st.cache_resource(show_spinner=False)
def publish_once(db: queries.DbKey) -> str | None:
    """Publish each build once per process (keyed by the database file's identity)."""
    return publish(Path(db[0]))


def links() -> list[tuple[str, str]]:
    """(label, relative URL) of every published file, datapackage first."""
    files = [("Data package (datapackage.json)", PACKAGE_FILE)]
    for table in dictionary.TABLES:
        files += [(f"{table}.csv", f"{table}.csv"), (f"{table}.parquet", f"{table}.parquet")]
    return [(label, URL_PREFIX + name) for label, name in files]
