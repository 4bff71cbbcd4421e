"""What the benchmarks share: a server (gunicorn) on a free loopback port, in its own process
group, waited for until it answers, the tail of its log, and its stop. Not a benchmark.

    from harness import OpendiasServer   # the scripts' folder is on sys.path
    with OpendiasServer(home, data_dir, workers=2) as server:   # starts and waits
        requests.get(server.url + "/conformance")
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_environ() -> dict[str, str]:
    """This process's environment without the OPENDIAS_* and PYGEOAPI_* variables."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("OPENDIAS_", "PYGEOAPI_"))}


class Server:
    """`cmd` serving HTTP on 127.0.0.1:`port` in its own process group (for gunicorn: the
    master and its workers), started in the repository with the environment `env`, its output
    to `log` (None: this process's output). Stopped with SIGTERM to the group, SIGKILL after
    30 s. `url`, `proc` (the Popen of the master) and `http` (a requests.Session) are public."""

    def __init__(self, cmd: list[str], env: Mapping[str, str], port: int,
                 log: str | Path | None = None, name: str = "server",
                 ready: str = "/conformance?f=json"):
        self.cmd, self.env, self.port, self.name, self.ready = cmd, dict(env), port, name, ready
        self.log = Path(log) if log is not None else None
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None
        self.http = requests.Session()
        self._logfh = None

    def start(self, timeout: float = 120.0) -> float:
        """Start the server and wait until GET `ready` answers 200; the seconds it took.
        The server is stopped again if it does not come up."""
        self._logfh = open(self.log, "wb") if self.log is not None else None
        self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=REPO, stdout=self._logfh,
                                     stderr=subprocess.STDOUT if self._logfh else None,
                                     start_new_session=True)
        t0 = time.perf_counter()
        try:
            while time.perf_counter() - t0 < timeout:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; "
                                       f"log tail:\n{self.tail()}")
                try:
                    if self.http.get(self.url + self.ready, timeout=30).status_code == 200:
                        return time.perf_counter() - t0
                except requests.RequestException:
                    pass
                time.sleep(0.2)
            raise RuntimeError(f"{self.name}: {self.url}{self.ready} did not answer within "
                               f"{timeout:.0f} s; log tail:\n{self.tail()}")
        except BaseException:
            self.stop()
            raise

    def tail(self, lines: int = 30) -> str:
        """The last lines of the log ('' without a log file)."""
        if self.log is None or not self.log.is_file():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        self.http.close()
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # the gunicorn master stops its workers
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        if self._logfh is not None:
            self._logfh.close()
            self._logfh = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class OpendiasServer(Server):
    """`opendias serve` with `workers` gunicorn workers, OPENDIAS_HOME=`home` and
    OPENDIAS_DATA_DIR=`data_dir`, OPENDIAS_BASE_URL its own url (on `port`, or a free one). Its environment: `base_env`
    (default this process's), then `env` on top, without the names in `unset`."""

    def __init__(self, home: str | Path, data_dir: str | Path, workers: int = 2,
                 env: Mapping[str, str] | None = None, unset: Iterable[str] = (),
                 base_env: Mapping[str, str] | None = None, log: str | Path | None = None,
                 ready: str = "/conformance?f=json", port: int | None = None):
        port = port or free_port()
        full = {**(os.environ if base_env is None else base_env), **(env or {})}
        for name in unset:
            full.pop(name, None)
        full.update(OPENDIAS_HOME=str(home), OPENDIAS_DATA_DIR=str(Path(data_dir).resolve()),
                    OPENDIAS_BASE_URL=f"http://127.0.0.1:{port}")
        super().__init__([sys.executable, "-m", "opendias.cli", "serve", "--host", "127.0.0.1",
                          "--port", str(port), "--workers", str(workers)],
                         full, port, log, "opendias", ready)
