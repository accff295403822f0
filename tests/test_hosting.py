"""Hosted or local: whether the Review page may write (dashboard/hosting.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard import hosting
from etl import config


def test_mode_follows_the_setting_and_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "figures").mkdir()
    monkeypatch.delenv(config.HOSTED_ENV, raising=False)
    assert hosting.mode(tmp_path, root=tmp_path).writable
    assert not hosting.mode(tmp_path, root=Path("/mount/src/ai-industry-indicators")).writable
    monkeypatch.setenv(config.HOSTED_ENV, "1")
    assert not hosting.mode(tmp_path, root=tmp_path).writable
    monkeypatch.setenv(config.HOSTED_ENV, "0")
    assert hosting.mode(tmp_path, root=Path("/mount/src/x")).writable
    assert not hosting.mode(tmp_path / "missing", root=tmp_path).writable


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_means_hosted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.HOSTED_ENV, "0")
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures").chmod(0o555)
    try:
        assert not hosting.mode(tmp_path, root=tmp_path).writable
    finally:
        (tmp_path / "figures").chmod(0o755)


@pytest.mark.parametrize("value", ["y", "hosted", "2", "TRUE ", "maybe"])
def test_unknown_hosted_values_mean_read_only_and_say_so(tmp_path: Path, monkeypatch, value: str) -> None:
    (tmp_path / "figures").mkdir()
    monkeypatch.setenv(config.HOSTED_ENV, value)
    found = hosting.mode(tmp_path, root=tmp_path)
    assert not found.writable
    if value.strip().lower() != "true":
        assert f"{config.HOSTED_ENV}={value.strip()!r}" in found.reason and "read-only" in found.reason
