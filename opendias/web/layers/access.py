"""Access: what a request may do, for every front, after identity (environ["opendias.user"]):
its capability and datasets (opendias.web.request_kinds), the user's plan, quotas and
accepted terms (opendias.identity: plans, usage, terms). Refusals are worded for the
request's front (opendias.web.refusals).

- Anonymous: a capability outside OPENDIAS_ANONYMOUS (default catalogue,maps) is 401 with
  the identity layer's challenges, except a valid signed result link
  (opendias.web.owners.signed_link_job): it is the download of the job's owner, who needs
  no capability again and whose download_bytes_per_day counts its bytes (an anonymous job's
  link is served uncounted). Anonymous requests count against no quota and accept no
  terms (an operator who opens subset or download to anonymous users accepts the datasets'
  licences on their behalf).
- A known user: every request takes one of `requests_per_minute` (429 when spent); a
  capability the plan lacks is 403 naming the plan and the plans that have it; subset,
  download and processing of a dataset whose licence the user has not accepted is 403
  naming the licence and `PUT /termsaccepted/{id}`; subset and download are 429 once
  `download_bytes_per_day` is spent, and their body bytes are added to it as they are
  sent; an execution takes one of `jobs_per_day` (given back when the front answers it
  with a 4xx/5xx, or says it made no job: environ["opendias.no_job"]) and needs a free
  slot of `concurrent_jobs` (the user's jobs accepted or running, read from the job store)
  and CPU time left of `job_cpu_seconds_per_day` (the CPU seconds of the user's jobs
  finished today, from the job store). Operators have every capability; their use is
  counted, never refused.
- Every answer to a known user carries `X-Quota-Limit`, `X-Quota-Remaining` and
  `X-Quota-Reset` (epoch seconds) of requests_per_minute (none for an operator: no limit);
  a 429 carries those of the spent quota and `Retry-After`.

The body is not buffered (only an execution's request body is read, and put back for the
front): a `wsgi.file_wrapper` answer is returned untouched and counted by its
Content-Length, as opendias.web.layers.metrics does.
"""

from __future__ import annotations

import datetime as dt

from opendias.errors import Forbidden, Unauthorized
from opendias.web.layers import WatchedBody, sent_by_server
from opendias.web.request_kinds import DOWNLOAD, PROCESSES, SUBSET, classify, \
    execution_datasets

USER_KEY = "opendias.user"
NO_JOB = "opendias.no_job"  # set by a front whose answer to an execution made no job
REQUESTS, BYTES, JOBS = "requests_per_minute", "download_bytes_per_day", "jobs_per_day"
FLUSH_BYTES = 16 * 1024 * 1024  # a long download is added to the count every 16 MiB


def quota_headers(state) -> list[tuple[str, str]]:
    if state.limit is None:
        return []
    return [("X-Quota-Limit", str(state.limit)), ("X-Quota-Remaining", str(state.remaining)),
            ("X-Quota-Reset", str(state.reset))]


def _spent(environ, start_response, user, state):
    from opendias.web.layers.metrics import QUOTA_REFUSED_KEY
    from opendias.web.refusals import refuse

    environ[QUOTA_REFUSED_KEY] = (state.quota, user.plan)  # counted by the metrics layer

    retry = state.retry_after()
    reset = dt.datetime.fromtimestamp(state.reset, dt.timezone.utc).isoformat()
    unit = state.facts()["unit"]
    detail = (f"quota {state.quota} of plan {user.plan} is spent: {state.used} of "
              f"{state.limit} {unit}; it resets at {reset.replace('+00:00', 'Z')} (in "
              f"{retry} s)")
    if state.quota == "concurrent_jobs":
        detail = (f"quota {state.quota} of plan {user.plan} is spent: {state.used} of "
                  f"{state.limit} {unit}; submit again when one of them has finished (ask "
                  f"again in {retry} s)")
    headers = [("Retry-After", str(retry)), *quota_headers(state)]
    return refuse(environ, start_response, 429, "QuotaExceeded", "Too many requests", detail,
                  headers)


class AccessLayer:
    """WSGI middleware: plans, quotas and terms of use (see the module docstring)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        from opendias.identity.plans import check_capability
        from opendias.web.layers.identity import CHALLENGE
        from opendias.web.refusals import refuse

        kind = classify(environ)
        user = environ.get(USER_KEY)
        by_link = False  # a signed result link without credentials: the owner's download
        if user is None:
            from opendias.web.owners import link_owner, signed_link_job

            job = signed_link_job(environ) if kind.capability == DOWNLOAD else None
            user = link_owner(job)  # None: no valid link, an anonymous job, a disabled owner
            by_link = user is not None or (job is not None and not job.get("owner"))
            if not by_link:
                try:
                    check_capability(None, kind.capability)
                except Unauthorized as err:
                    return refuse(environ, start_response, 401, err.code, err.title,
                                  err.detail, CHALLENGE)
            if user is None:
                return self.app(environ, start_response)

        from opendias.identity.terms import Terms
        from opendias.identity.usage import Usage

        usage = Usage()
        requests = usage.take(user, REQUESTS) if not by_link else None
        if requests is not None and not requests.ok:
            return _spent(environ, start_response, user, requests)
        headers = quota_headers(requests) if requests is not None else []
        try:
            if not by_link:  # a link was made for the owner's job: only its bytes count
                check_capability(user, kind.capability)
                datasets = kind.datasets or (execution_datasets(environ) if kind.execution
                                             else ())
                if kind.capability in (SUBSET, DOWNLOAD, PROCESSES) and datasets:
                    Terms().check(user, datasets)
        except Forbidden as err:
            return refuse(environ, start_response, 403, err.code, err.title, err.detail,
                          headers, error=err)
        if kind.capability in (SUBSET, DOWNLOAD):  # a download made as a job too
            spent = usage.state(user, BYTES)
            if spent.spent:
                return _spent(environ, start_response, user, spent)
        # the bytes of the answer (a job's are counted when its result is downloaded)
        counted = kind.capability in (SUBSET, DOWNLOAD) and not kind.execution
        job = None
        if kind.execution:
            job = usage.take(user, JOBS)
            if not job.ok:
                return _spent(environ, start_response, user, job)
            for state in (usage.running_jobs(user), usage.cpu_today(user)):
                if state.spent:
                    usage.give_back(user, JOBS)
                    return _spent(environ, start_response, user, state)
        answer = {"length": None}

        def start(status, response_headers, exc_info=None):
            if job is not None and not answer.get("refunded") and (
                    status[:1] in "45" or environ.get(NO_JOB)):
                answer["refunded"] = True
                usage.give_back(user, JOBS)
            answer["length"] = next((v for k, v in response_headers
                                     if k.lower() == "content-length"), None)
            return start_response(status, [*response_headers, *headers], exc_info)

        try:
            body = self.app(environ, start)
        except BaseException:  # the request id layer answers it (500)
            if job is not None and not answer.get("refunded"):
                usage.give_back(user, JOBS)
            raise
        if not counted or environ.get("REQUEST_METHOD", "GET").upper() == "HEAD":
            return body
        if sent_by_server(environ, body):
            if (answer["length"] or "").isdigit():
                usage.add(user, BYTES, int(answer["length"]))
            return body  # sent by the server itself (sendfile)
        sent = _Downloaded(lambda n: usage.add(user, BYTES, n))
        return WatchedBody(body, on_chunk=sent.count, on_end=sent.flush)


class _Downloaded:
    """Bytes of an answer added to the user's download count as they are sent: every
    FLUSH_BYTES, and the rest when the answer ends."""

    def __init__(self, add):
        self._add = add
        self._pending = 0

    def count(self, chunk: bytes) -> None:
        self._pending += len(chunk)
        if self._pending >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        pending, self._pending = self._pending, 0
        if pending:
            self._add(pending)
