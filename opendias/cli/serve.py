"""`opendias serve`: the service under gunicorn, and what a first start on the embedded
defaults prepares (the small sample data, an operator account)."""

from __future__ import annotations

import os
import subprocess
import sys

from opendias.config import PACKAGE_DIR, get_settings

FIRST_OPERATOR = "operator"


def first_operator() -> None:
    """On a database without any user: make the operator account, and say once, on the
    terminal, how to sign in with it (its random password is kept hashed only)."""
    from opendias.identity import Accounts

    made = Accounts().create_first_operator(FIRST_OPERATOR)
    if made is None:
        return
    user, password = made
    print("opendias: first start: made the operator account (plan "
          f"{user.plan}, role {user.role}); its password is shown this once:\n"
          f"  username: {user.name}\n"
          f"  password: {password}\n"
          f"  a personal access token for clients and scripts: "
          f"opendias tokens create {user.name}\n"
          f"  a new password: opendias users reset-password {user.name}",
          file=sys.stderr, flush=True)


def serve(args) -> int:
    from gunicorn.app.base import BaseApplication

    settings = get_settings()
    if not settings.catalogue_path.is_file():  # one line, not each worker's traceback
        print(f"opendias: error: catalogue file {settings.catalogue_path} not found "
              "(OPENDIAS_CATALOGUE)", file=sys.stderr)
        return 1
    uses_packaged = settings.catalogue_path == (PACKAGE_DIR / "catalogue.yml").resolve()
    if uses_packaged and not (settings.data_dir / ".sample-data.json").exists():
        print(f"opendias: no sample data in {settings.data_dir}; making the small set",
              file=sys.stderr)
        # in a child process, so that the master does not keep netCDF and numpy in memory
        subprocess.run([sys.executable, "-m", "opendias.cli", "sample-data", "--size", "small",
                        "--out", str(settings.data_dir)], check=True, stdout=subprocess.DEVNULL)
    if uses_packaged:
        first_operator()
    # the workers' settings follow the command line (OPENDIAS_SYNC_CONCURRENCY is derived
    # from the threads, and leaves at least one of them to cheap requests)
    os.environ["OPENDIAS_THREADS"] = str(args.threads)
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


def add_parser(sub) -> None:
    settings = get_settings()
    serve_ = sub.add_parser("serve", help="start the service under gunicorn")
    serve_.add_argument("--host", default=settings.host, help="default: OPENDIAS_HOST")
    serve_.add_argument("--port", type=int, default=settings.port,
                        help="default: OPENDIAS_PORT")
    serve_.add_argument("--workers", type=int, default=settings.workers,
                        help="gunicorn worker processes (default: OPENDIAS_WORKERS)")
    serve_.add_argument("--threads", type=int, default=settings.threads,
                        help="threads per gunicorn worker (default: OPENDIAS_THREADS)")
    serve_.add_argument("--timeout", type=int, default=300, help="worker timeout, seconds")
    serve_.add_argument("--access-log", action="store_true")
    serve_.set_defaults(func=serve)
