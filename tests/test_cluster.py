"""Several app processes behind nginx (deploy/cluster.py): the generated configuration, and 20 sessions through it.

Needs Debian's nginx (`apt-get install nginx`; .ci/run installs it); skips with a reason without it.
Only loopback addresses are used. Select these tests with `-m proxy`.
"""

from __future__ import annotations

import asyncio
import collections
import re
import subprocess
from pathlib import Path

import pytest

from bench import ws_clients
from dashboard import startup
from deploy import cluster

NGINX = cluster.nginx_binary()
pytestmark = [
    pytest.mark.proxy,
    pytest.mark.skipif(NGINX is None, reason="nginx not found: apt-get install nginx"),
]


def test_generated_configuration_is_accepted_by_nginx_and_routes_by_session(tmp_path: Path) -> None:
    text = cluster.render_config(tmp_path, "127.0.0.1:8080", [9001, 9002])
    (tmp_path / "nginx.conf").write_text(text, encoding="utf-8")
    check = subprocess.run(
        [str(NGINX), "-t", "-p", str(tmp_path), "-e", "stderr", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    assert re.findall(r"server 127\.0\.0\.1:(\d+)", text) == ["9001", "9002"]
    assert "hash $route consistent;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "listen 127.0.0.1:8080;" in text


def test_template_names_no_machine_path() -> None:
    template = cluster.TEMPLATE.read_text(encoding="utf-8")
    assert not re.search(r"(?<![\w$])/(var|etc|tmp|home|root|usr|work)/", template)


def test_twenty_sessions_through_the_proxy_reach_both_processes_without_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "indicators.duckdb"
    assert startup.ensure_database(db, explicit=True).usable
    monkeypatch.setenv("AII_DB", str(db))
    with cluster.running(processes=2, run_dir=tmp_path / "proxy", log=tmp_path / "apps.log") as running:
        report = asyncio.run(ws_clients.run(running.url, "explore", sessions=20, timeout=120))
        log = (running.run_dir / "access.log").read_text(encoding="utf-8")
    assert report.errors == []
    assert (len(report.open_times), len(report.filter_times), len(report.click_times)) == (20, 20, 20)
    websockets = collections.Counter(re.findall(r'"GET /_stcore/stream HTTP/1.1" 101 .* upstream=(\S+)', log))
    assert sum(websockets.values()) == 20
    assert len(websockets) == 2, f"every session went to one process: {websockets}"
