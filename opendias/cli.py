"""The `opendias` command: serve, sample-data, and what an operator needs day to day."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from opendias.config import PACKAGE_DIR, get_settings


def _serve(args) -> int:
    from gunicorn.app.base import BaseApplication

    settings = get_settings()
    uses_packaged = settings.catalogue_path == (PACKAGE_DIR / "catalogue.yml").resolve()
    if uses_packaged and not (settings.data_dir / ".sample-data.json").exists():
        print(f"opendias: no sample data in {settings.data_dir}; making the small set",
              file=sys.stderr)
        # in a child process, so that the master does not keep netCDF and numpy in memory
        subprocess.run([sys.executable, "-m", "opendias.cli", "sample-data", "--size", "small",
                        "--out", str(settings.data_dir)], check=True, stdout=subprocess.DEVNULL)
    if not os.environ.get("OPENDIAS_BASE_URL"):
        host = "localhost" if args.host in ("0.0.0.0", "127.0.0.1", "::") else args.host
        os.environ["OPENDIAS_BASE_URL"] = f"http://{host}:{args.port}"
    from opendias.web import monitoring  # metrics folder, dead workers, JSON access log

    monitoring.prepare_metrics_dir(settings)  # before any worker imports prometheus_client
    monitoring.configure_access_log(settings)
    # The master stays light (no xarray, netCDF or pygeoapi imported before the fork): each
    # worker builds the service when it boots, and a broken catalogue or configuration stops
    # the service at start-up with the worker's error ("Worker failed to boot").
    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": args.workers,
        "threads": args.threads,
        "timeout": args.timeout,
        "graceful_timeout": 10,
        "accesslog": "-" if args.access_log else None,
        # gunicorn's default line, and the request id the layers gave the answer
        "access_log_format": '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
                             '%({x-request-id}o)s',
        "loglevel": "warning",
        "child_exit": monitoring.child_exit,
    }

    class Service(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self):
            # built in each worker before it serves (after the fork), not on first request
            from opendias.web.app import get_application

            return get_application()

    Service().run()
    return 0


def _sample_data(args) -> int:
    from opendias import sample_data

    out = Path(args.out) if args.out else get_settings().data_dir
    made = sample_data.generate(out, args.size, only=args.only or None, force=args.force)
    print(json.dumps(made, indent=1))
    return 0


def _datasets(args) -> int:
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.errors import OpendiasError

    for entry in load_catalogue():
        try:
            cube = open_cube(entry)
            extent = cube.time_extent
            times = f"{extent[0]:%Y-%m-%d}..{extent[1]:%Y-%m-%d}" if extent else "-"
            print(f"{entry.id:28s} {entry.service:6s} {times:23s} {','.join(cube.variables)}")
        except OpendiasError as err:
            print(f"{entry.id:28s} {entry.service:6s} UNAVAILABLE: {err.detail}")
    return 0


def _shown(key: str, value) -> str:
    """A setting as `opendias config` prints it: database passwords masked."""
    if key.endswith("_url") and isinstance(value, str) and "://" in value:
        import sqlalchemy as sa

        try:
            return sa.engine.make_url(value).render_as_string(hide_password=True)
        except sa.exc.ArgumentError:
            return value
    return str(value)


def _config(args) -> int:
    for key, value in get_settings().as_dict().items():
        print(f"{key}: {_shown(key, value)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="opendias", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    settings = get_settings()
    serve = sub.add_parser("serve", help="start the service under gunicorn")
    serve.add_argument("--host", default=settings.host, help="default: OPENDIAS_HOST")
    serve.add_argument("--port", type=int, default=settings.port, help="default: OPENDIAS_PORT")
    serve.add_argument("--workers", type=int, default=settings.workers,
                       help="gunicorn worker processes (default: OPENDIAS_WORKERS)")
    serve.add_argument("--threads", type=int, default=settings.threads,
                       help="threads per gunicorn worker (default: OPENDIAS_THREADS)")
    serve.add_argument("--timeout", type=int, default=300, help="worker timeout, seconds")
    serve.add_argument("--access-log", action="store_true")
    serve.set_defaults(func=_serve)

    sample = sub.add_parser("sample-data", help="generate the sample datasets")
    sample.add_argument("--size", choices=("small", "large"), default="small")
    sample.add_argument("--out", help="folder (default: OPENDIAS_DATA_DIR)")
    sample.add_argument("--only", action="append", help="only this dataset (repeatable)")
    sample.add_argument("--force", action="store_true", help="make them again")
    sample.set_defaults(func=_sample_data)

    datasets = sub.add_parser("datasets", help="list the catalogue's datasets and their state")
    datasets.set_defaults(func=_datasets)

    config = sub.add_parser("config", help="print the effective configuration")
    config.set_defaults(func=_config)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
