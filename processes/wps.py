"""PyWPS' side of the operations: a pywps.Process per operation, generated from
processes.registry (nothing described twice).

Mapping of the JSON schemas of the inputs to WPS 1.0.0 literal inputs:
- string (with enum: AllowedValues), number -> float, integer -> integer
- array of strings -> a string input that may repeat (maxOccurs), or "a,b,c"
- array of numbers -> a string of comma-separated numbers ("5,38,10,42"), as rook does
- string-or-object (a polygon) -> string (WKT or GeoJSON text)
Outputs are ComplexOutputs by reference: links to files under the results folder.

The handler runs the operation as a job of opendias' job store on Dask, like OGC API -
Processes, and mirrors the job's progress into the WPS status document. The job's owner is
the user of the HTTP request (the identity layer's environ["opendias.user"], still readable
in the process PyWPS forks for an asynchronous Execute; for a request PyWPS queued, from a
note kept beside its queue). Before a job is made, the inputs go through the admission of
every front (processes.costing.admit: the plan's max_job_cells, the results' disk). The
statusLocation and the output
references are signed links (opendias.jobs.links), so OWSLib, QGIS or a browser follow them
without credentials, while an unsigned URL of another's status document or output is a 404
(opendias.web.results).
"""

from __future__ import annotations

import os
import time

from pywps import ComplexOutput, Format, LiteralInput, Process
from pywps.app.exceptions import ProcessError
from pywps.exceptions import InvalidParameterValue
from pywps.inout.storage.file import FileStorage

from opendias import jobs
from opendias.errors import OpendiasError
from opendias.jobs.links import link_expiry
from opendias.params import parse_names
from processes.costing import admit
from processes.model import Input, Operation
from processes.registry import OPERATIONS

# environ key of a front whose answer to an execution made no job (the access layer,
# opendias.web.layers.access, gives back the day's job it took)
NO_JOB = "opendias.no_job"
_MESSAGE_CHARS = ".:!?=,;-_/'\"()[]{}<>+*#%@&"


def _error(message: str) -> ProcessError:
    return ProcessError(message, max_length=1000, allowed_chars=_MESSAGE_CHARS)


class NamedLiteralInput(LiteralInput):
    """A literal input whose invalid value is an InvalidParameterValue naming the input (as
    the locator) and what it allows; PyWPS' own says "Input data not valid using mode 1"
    with an empty locator."""

    def _check_valid(self):
        try:
            super()._check_valid()
        except InvalidParameterValue:
            allowed = [str(getattr(a, "value", a)) for a in (self.allowed_values or ())
                       if getattr(a, "value", None) is not None]
            value = self._iohandler.data if hasattr(self._iohandler, "data") else None
            hint = f": one of {', '.join(allowed)}" if allowed else ""
            raise InvalidParameterValue(f"input {self.identifier}: {value!r} is not "
                                        f"allowed{hint}", locator=self.identifier) from None


def _literal(inp: Input) -> LiteralInput:
    schema = inp.json_schema()
    typ = schema.get("type", "string")
    kwargs = {"min_occurs": 1 if inp.required else 0, "max_occurs": 1}
    abstract = inp.description
    if typ == "array":
        item_type = (schema.get("items") or {}).get("type", "string")
        if item_type == "string":
            data_type = "string"
            kwargs["max_occurs"] = schema.get("maxItems", 100)
            abstract += " (repeat the input, or separate values by commas)"
        else:
            data_type = "string"
            n = schema.get("minItems")
            abstract += (f" ({n} comma-separated numbers)" if n and n == schema.get("maxItems")
                         else " (comma-separated numbers)")
    elif typ == "number":
        data_type = "float"
    elif typ == "integer":
        data_type = "integer"
    else:
        data_type = "string"
    if "enum" in schema:
        kwargs["allowed_values"] = list(schema["enum"])
    if inp.default is not None:
        kwargs["default"] = inp.default
    return NamedLiteralInput(inp.name, inp.title, data_type=data_type, abstract=abstract,
                             **kwargs)


def _formats(op: Operation) -> list[Format]:
    seen, formats = set(), []
    for out in op.outputs:
        for name, media in out.media_types.items():
            mime = media.split(";")[0].strip()
            if mime not in seen:
                seen.add(mime)
                formats.append(Format(mime))
    return formats


def _inputs_from_request(op: Operation, request) -> dict:
    data = {}
    for inp in op.inputs:
        if inp.name not in request.inputs:
            continue
        values = [i.data for i in request.inputs[inp.name]]
        schema = inp.json_schema()
        if schema.get("type") == "array" and (schema.get("items") or {}).get("type") == "string":
            data[inp.name] = parse_names(values, parameter=inp.name, empty_ok=True) or []
        else:
            data[inp.name] = values[0]
    return data


def run_as_job(op: Operation, inputs: dict, job_id: str, progress=None, *,
               owner: str | None = None) -> dict:
    """Run an operation as a job of the store and wait for it; returns the final record."""
    jobs.JobStore().add(job_id, op.id, inputs, origin="wps", owner=owner)
    future = jobs.submit(job_id, op.run, inputs)
    store = jobs.JobStore()
    last = None
    parent = os.getppid()
    while True:
        job = store.get(job_id)
        if job is None or job["status"] in jobs.FINAL:
            break
        if os.getppid() != parent:
            # the gunicorn worker this request came through is gone (the service stopped):
            # nobody waits for this answer any more; say so and do not linger
            store.fail(job_id, jobs.STOPPED_REASON)
            job = store.get(job_id)
            break
        state = (job["message"], job["progress"])
        if progress is not None and state != last:
            progress(*state)
            last = state
        time.sleep(0.25)
    del future
    return job


def _default_signals_in_child() -> None:
    """PyWPS runs an asynchronous request in a process forked from the gunicorn worker; it
    inherits the worker's SIGTERM handler (a graceful-exit flag the child never reads), so
    stopping the service would leave it running, holding the listening socket. Give it the
    default handlers back."""
    import multiprocessing
    import signal

    if multiprocessing.parent_process() is not None:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
            signal.signal(sig, signal.SIG_DFL)


def _queue_note(uuid) -> "os.PathLike":
    from opendias.config import get_settings

    return get_settings().runtime_dir / "wps-queue" / f"{uuid}.owner"


def _remember_owner(uuid, user) -> None:
    """Who sent an asynchronous Execute, kept beside PyWPS' queue: a request PyWPS keeps in
    its queue (more than `parallelprocesses` at once) is restored from its database without
    its HTTP request, and with it who sent it."""
    path = _queue_note(uuid)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(user.id if user is not None else "")
    os.replace(tmp, path)


def _user(request, uuid):
    """The user who sent the Execute request (None: anonymous): from its HTTP request, or
    for a request restored from PyWPS' queue from the note `_remember_owner` kept (a request
    without either is refused rather than made anonymous, which would show it to every
    anonymous client; a user disabled meanwhile is refused)."""
    note = _queue_note(uuid)
    http = getattr(request, "http_request", None)
    if http is not None:
        note.unlink(missing_ok=True)
        return http.environ.get("opendias.user")
    try:
        owner = note.read_text().strip()
    except FileNotFoundError:
        raise _error("this request waited in the WPS queue and lost who sent it; submit "
                     "it again") from None
    note.unlink(missing_ok=True)
    if not owner:
        return None
    from opendias.identity import Accounts

    user = Accounts().by_id(owner)
    if user is None or user.disabled:
        raise _error("the account that sent this request is disabled")
    return user


class AtomicFileStorage(FileStorage):
    """PyWPS' file storage, except that a file is written under a temporary name and renamed
    into place: a client polling a status document while PyWPS rewrites it reads the old or
    the new document, never an empty one (PyWPS truncates the file, then writes it)."""

    def write(self, data, destination, data_format=None):
        final = os.path.join(self.target, destination)
        os.makedirs(os.path.dirname(final), exist_ok=True)
        tmp = os.path.join(os.path.dirname(final),
                           f".{os.path.basename(final)}.{os.getpid()}.part")
        with open(tmp, "w") as file:
            file.write(data)
        os.replace(tmp, final)
        return self.url(destination)


class SignedLinksProcess(Process):
    """A PyWPS process whose statusLocation is a signed link, valid for the results'
    retention from when the request was accepted, whose status documents are written
    atomically (AtomicFileStorage), and whose asynchronous requests keep who sent them
    (`_remember_owner`)."""

    def _setup_status_storage(self):
        super()._setup_status_storage()
        store = self._status_store
        if type(store) is FileStorage:  # the file storage of wps.cfg: the same, atomic
            self._status_store = AtomicFileStorage(store.target, store.output_url,
                                                   copy_function=store.copy_function)

    def _execute_process(self, async_, wps_request, wps_response):
        if async_ and getattr(wps_request, "http_request", None) is not None:
            _remember_owner(self.uuid, wps_request.http_request.environ.get("opendias.user"))
        return super()._execute_process(async_, wps_request, wps_response)

    @property
    def status_url(self):
        if getattr(self, "_status_expires", None) is None:
            self._status_expires = link_expiry()
        return jobs.sign_url(super().status_url, self._status_expires)


class SignedComplexOutput(ComplexOutput):
    """A ComplexOutput by reference whose href is a signed link."""

    def get_url(self):
        return jobs.sign_url(super().get_url())


def make_process(op: Operation) -> Process:
    def _handler(request, response):
        _default_signals_in_child()
        user = _user(request, response.uuid)
        try:
            inputs = admit(op, _inputs_from_request(op, request), user)
        except OpendiasError as err:
            # WPS answers a refused Execute as a failed process (200, ProcessFailed): tell the
            # access layer that no job was made, so it gives the day's job back
            if getattr(request, "http_request", None) is not None:
                request.http_request.environ[NO_JOB] = True
            raise _error(f"{err.title}: {err.detail}") from None
        job = run_as_job(op, inputs, f"wps-{response.uuid}",
                         lambda message, percent: response.update_status(message, percent),
                         owner=user.id if user is not None else None)
        if job is None or job["status"] == jobs.DISMISSED:
            raise _error("the job was dismissed")
        if job["status"] != jobs.SUCCESSFUL:
            raise _error(job["message"])
        link = job["result"]["links"][0]
        out = response.outputs["result"]
        out.data_format = Format(link["type"].split(";")[0].strip())
        out.file = str(jobs.job_results_dir(job["id"]) / link["title"])
        response.update_status("Job complete", 100)
        return response

    return SignedLinksProcess(
        _handler,
        identifier=op.id,
        title=op.title,
        abstract=op.description,
        version=op.version,
        keywords=list(op.keywords),
        inputs=[_literal(i) for i in op.inputs],
        outputs=[SignedComplexOutput(out.name, out.title, abstract=out.description,
                               supported_formats=_formats(op), as_reference=True)
                 for out in op.outputs],
        store_supported=True,
        status_supported=True,
    )


def wps_processes() -> list[Process]:
    return [make_process(op) for op in OPERATIONS.values()]
