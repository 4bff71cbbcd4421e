"""Before a job runs, what it will cost and whether it may run: one place for every front
that submits jobs (OGC API - Processes in processes.manager, WPS in processes.wps, and the
fronts that come later).

- `estimate(op, inputs)`: the job made lazily (the operation's `check`, nothing computed):
  the cells and bytes it reads (values as stored), the cells of its result and the most
  its file takes (opendias.operations.sizes), and an estimate of its CPU seconds.
- `costing(op, data, user)`: the dry run a user asks for (`POST /processes/{id}/costing`):
  the estimate, how much of each quota of the user's plan it would use and what is left,
  the licences it needs, and whether an execution would be accepted now (with the reasons
  when not).
- `admit(op, data, user)`: the inputs of an execution, validated, or the refusal of a job
  above a limit of one job, with the estimate in the message: TooLarge (413) when it reads
  more cells than the plan's `max_job_cells` (the service's OPENDIAS_MAX_JOB_CELLS is checked
  by the operation itself, for every user), or when its result would not fit in the results'
  free disk space less OPENDIAS_RESULTS_DISK_RESERVE (not checked when results go to object
  storage, OPENDIAS_RESULTS_URL: the service has no disk of theirs to see). The quotas counted per day or at once
  (jobs_per_day, concurrent_jobs, job_cpu_seconds_per_day) are the access layer's
  (opendias.web.layers.access), which refuses them with 429 before the front runs.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from opendias.config import get_settings
from opendias.errors import OpendiasError, TooLarge
from opendias.operations import sizes
from opendias.operations.subset import count_cells

# CPU cost of a job, measured with bench/costing.py on the benchmark data: reading and
# computing ran at 16 to 63 million cells per CPU second (subset, regrid, statistics to
# NetCDF/Zarr), and writing CSV text (streamed, opendias.operations.streams) at about a
# million cells per CPU second; the estimate is within a factor of about 2 of the CPU time
# measured
CELLS_PER_CPU_SECOND = 30_000_000
CSV_CELLS_PER_CPU_SECOND = 1_000_000


@dataclass(frozen=True)
class Cost:
    process_id: str
    datasets: tuple[str, ...]
    format: str | None
    cells_read: int
    bytes_read: int
    cells_written: int | None
    bytes_written: int          # the most the result file takes
    cpu_seconds: float          # estimated

    def facts(self) -> dict:
        return {"process": self.process_id, "datasets": list(self.datasets),
                "format": self.format,
                "read": {"cells": self.cells_read, "bytes": self.bytes_read},
                "result": {"cells": self.cells_written, "bytes_at_most": self.bytes_written},
                "cpu_seconds_estimate": self.cpu_seconds}

    def text(self) -> str:
        return (f"the job would read {self.cells_read:,} cells ({_size(self.bytes_read)}) "
                f"and write at most {_size(self.bytes_written)}")


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def estimate(op, inputs: dict) -> Cost:
    """The cost of a job of `op` with validated `inputs` (see the module docstring)."""
    built = op.check(inputs) if op.check is not None else None
    datasets = tuple(inputs[k] for k in ("dataset", "target_dataset") if inputs.get(k))
    if built is None:
        return Cost(op.id, datasets, inputs.get("format"), 0, 0, None, 0, 0.0)
    fmt = inputs.get("format") or "netcdf"
    read = sizes.describe(built.source)
    if built.result is not None:
        written, out = count_cells(built.result), sizes.file_bytes(built.result, fmt)
    else:
        written, out = None, built.result_bytes or 0
    cpu = max(read["cells"], written or 0) / CELLS_PER_CPU_SECOND
    if fmt == "csv":
        cpu += (written or 0) / CSV_CELLS_PER_CPU_SECOND
    cpu = round(cpu, 2)
    return Cost(op.id, datasets, fmt, read["cells"], read["bytes"], written, out, cpu)


def _disk(cost: Cost) -> dict:
    settings = get_settings()
    if settings.results_url:
        # results on object storage: no disk of the service's to fill (a job stages its
        # file on its Dask worker's disk, which the service cannot see); the quota
        # (OPENDIAS_RESULTS_QUOTA) still counts the objects
        return {"results_url": settings.results_url, "checked": False,
                "this_job": cost.bytes_written, "ok": True}
    folder = settings.results_dir
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    room = max(0, free - settings.results_disk_reserve)
    return {"free_bytes": free, "reserve_bytes": settings.results_disk_reserve,
            "this_job": cost.bytes_written, "ok": cost.bytes_written <= room}


def _limits(cost: Cost, user) -> list[str]:
    """Why a job of this cost is refused up front (empty: it is not)."""
    reasons = []
    limit = limit_of_cells(user)
    if limit is not None and cost.cells_read > limit:
        reasons.append(f"{cost.text()}; plan {user.plan} allows {limit:,} cells a job: "
                       "narrow the region, period, levels or variables")
    if not _disk(cost)["ok"]:
        reasons.append(f"{cost.text()}, more than the results' free disk space allows now: "
                       "narrow the request, or try again later")
    return reasons


def admit(op, data: dict | None, user) -> dict:
    """The validated inputs of an execution by `user` (None: anonymous), or an
    OpendiasError: the operation's own checks, then the limits of one job."""
    inputs = op.validate(data)
    cost = estimate(op, inputs)
    reasons = _limits(cost, user)
    if reasons:
        raise TooLarge(f"{reasons[0]} (POST /processes/{op.id}/costing gives the estimate)",
                       cells=cost.cells_read, limit=limit_of_cells(user))
    return inputs


def limit_of_cells(user) -> int | None:
    """The plan's max_job_cells of `user` (None: anonymous, an operator, or no limit)."""
    from opendias.identity.usage import limit_of

    return limit_of(user, "max_job_cells") if user is not None else None


def _quotas(cost: Cost, user) -> dict:
    from opendias.identity.usage import Usage

    usage = Usage()
    states = {"jobs_per_day": (usage.state(user, "jobs_per_day"), 1),
              "concurrent_jobs": (usage.running_jobs(user), 1),
              "job_cpu_seconds_per_day": (usage.cpu_today(user), cost.cpu_seconds),
              "download_bytes_per_day": (usage.state(user, "download_bytes_per_day"),
                                         cost.bytes_written)}
    cells = min(n for n in (limit_of_cells(user), get_settings().max_job_cells)
                if n is not None)  # the plan's, within the service's own
    quotas = {"max_job_cells": {"limit": cells, "this_job": cost.cells_read,
                                "ok": cost.cells_read <= cells}}
    for name, (state, this_job) in states.items():
        quotas[name] = {**state.facts(), "this_job": this_job,
                        "ok": state.remaining is None or (
                            state.remaining > 0 if name == "job_cpu_seconds_per_day"
                            else state.remaining >= this_job)}
    return quotas


def costing(op, data: dict | None, user, capability: str = "processes") -> dict:
    """The dry run of an execution by `user` (None: anonymous); see the module docstring.
    Inputs the operation refuses raise OpendiasError, as an execution would. `capability`:
    what the plan needs for the execution (a front's downloads made as jobs need subset)."""
    from opendias.identity.plans import check_capability
    from opendias.identity.terms import Terms, term_of

    inputs = op.validate(data)
    cost = estimate(op, inputs)
    refusals = _limits(cost, user)
    try:
        check_capability(user, capability)
    except OpendiasError as err:
        refusals.insert(0, err.detail)
    doc = {**cost.facts(), "results_disk": _disk(cost)}
    accepted = Terms().accepted(user) if user is not None else {}
    doc["licences"] = []
    for dataset in cost.datasets:
        term = term_of(dataset)
        if term is None or any(t["id"] == term.id for t in doc["licences"]):
            continue
        ok = user is None or user.is_operator or term.id in accepted
        doc["licences"].append({"id": term.id, "title": term.title, "accepted": ok})
        if not ok:
            refusals.append(f"the licence \"{term.title}\" is not accepted: PUT "
                            f"/termsaccepted/{term.id} with the body {{\"accepted\": true}}")
    if user is not None:
        doc["plan"] = user.plan
        doc["quotas"] = _quotas(cost, user)
        refusals += [f"quota {name} of plan {user.plan} is spent ({q['used']:,} of "
                     f"{q['limit']:,} {q['unit']})" for name, q in doc["quotas"].items()
                     if name not in ("max_job_cells", "download_bytes_per_day")
                     and not q["ok"]]
        if not doc["quotas"]["download_bytes_per_day"]["ok"]:
            doc["warnings"] = ["the result may take more than the download quota left "
                               "today (download_bytes_per_day)"]
    doc["accepted"] = not refusals
    doc["refusals"] = refusals
    return doc
