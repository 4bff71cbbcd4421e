"""Whose jobs a request may see, for every front that serves jobs (OGC API - Processes'
job manager and results, WPS status documents and outputs, result files).

The requester is the user the identity layer put in `environ["opendias.user"]` (None:
anonymous). A job is visible to its owner; a job submitted anonymously (owner None) to
anonymous requests (the service accepts anonymous jobs until the plans layer refuses them:
their ids are random, unguessable); an operator sees every job. A job that is not visible
is answered exactly as a job that does not exist (404): its existence is not revealed.

Result files are stricter: without a valid signed link (opendias.jobs.links), a file is
served only to a signed-in owner or an operator; an anonymous job's files need the link. A
valid link followed without credentials (what curl, GDAL and the Data Stores' clients do)
is the owner's download (`signed_link_job`, `link_owner`: the access layer counts its bytes
against the owner's download quota).
"""

from __future__ import annotations

from opendias.web.layers.identity import ENVIRON_KEY


def requester(environ):
    """The request's user (opendias.identity.User), or None for an anonymous request."""
    return environ.get(ENVIRON_KEY) if environ is not None else None


def signed_in(environ, to: str):
    """The request's user; Unauthorized saying which credentials would let it `to` (e.g.
    "see your account") when the request is anonymous."""
    user = requester(environ)
    if user is None:
        from opendias.errors import Unauthorized

        raise Unauthorized("send your credentials (Authorization: Bearer <token>, "
                           "PRIVATE-TOKEN, Basic username:token, or the session cookie of "
                           f"POST /signin) to {to}")
    return user


def owner_id(environ) -> str | None:
    """The owner a job submitted by this request gets: the user's id, None if anonymous."""
    user = requester(environ)
    return user.id if user is not None else None


def is_operator(environ) -> bool:
    user = requester(environ)
    return bool(user is not None and user.is_operator)


def may_see(environ, job: dict | None) -> bool:
    """Whether the request may see `job` (its status, results document, dismissal)."""
    if job is None:
        return False
    if is_operator(environ):
        return True
    return job.get("owner") == owner_id(environ)


def may_download(environ, job: dict | None) -> bool:
    """Whether the request may read `job`'s files without a signed link."""
    user = requester(environ)
    if job is None or user is None:
        return False
    return user.is_operator or job.get("owner") == user.id


def visible_job(environ, job_id: str):
    """The job record if it exists and the request may see it, else None."""
    from opendias.jobs import JobStore

    job = JobStore().get(job_id)
    return job if may_see(environ, job) else None


def signed_link_job(environ) -> dict | None:
    """The job whose result file a request's valid, unexpired signed link names
    (/results/{path}?expires=..&signature=.., opendias.jobs.links), else None."""
    from urllib.parse import parse_qs

    from opendias.jobs import EXPIRES, SIGNATURE, JobStore, result_job_ids, verify_link

    path = environ.get("PATH_INFO", "") or ""
    if not path.startswith("/results/"):
        return None
    relative = path[len("/results/"):]
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if not verify_link(relative, (query.get(EXPIRES) or [None])[0],
                       (query.get(SIGNATURE) or [None])[0]):
        return None
    store = JobStore()
    return next((job for job in map(store.get, result_job_ids(relative)) if job), None)


def link_owner(job: dict | None):
    """The enabled user owning `job` (None: no job, an anonymous job, a disabled owner)."""
    if job is None or not job.get("owner"):
        return None
    from opendias.identity import Accounts

    user = Accounts().by_id(job["owner"])
    return user if user is not None and not user.disabled else None
