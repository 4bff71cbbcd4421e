"""Stored process graphs of each user (opendias.graphs.schema): put, get, list, delete by
(owner, kind, id), in the service's one database."""

from __future__ import annotations

import json

from opendias import database
from opendias.config import get_settings
from opendias.graphs.schema import JOB, PROCESS, PROCESS_GRAPHS as TABLE

__all__ = ["GraphStore", "JOB", "PROCESS"]


class GraphStore:
    def __init__(self, url: str | None = None):
        self.engine = database.engine(url or get_settings().database_url)

    def _key(self, owner: str, kind: str, item_id: str):
        return (TABLE.c.owner == owner, TABLE.c.kind == kind, TABLE.c.id == item_id)

    def put(self, owner: str, kind: str, item_id: str, document: dict) -> None:
        """Store (or replace) one document."""
        stamp = database.now_text()
        text = json.dumps(document)

        def run():
            with self.engine.begin() as conn:
                done = conn.execute(TABLE.update().where(*self._key(owner, kind, item_id))
                                    .values(document=text, updated=stamp)).rowcount
                if not done:
                    conn.execute(TABLE.insert().values(owner=owner, kind=kind, id=item_id,
                                                       document=text, created=stamp,
                                                       updated=stamp))
        database.retry(run)

    def get(self, owner: str, kind: str, item_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(TABLE.select().where(*self._key(owner, kind, item_id))).first()
        return None if row is None else {**json.loads(row.document), "_created": row.created}

    def list(self, owner: str, kind: str) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(TABLE.select().where(TABLE.c.owner == owner,
                                                     TABLE.c.kind == kind)
                                .order_by(TABLE.c.created, TABLE.c.id)).all()
        return [{**json.loads(r.document), "_created": r.created} for r in rows]

    def delete(self, owner: str, kind: str, item_id: str) -> bool:
        def run():
            with self.engine.begin() as conn:
                return conn.execute(TABLE.delete().where(*self._key(owner, kind,
                                                                    item_id))).rowcount
        return bool(database.retry(run))

    def user_processes(self, owner: str | None, graph: dict) -> dict:
        """The user-defined processes of `owner` that `graph` calls, and those they call:
        {id: {"process_graph", "parameters"}} (none for an anonymous caller)."""
        from opendias.graphs.checks import processes_of
        from opendias.graphs.registry import specs

        found: dict = {}
        todo = [p for p in processes_of(graph) if p not in specs()]
        while owner and todo:
            pid = todo.pop()
            doc = None if pid in found else self.get(owner, PROCESS, pid)
            if doc is None:
                continue
            found[pid] = {"process_graph": doc["process_graph"],
                          "parameters": doc.get("parameters") or []}
            todo += [p for p in processes_of(doc["process_graph"])
                     if p not in specs() and p not in found]
        return found
