"""Plans: what a user on each plan may do and use (capabilities, quotas), read from the plans
file (OPENDIAS_PLANS; default: the packaged opendias/plans.yml, which documents every key
and its default). The identity core needs their names (an account is on one of them);
quotas are enforced by the layers in front of the fronts."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from opendias.config import get_settings
from opendias.errors import InvalidParameter

DEFAULT_PLAN = "essential"
CAPABILITIES = ("catalogue", "maps", "subset", "download", "processes")
# a key missing from a plan takes this value (None: no limit)
DEFAULTS = {
    "capabilities": ["catalogue", "maps"],
    "requests_per_minute": 60,
    "download_bytes_per_day": 1_073_741_824,
    "concurrent_jobs": 0,
    "jobs_per_day": 0,
    "max_job_cells": None,            # the service's OPENDIAS_MAX_JOB_CELLS still applies
    "job_cpu_seconds_per_day": None,
}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{2,63}")


class PlansError(ValueError):
    """The plans file itself is wrong (an operator's mistake, reported when first read)."""


def _plan(name, raw, path: Path) -> dict:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise PlansError(f"plans file {path}: plan name {name!r} must be 3..64 of "
                         "A-Z a-z 0-9 . _ - (starting with a letter or digit)")
    raw = raw or {}
    if not isinstance(raw, dict):
        raise PlansError(f"plans file {path}: plan {name!r} must be a mapping")
    unknown = set(raw) - set(DEFAULTS) - {"title"}
    if unknown:
        raise PlansError(f"plans file {path}: plan {name!r} has unknown keys "
                         f"{sorted(unknown)}; known: title, {', '.join(DEFAULTS)}")
    plan = {"name": name, "title": str(raw.get("title") or name), **DEFAULTS,
            **{k: v for k, v in raw.items() if k != "title"}}
    capabilities = plan["capabilities"]
    if not isinstance(capabilities, list) or not set(capabilities) <= set(CAPABILITIES):
        raise PlansError(f"plans file {path}: plan {name!r}: capabilities must be a list of "
                         f"{', '.join(CAPABILITIES)}")
    for key in DEFAULTS:
        value = plan[key]
        if key != "capabilities" and value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise PlansError(f"plans file {path}: plan {name!r}: {key} must be a whole "
                             f"number >= 0 or null (no limit), got {value!r}")
    return plan


@lru_cache(maxsize=8)
def _load(path: str, _mtime: float) -> dict[str, dict]:
    try:
        raw = yaml.safe_load(Path(path).read_text())
    except OSError as err:
        raise PlansError(f"cannot read plans file {path} (OPENDIAS_PLANS): {err}") from err
    except yaml.YAMLError as err:
        raise PlansError(f"plans file {path} is not valid YAML: {err}") from err
    if not isinstance(raw, dict) or not isinstance(raw.get("plans"), dict) or not raw["plans"]:
        raise PlansError(f"plans file {path} must hold a 'plans' mapping of plan names")
    return {name: _plan(name, value, Path(path)) for name, value in raw["plans"].items()}


def load_plans() -> dict[str, dict]:
    """Every plan by name, each with all its keys (reloaded when the file changes)."""
    path = get_settings().plans_path
    try:
        mtime = path.stat().st_mtime
    except OSError as err:
        raise PlansError(f"plans file {path} not found (OPENDIAS_PLANS)") from err
    return _load(str(path), mtime)


def plan_names() -> list[str]:
    return list(load_plans())


def check_plan(plan, *, parameter: str = "plan") -> str:
    """The plan's name if the plans file has it, else InvalidParameter listing them."""
    names = plan_names()
    if not isinstance(plan, str) or plan not in names:
        raise InvalidParameter(f"unknown plan {plan!r}; plans: {', '.join(names)}",
                               parameter=parameter)
    return plan


def anonymous_capabilities() -> frozenset[str]:
    """The capabilities open to requests without credentials (OPENDIAS_ANONYMOUS,
    comma-separated; default catalogue,maps; `none`: nothing); a name that is not a
    capability is a RuntimeError naming the variable."""
    names = {n.strip() for n in get_settings().anonymous.split(",") if n.strip()} - {"none"}
    unknown = names - set(CAPABILITIES)
    if unknown:
        raise RuntimeError(f"OPENDIAS_ANONYMOUS: unknown capabilities {sorted(unknown)}; "
                           f"capabilities: {', '.join(CAPABILITIES)}")
    return frozenset(names)


def check_capability(user, capability: str | None) -> None:
    """Nothing when `user` (None: anonymous) may use `capability` (None: needs none);
    Unauthorized for an anonymous request of a capability that needs an account; Forbidden
    naming the plan, the capability and the plans that have it. Operators have every
    capability."""
    from opendias.errors import Forbidden, Unauthorized

    if capability is None:
        return
    if user is None:
        if capability not in anonymous_capabilities():
            raise Unauthorized(f"{capability} needs an account: send your credentials "
                               "(Authorization: Bearer <token>, PRIVATE-TOKEN, or Basic "
                               "username:token); register with POST /register")
        return
    if user.is_operator:
        return
    plans = load_plans()
    plan = plans.get(user.plan)
    if plan is not None and capability in plan["capabilities"]:
        return
    others = [name for name, p in plans.items() if capability in p["capabilities"]]
    advice = (f"ask for the {' or the '.join(others)} plan" if others
              else "no plan of this service includes it")
    raise Forbidden(f"plan {user.plan} does not include {capability}: {advice}",
                    parameter="plan")
