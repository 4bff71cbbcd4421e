"""Quotas: how much of each quota of their plan a user has used, counted in the service's
database (opendias_usage, revision 0003_usage_and_terms), so the counts are exact across
gunicorn workers and survive restarts.

A quota counts in fixed windows of UTC time (a minute, a day), one row per user, quota and
window. `take` is the atomic part: one conditional increment

    UPDATE opendias_usage SET value = value + n
     WHERE user_id = ? AND counter = ? AND window_start = ? AND value <= limit - n

which the database applies to the row under its lock (SQLite: one writer at a time;
PostgreSQL: the row lock, the WHERE re-checked after it), plus an INSERT for a window's first
use (a concurrent first INSERT fails on the primary key and goes back to the UPDATE): N
concurrent takes against a limit K give exactly K successes. A new window's row replaces
the user's older rows of that quota. `add` counts what cannot be refused before it happens
(the bytes of a download, added as they are sent).

| quota | window | counted |
| --- | --- | --- |
| requests_per_minute | 60 s | every request of a known user (refused above the limit) |
| download_bytes_per_day | UTC day | body bytes of subset and download answers (a request is refused once it is spent) |
| jobs_per_day | UTC day | accepted executions (OGC API - Processes, WPS Execute) |

Two quotas are read from the job store when a job is submitted: concurrent_jobs, the user's
jobs accepted or running (`running_jobs`; two submissions at the same instant may both see
one free slot), and job_cpu_seconds_per_day, the CPU seconds of the user's jobs that
finished this UTC day (`cpu_today`; a job's CPU time is measured on its Dask worker,
opendias.jobs.runner): a job is refused once the day's CPU time is spent, and a running job
is not stopped when it passes the limit. max_job_cells is a limit of one job, checked
before it is accepted (processes.costing). Operators are counted but never refused (no limit).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa

from opendias import database
from opendias.config import get_settings
from opendias.identity.plans import DEFAULTS, load_plans
from opendias.identity.schema import USAGE

# quota -> its window in seconds (windows start at multiples of it since the epoch: UTC)
WINDOWS = {"requests_per_minute": 60, "download_bytes_per_day": 86400, "jobs_per_day": 86400}
CONCURRENT, CPU = "concurrent_jobs", "job_cpu_seconds_per_day"
RETRY_CONCURRENT = 30  # seconds a client waits before it asks again for a running-job slot
UNITS = {"concurrent_jobs": "jobs accepted or running at once",
         "requests_per_minute": "requests per minute",
         "download_bytes_per_day": "bytes per day (UTC)", "jobs_per_day": "jobs per day (UTC)",
         CPU: "CPU seconds of finished jobs per day (UTC)"}


def limit_of(user, quota: str) -> int | None:
    """The limit of `quota` for `user` (None: no limit). Operators are counted, never
    refused."""
    return None if user.is_operator else plan_of(user)[quota]


def plan_of(user) -> dict:
    """The plan of `user` (a plan removed from the plans file reads as the defaults)."""
    plans = load_plans()
    return plans.get(user.plan) or {"name": user.plan, "title": user.plan, **DEFAULTS}


@dataclass(frozen=True)
class QuotaState:
    """A quota of one user now: its limit (None: no limit), what is used in the current
    window, when the window ends (epoch seconds), and whether the last take succeeded."""

    quota: str
    limit: int | None
    used: int
    reset: int
    ok: bool = True

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.used)

    @property
    def spent(self) -> bool:
        return self.limit is not None and self.used >= self.limit

    def retry_after(self, now: float | None = None) -> int:
        return max(1, int(self.reset - (time.time() if now is None else now) + 0.999))

    def facts(self) -> dict:
        return {"limit": self.limit, "used": self.used, "remaining": self.remaining,
                "reset": self.reset, "unit": UNITS[self.quota]}


def window_of(quota: str, now: float | None = None) -> tuple[int, int]:
    """(start, end) in epoch seconds of the window of `quota` holding `now`."""
    size = WINDOWS[quota]
    start = int(time.time() if now is None else now) // size * size
    return start, start + size


class Usage:
    """Usage counters of users against their plans' quotas (one database)."""

    def __init__(self, url: str | None = None):
        self.url = url or get_settings().database_url
        self.engine = database.engine(self.url)

    def _key(self, user_id: str, quota: str, start: int):
        return (USAGE.c.user_id == user_id, USAGE.c.counter == quota,
                USAGE.c.window_start == start)

    def _insert_window(self, conn, user_id: str, quota: str, start: int, value: int) -> None:
        conn.execute(USAGE.insert().values(user_id=user_id, counter=quota, window_start=start,
                                           value=value))
        conn.execute(USAGE.delete().where(USAGE.c.user_id == user_id,
                                          USAGE.c.counter == quota,
                                          USAGE.c.window_start < start))

    def _change(self, user_id: str, quota: str, amount: int, limit: int | None,
                now: float | None) -> tuple[bool, int, int]:
        """(taken, value now, window end): `amount` added unless that would pass `limit`."""
        start, end = window_of(quota, now)
        key = self._key(user_id, quota, start)

        def run():
            with self.engine.begin() as conn:
                cond = key if limit is None else (*key, USAGE.c.value <= limit - amount)
                row = conn.execute(USAGE.update().where(*cond).values(
                    value=USAGE.c.value + amount).returning(USAGE.c.value)).first()
                if row is not None:
                    return True, int(row.value), end
                current = conn.execute(sa.select(USAGE.c.value).where(*key)).scalar()
                if current is not None:
                    return False, int(current), end
                if limit is not None and amount > limit:
                    return False, 0, end
                self._insert_window(conn, user_id, quota, start, amount)
                return True, amount, end

        for attempt in range(5):
            try:
                return database.retry(run)
            except sa.exc.IntegrityError:  # another request made the window's row first
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    def take(self, user, quota: str, amount: int = 1, *, now: float | None = None
             ) -> QuotaState:
        """Use `amount` of `quota` if the plan leaves that much in the current window
        (`.ok`); the state after it either way."""
        limit = limit_of(user, quota)
        taken, value, end = self._change(user.id, quota, amount, limit, now)
        return QuotaState(quota, limit, value, end, taken)

    def add(self, user, quota: str, amount: int, *, now: float | None = None) -> None:
        """Count `amount` whatever the limit (what was already served)."""
        if amount > 0:
            self._change(user.id, quota, amount, None, now)

    def give_back(self, user, quota: str, amount: int = 1, *,
                  now: float | None = None) -> None:
        """Undo a `take` that was not used (e.g. an execution the front refused)."""
        start, _ = window_of(quota, now)
        database.retry(lambda: self._run(USAGE.update().where(
            *self._key(user.id, quota, start), USAGE.c.value >= amount).values(
                value=USAGE.c.value - amount)))

    def _run(self, stmt) -> None:
        with self.engine.begin() as conn:
            conn.execute(stmt)

    def state(self, user, quota: str, *, now: float | None = None) -> QuotaState:
        start, end = window_of(quota, now)
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(USAGE.c.value).where(
                *self._key(user.id, quota, start))).scalar()
        return QuotaState(quota, limit_of(user, quota), int(value or 0), end)

    def running_jobs(self, user, *, now: float | None = None) -> QuotaState:
        """concurrent_jobs now: the user's jobs accepted or running, from the job store
        (`reset` is when a client may ask again)."""
        from opendias.jobs.schema import ACCEPTED, JOBS, RUNNING

        with self.engine.connect() as conn:
            used = conn.execute(sa.select(sa.func.count()).select_from(JOBS).where(
                JOBS.c.owner == user.id, JOBS.c.status.in_((ACCEPTED, RUNNING)))).scalar()
        reset = int(time.time() if now is None else now) + RETRY_CONCURRENT
        return QuotaState(CONCURRENT, limit_of(user, CONCURRENT), int(used or 0), reset)

    def cpu_today(self, user, *, now: float | None = None) -> QuotaState:
        """job_cpu_seconds_per_day now: CPU seconds of the user's jobs finished this UTC day
        (whole seconds, rounded up), from the job store; resets at the day's end."""
        import datetime as dt
        import math

        from opendias.database import DATETIME_FORMAT
        from opendias.jobs.store import JobStore

        moment = int(time.time() if now is None else now)
        start = moment // 86400 * 86400
        stamp = dt.datetime.fromtimestamp(start, dt.timezone.utc).strftime(DATETIME_FORMAT)
        used = JobStore(self.url).cpu_seconds_since(user.id, stamp)
        return QuotaState(CPU, limit_of(user, CPU), math.ceil(used), start + 86400)

    def report(self, user, *, now: float | None = None) -> dict:
        """Every counted quota of the user's plan: limit, used, remaining, reset, unit."""
        counted = {quota: self.state(user, quota, now=now).facts() for quota in WINDOWS}
        counted[CONCURRENT] = self.running_jobs(user, now=now).facts()
        counted[CPU] = self.cpu_today(user, now=now).facts()
        return counted


def account_usage(user, *, now: float | None = None) -> dict:
    """What /me shows of a user's plan: its capabilities, each quota (limit, used,
    remaining, reset, unit; `used` null for a quota not counted yet) and the terms the user
    accepted (id, accepted at)."""
    from opendias.identity.plans import CAPABILITIES
    from opendias.identity.terms import Terms

    plan = plan_of(user)
    counted = Usage().report(user, now=now)
    quotas = {key: counted.get(key) or {"limit": None if user.is_operator else plan[key],
                                        "used": None}
              for key in DEFAULTS if key != "capabilities"}
    capabilities = list(CAPABILITIES) if user.is_operator else plan["capabilities"]
    return {"plan": {"name": plan["name"], "title": plan["title"],
                     "capabilities": capabilities},
            "usage": quotas,
            "terms_accepted": [{"id": tid, "accepted": when}
                               for tid, when in Terms().accepted(user).items()]}
