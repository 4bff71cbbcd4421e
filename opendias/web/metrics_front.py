"""`/metrics`: the service's metrics in the Prometheus text format.

Two kinds of values:
- counted by the processes as they serve (opendias.web.layers.metrics: requests, durations,
  bytes): under gunicorn, every worker writes them to PROMETHEUS_MULTIPROC_DIR and a scrape,
  whichever worker answers it, adds up all of them (prometheus_client's multiprocess mode);
  without that folder (one process, e.g. the tests' in-process client), this process's own;
- read at scrape time from where they are kept (a custom collector):
  - `opendias_jobs{state}`, `opendias_job_queue_length` (accepted jobs waiting for a Dask
    worker), `opendias_job_store_up`: the job store;
  - `opendias_job_duration_seconds{state}` (a gauge histogram: the finished jobs kept in the
    store, from their started and finished times, so it falls when retention removes some);
  - `opendias_dask_scheduler_up`, `opendias_dask_workers`, `opendias_dask_worker_threads`: the
    scheduler, when one is configured or the service's LocalCluster is running;
  - `opendias_quota_used{quota, plan}` (what the users of each plan used of each counted
    quota in its current window: this minute, this UTC day) and
    `opendias_quota_users_spent{quota, plan}` (how many of them have spent it), from the
    usage counters of opendias.identity.usage; the refusals themselves are counted by the
    metrics layer (`opendias_quota_refusals_total`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import glob
import logging
import os

import sqlalchemy as sa
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeHistogramMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from opendias.jobs import (ACCEPTED, DATETIME_FORMAT, FAILED, JOB_STATUSES, JOBS, SUCCESSFUL,
                           JobStore, scheduler_address)
from opendias.jobs.cluster import reachable

LOGGER = logging.getLogger(__name__)

JOB_DURATION_BUCKETS = (1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 12 * 3600)
DASK_TIMEOUT = 2.0  # seconds the scheduler may take to say who its workers are


def _seconds(started: str, finished: str) -> float:
    parse = dt.datetime.strptime
    return (parse(finished, DATETIME_FORMAT) - parse(started, DATETIME_FORMAT)).total_seconds()


def _duration_family(rows) -> GaugeHistogramMetricFamily:
    family = GaugeHistogramMetricFamily(
        "opendias_job_duration_seconds", "Run time (started to finished) of the finished "
        "jobs kept in the job store, by state", labels=["state"])
    for state in (SUCCESSFUL, FAILED):
        durations = []
        for status, started, finished in rows:
            if status == state:
                try:
                    durations.append(max(0.0, _seconds(started, finished)))
                except (TypeError, ValueError):
                    continue
        buckets = [(str(float(le)), sum(1 for d in durations if d <= le))
                   for le in JOB_DURATION_BUCKETS]
        buckets.append(("+Inf", len(durations)))
        family.add_metric([state], buckets, sum(durations))
    return family


class JobsCollector:
    """The job store's jobs, read at scrape time."""

    def describe(self):
        return []

    def collect(self):
        try:
            with JobStore().engine.connect() as conn:
                counts = dict(conn.execute(sa.select(JOBS.c.status, sa.func.count())
                                           .group_by(JOBS.c.status)).all())
                rows = conn.execute(sa.select(JOBS.c.status, JOBS.c.started, JOBS.c.finished)
                                    .where(JOBS.c.status.in_((SUCCESSFUL, FAILED)),
                                           JOBS.c.started.is_not(None),
                                           JOBS.c.finished.is_not(None))).all()
        except Exception as err:  # noqa: BLE001 - a scrape still answers, saying so
            LOGGER.warning("metrics: the job store does not answer: %s", err)
            yield GaugeMetricFamily("opendias_job_store_up", "1 when the job store answered "
                                    "this scrape", value=0)
            return
        yield GaugeMetricFamily("opendias_job_store_up", "1 when the job store answered this "
                                "scrape", value=1)
        jobs = GaugeMetricFamily("opendias_jobs", "Jobs in the job store, by state",
                                 labels=["state"])
        for state in JOB_STATUSES:
            jobs.add_metric([state], counts.get(state, 0))
        yield jobs
        yield GaugeMetricFamily("opendias_job_queue_length", "Jobs accepted and waiting for "
                                "a Dask worker", value=counts.get(ACCEPTED, 0))
        yield _duration_family(rows)


async def _scheduler_workers(address: str) -> dict:
    from distributed.core import rpc

    async with rpc(address, timeout=DASK_TIMEOUT) as scheduler:
        info = await asyncio.wait_for(scheduler.identity(), DASK_TIMEOUT)
    return info.get("workers") or {}


class DaskCollector:
    """The Dask scheduler's workers, asked at scrape time (never starting a cluster)."""

    def describe(self):
        return []

    def collect(self):
        workers = None
        try:
            address = scheduler_address(start=False)
            if address and reachable(address, timeout=0.5):
                workers = asyncio.run(_scheduler_workers(address))
        except Exception as err:  # noqa: BLE001
            LOGGER.warning("metrics: the Dask scheduler does not answer: %r", err)
        yield GaugeMetricFamily("opendias_dask_scheduler_up", "1 when the Dask scheduler "
                                "answered this scrape (0: none configured or running)",
                                value=int(workers is not None))
        if workers is not None:
            yield GaugeMetricFamily("opendias_dask_workers", "Dask workers of the scheduler",
                                    value=len(workers))
            yield GaugeMetricFamily("opendias_dask_worker_threads", "Threads of the Dask "
                                    "workers", value=sum(int(w.get("nthreads") or 0)
                                                         for w in workers.values()))


class QuotasCollector:
    """The users' quota counters of the current windows, read at scrape time."""

    def describe(self):
        return []

    def collect(self):
        from opendias.identity.schema import USAGE, USERS
        from opendias.identity.usage import WINDOWS, limit_of, window_of

        used = GaugeMetricFamily("opendias_quota_used", "What the users of each plan used of "
                                 "each counted quota in its current window",
                                 labels=["quota", "plan"])
        spent = GaugeMetricFamily("opendias_quota_users_spent", "Users of each plan who have "
                                  "spent a quota in its current window",
                                  labels=["quota", "plan"])
        try:
            totals: dict[tuple[str, str], list[int]] = {}
            with JobStore().engine.connect() as conn:
                for quota in WINDOWS:
                    rows = conn.execute(sa.select(USAGE.c.value, USERS.c.plan, USERS.c.role)
                                        .join(USERS, USERS.c.id == USAGE.c.user_id)
                                        .where(USAGE.c.counter == quota,
                                               USAGE.c.window_start == window_of(quota)[0]))
                    for value, plan, role in rows:
                        total = totals.setdefault((quota, plan), [0, 0])
                        total[0] += int(value)
                        limit = limit_of(_Holder(plan, role), quota)
                        total[1] += int(limit is not None and value >= limit)
        except Exception as err:  # noqa: BLE001 - a scrape still answers the rest
            LOGGER.warning("metrics: the usage counters do not answer: %s", err)
            return
        for (quota, plan), (value, users) in sorted(totals.items()):
            used.add_metric([quota, plan], value)
            spent.add_metric([quota, plan], users)
        yield used
        yield spent


class _Holder:
    """What opendias.identity.usage.limit_of reads of a user: plan and role."""

    def __init__(self, plan: str, role: str):
        from opendias.identity.schema import OPERATOR

        self.plan, self.is_operator = plan, role == OPERATOR


_READ_AT_SCRAPE = CollectorRegistry(auto_describe=False)
_READ_AT_SCRAPE.register(JobsCollector())
_READ_AT_SCRAPE.register(DaskCollector())
_READ_AT_SCRAPE.register(QuotasCollector())


class _InitialisedFiles(MultiProcessCollector):
    """prometheus_client's multiprocess collector, without the files a process has just
    created and not yet sized (a worker booting while we scrape: reading an empty file
    fails); their first values are there at the next scrape."""

    def collect(self):
        files = [f for f in glob.glob(os.path.join(self._path, "*.db"))
                 if _size(f) >= 8]  # mmap_dict's header: 4 bytes used, 4 padding
        return self.merge(files, accumulate=True)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # removed meanwhile (a dead worker's files)
        return 0


def _counted_registry():
    """The metrics counted by the layers: merged from every worker's files under gunicorn
    (PROMETHEUS_MULTIPROC_DIR), this process's own otherwise."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    counted = CollectorRegistry()
    _InitialisedFiles(counted)
    return counted


def exposition() -> bytes:
    """Every metric, in the Prometheus text format."""
    return generate_latest(_counted_registry()) + generate_latest(_READ_AT_SCRAPE)


def app(environ, start_response):
    """WSGI application of /metrics."""
    body = exposition()
    start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST),
                              ("Content-Length", str(len(body))),
                              ("Cache-Control", "no-store")])
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
