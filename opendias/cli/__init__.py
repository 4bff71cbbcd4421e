"""The `opendias` command: serve, sample-data, and what an operator needs day to day
(accounts and tokens: opendias.cli.accounts; support messages: opendias.cli.support). An error is one line on stderr and exit code
1, never a traceback."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from opendias.cli import accounts, serve, support
from opendias.config import get_settings
from opendias.errors import OpendiasError

# settings whose value `opendias config` never prints
_SECRETS = ("secret_key", "smtp_password")


def _sample_data(args) -> int:
    from opendias import sample_data

    out = Path(args.out) if args.out else get_settings().data_dir
    made = sample_data.generate(out, args.size, only=args.only or None, force=args.force)
    if args.to:  # written again there as Zarr stores (OPENDIAS_S3_ENDPOINT, AWS_*)
        from opendias.sample_zarr import publish

        made = publish(made, args.to)
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
    """A setting as `opendias config` prints it: secrets and database passwords masked."""
    if key in _SECRETS:
        if value:
            return "(set, not shown)"
        return ("(generated: $OPENDIAS_HOME/runtime/secret.key)" if key == "secret_key"
                else "(not set)")
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


class _Parser(argparse.ArgumentParser):
    """A usage mistake is one line on stderr and exit code 1 (as every other error)."""

    def error(self, message):
        self.exit(1, f"{self.prog}: error: {message} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="opendias", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve.add_parser(sub)

    sample = sub.add_parser("sample-data", help="generate the sample datasets")
    sample.add_argument("--size", choices=("small", "large"), default="small")
    sample.add_argument("--out", help="folder (default: OPENDIAS_DATA_DIR)")
    sample.add_argument("--only", action="append", help="only this dataset (repeatable)")
    sample.add_argument("--force", action="store_true", help="make them again")
    sample.add_argument("--to", metavar="URL", help="also write them as Zarr stores under "
                        "this s3://bucket/prefix (GeoTIFFs copied as they are)")
    sample.set_defaults(func=_sample_data)

    datasets = sub.add_parser("datasets", help="list the catalogue's datasets and their state")
    datasets.set_defaults(func=_datasets)

    config = sub.add_parser("config", help="print the effective configuration")
    config.set_defaults(func=_config)
    accounts.add_parsers(sub)
    support.add_parsers(sub)
    return parser


def _one_line(err: BaseException) -> str:
    """An unexpected error in a line (a database's own message, never the statement nor
    its parameters, which may hold a password hash)."""
    orig = getattr(err, "orig", None)
    text = str(orig if orig is not None else err).strip().splitlines()
    return f"{type(orig or err).__name__}: {text[0] if text else ''}"


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except RuntimeError as err:  # a bad OPENDIAS_* variable
        print(f"opendias: error: {err}", file=sys.stderr)
        return 1
    try:
        return args.func(args)
    except OpendiasError as err:
        print(f"opendias: error: {err.detail}", file=sys.stderr)
        return 1
    except (RuntimeError, ValueError) as err:  # configuration: settings, catalogue, plans
        print(f"opendias: error: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001 - an operator's command: one line, no traceback
        if args.command not in ("users", "tokens", "support"):
            raise
        print(f"opendias: error: {_one_line(err)}", file=sys.stderr)
        return 1
