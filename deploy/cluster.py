"""Several app processes behind nginx with sticky sessions, on one machine.

    python -m deploy --processes 2 --port 8501            # until Ctrl-C / SIGTERM

Streamlit runs every session of a process in threads under one interpreter lock, so one process uses
about one core; N processes behind a proxy use N. The database is built (if needed) once, before the
app processes start, so they do not race to build it. App processes listen on 127.0.0.1 on ports chosen
free at start; nginx (Debian's package) listens on `--address:--port` with the configuration rendered
from `deploy/nginx.conf` into a run folder (a temporary one unless `--run-dir` names one).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

from etl import config

TEMPLATE = Path(__file__).with_name("nginx.conf")
LOOPBACK = "127.0.0.1"
LOCAL = {"0.0.0.0": LOOPBACK, "::": "[::1]"}
"""How this machine reaches a proxy that listens on every address."""
NGINX_PATHS = ("/usr/sbin/nginx",)
"""Where Debian puts nginx (often not on a normal user's PATH)."""


class _NginxTemplate(Template):
    """`@name` placeholders: nginx itself uses `$` for its variables."""

    delimiter = "@"


def nginx_binary() -> Path | None:
    """nginx on PATH or where Debian installs it (`apt-get install nginx`); None when absent."""
    found = shutil.which("nginx")
    if found:
        return Path(found)
    return next((Path(p) for p in NGINX_PATHS if Path(p).is_file()), None)


def free_port(address: str = LOOPBACK) -> int:
    """A port nothing listens on now (the system picks it)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family) as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def render_config(run_dir: Path, listen: str, app_ports: Sequence[int]) -> str:
    """nginx.conf for app processes on 127.0.0.1:<port>, listening on `listen` (host:port)."""
    servers = "\n".join(f"        server {LOOPBACK}:{port} max_fails=0;" for port in app_ports)
    return _NginxTemplate(TEMPLATE.read_text(encoding="utf-8")).substitute(
        run=str(run_dir), listen=listen, servers=servers
    )


def app_command(port: int, app: str = "app.py") -> list[str]:
    """`streamlit run` of the app on 127.0.0.1:<port>, as each process behind the proxy runs it: with the visitor's
    toolbar (`.streamlit/config.toml` leaves it to Streamlit, which gives localhost the developer's, Deploy and all)."""
    return [
        sys.executable, "-m", "streamlit", "run", app, "--server.port", str(port), "--server.address", LOOPBACK,
        "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip


def wait_healthy(url: str, processes: Sequence[subprocess.Popen], seconds: float = 120) -> None:
    """Wait until `url/_stcore/health` answers 200; fails early if one of `processes` exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing healthy at {url} within {seconds} s")


@dataclass
class Cluster:
    url: str
    """The proxy's address, e.g. http://127.0.0.1:8501."""
    apps: list[subprocess.Popen]
    app_urls: list[str]
    """Each app process's own address (127.0.0.1, behind the proxy)."""
    nginx: subprocess.Popen
    run_dir: Path
    """nginx.conf, access.log (with the app process each request went to), error.log."""

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [*self.apps, self.nginx]


def stop(processes: Sequence[subprocess.Popen]) -> None:
    """Terminate the processes still running, then kill any that has not exited after 15 s."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _prepare_run_dir(run_dir: Path, listen: str, app_ports: Sequence[int], nginx: Path) -> Path:
    """Write nginx.conf into run_dir and check it with `nginx -t`."""
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o755)  # nginx's workers drop root privileges and must reach their temp folders here
    conf = run_dir / "nginx.conf"
    conf.write_text(render_config(run_dir, listen, app_ports), encoding="utf-8")
    check = subprocess.run(
        [str(nginx), "-t", "-q", "-p", str(run_dir), "-e", "stderr", "-c", str(conf)], capture_output=True, text=True
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx rejected {conf}:\n{check.stderr}")
    return conf


@contextlib.contextmanager
def running(
    processes: int = 2,
    port: int | None = None,
    address: str = LOOPBACK,
    env: dict[str, str] | None = None,
    run_dir: Path | None = None,
    app: str = "app.py",
    log: Path | None = None,
) -> Iterator[Cluster]:
    """`processes` app processes and nginx in front of them; all stopped on exit.

    `port` None picks a free one. `env` is the app processes' environment (default: this one's).
    The caller builds the database first (see `main`). App output goes to `log` (default: discarded).
    """
    nginx = nginx_binary()
    if nginx is None:
        raise FileNotFoundError("nginx not found: apt-get install nginx")
    env = dict(os.environ if env is None else env)
    port = port or free_port(address)
    app_ports = [free_port() for _ in range(processes)]
    started: list[subprocess.Popen] = []
    with contextlib.ExitStack() as stack:
        folder = run_dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="aii-proxy-")))
        host = f"[{address}]" if ":" in address else address
        conf = _prepare_run_dir(folder, f"{host}:{port}", app_ports, nginx)
        output = stack.enter_context(log.open("a")) if log else subprocess.DEVNULL
        try:
            for app_port in app_ports:
                started.append(
                    subprocess.Popen(
                        app_command(app_port, app), cwd=config.ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
                    )
                )
            for app_port, process in zip(app_ports, started, strict=True):
                wait_healthy(f"http://{LOOPBACK}:{app_port}", [process])
            proxy = subprocess.Popen([str(nginx), "-p", str(folder), "-e", "stderr", "-c", str(conf)], stderr=output)
            started.append(proxy)
            url = f"http://{LOCAL.get(address, host)}:{port}"
            wait_healthy(url, started, seconds=30)
            app_urls = [f"http://{LOOPBACK}:{app_port}" for app_port in app_ports]
            yield Cluster(url, started[:-1], app_urls, proxy, folder)
        finally:
            stop(started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2, help="app processes (default: cores)")
    parser.add_argument("--port", type=int, default=8501, help="port nginx listens on (default 8501; 0 = a free one)")
    parser.add_argument(
        "--address", default=LOOPBACK, help="address nginx listens on (default 127.0.0.1; 0.0.0.0 for all)"
    )
    parser.add_argument("--run-dir", type=Path, help="folder for nginx.conf and logs (default: a temporary one)")
    args = parser.parse_args(argv)
    from dashboard import startup  # the app's own start-up build, once, before the processes start

    started = startup.ensure_database()
    for message in [*started.errors, *started.warnings]:
        print(message, file=sys.stderr)
    if not started.usable:
        return 1
    stop = False

    def request_stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    with running(args.processes, args.port or None, args.address, run_dir=args.run_dir) as cluster:
        print(f"{len(cluster.apps)} app processes behind nginx at {cluster.url} (configuration in {cluster.run_dir})")
        while not stop:
            exited = [p for p in cluster.processes if p.poll() is not None]
            if exited:
                print(f"{exited[0].args!r} exited with {exited[0].returncode}", file=sys.stderr)
                return 1
            time.sleep(0.5)
    return 0
