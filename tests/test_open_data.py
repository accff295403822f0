"""The app's stable open-data addresses: the current build exported into static/, replaced whole, once per build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import open_data
from etl.export import PACKAGE_FILE
from tests.dashboard_fixture import build_fixture_db


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_db(tmp_path_factory.mktemp("open-data"))


def test_publish_writes_the_current_build_and_its_package(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "static"
    assert open_data.publish(database, folder) is None
    package = json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
    assert open_data.published_build(folder) == package["build_id"]
    assert (folder / "figures.csv").read_bytes().startswith(b"\xef\xbb\xbffigure_id,")
    assert {p.name for p in folder.iterdir()} >= {"figures.parquet", "sources.csv", PACKAGE_FILE}


def test_publish_leaves_a_current_export_alone(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "static"
    open_data.publish(database, folder)
    marker = folder / "figures.csv"
    before = marker.stat().st_mtime_ns
    assert open_data.publish(database, folder) is None
    assert marker.stat().st_mtime_ns == before


def test_publish_replaces_an_older_export_whole(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / PACKAGE_FILE).write_text('{"build_id": "older"}', encoding="utf-8")
    (folder / "stale.csv").write_text("x", encoding="utf-8")
    open_data.publish(database, folder)
    assert not (folder / "stale.csv").exists()
    assert open_data.published_build(folder) != "older"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".static-")]


def test_an_unwritable_place_gives_a_notice_not_an_error(database: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    notice = open_data.publish(database, blocked / "static")
    assert notice and "could not be written" in notice


def test_links_name_every_table_in_both_formats_under_app_static() -> None:
    urls = [url for _, url in open_data.links()]
    assert urls[0] == "app/static/datapackage.json"
    assert "app/static/figures.csv" in urls and "app/static/figures.parquet" in urls
