"""Terms of use: each dataset's licence (its catalogue `policy`) is a term a user accepts once
before subsetting, downloading or processing that dataset. A term's id is its licence's
title in lower case, words joined by `-` ("Licence to use Copernicus Products" ->
`licence-to-use-copernicus-products`); datasets with the same policy share one term, and a
dataset without a policy has none. Acceptances live in the service's database
(opendias_terms_accepted, revision 0003_usage_and_terms)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from opendias import database
from opendias.config import get_settings
from opendias.errors import LicenceNotAccepted, NotFound
from opendias.identity.schema import TERMS_ACCEPTED

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def term_id(policy: str) -> str:
    return _NOT_WORD.sub("-", policy.lower()).strip("-")[:128]


@dataclass(frozen=True)
class Term:
    id: str
    title: str
    datasets: tuple[str, ...]

    def facts(self) -> dict:
        return {"id": self.id, "title": self.title, "datasets": list(self.datasets)}


def catalogue_terms() -> dict[str, Term]:
    """Every term of the catalogue by id, in the catalogue's order."""
    from opendias.catalogue import load_catalogue

    found: dict[str, tuple[str, list[str]]] = {}
    for entry in load_catalogue():
        policy = (entry.policy or "").strip()
        if policy and term_id(policy):
            found.setdefault(term_id(policy), (policy, []))[1].append(entry.id)
    return {tid: Term(tid, title, tuple(ids)) for tid, (title, ids) in found.items()}


def term_of(dataset_id: str) -> Term | None:
    """The term of a dataset (None: no policy, or not a dataset of the catalogue)."""
    return next((t for t in catalogue_terms().values() if dataset_id in t.datasets), None)


class Terms:
    """The terms users accepted (one database)."""

    def __init__(self, url: str | None = None):
        self.url = url or get_settings().database_url
        self.engine = database.engine(self.url)

    def accepted(self, user) -> dict[str, str]:
        """term id -> when the user accepted it (ISO 8601 UTC)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(TERMS_ACCEPTED.c.term_id, TERMS_ACCEPTED.c.accepted)
                                .where(TERMS_ACCEPTED.c.user_id == user.id)
                                .order_by(TERMS_ACCEPTED.c.term_id)).all()
        return {r.term_id: r.accepted for r in rows}

    def _known(self, term: str) -> Term:
        terms = catalogue_terms()
        if term not in terms:
            raise NotFound(f"no term {term!r}; terms: {', '.join(terms) or 'none'} "
                           "(GET /terms)", parameter="term_id")
        return terms[term]

    def accept(self, user, term: str) -> str:
        """Accept a term of the catalogue (again: keeps the first time); when accepted."""
        self._known(term)

        def run():
            with self.engine.begin() as conn:
                key = (TERMS_ACCEPTED.c.user_id == user.id, TERMS_ACCEPTED.c.term_id == term)
                when = conn.execute(sa.select(TERMS_ACCEPTED.c.accepted).where(*key)).scalar()
                if when is None:
                    when = database.now_text()
                    conn.execute(TERMS_ACCEPTED.insert().values(user_id=user.id, term_id=term,
                                                                accepted=when))
                return when
        try:
            return database.retry(run)
        except sa.exc.IntegrityError:  # accepted at the same moment by another request
            return self.accepted(user)[term]

    def revoke(self, user, term: str) -> bool:
        """Withdraw an acceptance; False if it was not accepted."""
        def run():
            with self.engine.begin() as conn:
                return conn.execute(TERMS_ACCEPTED.delete().where(
                    TERMS_ACCEPTED.c.user_id == user.id,
                    TERMS_ACCEPTED.c.term_id == term)).rowcount
        return bool(database.retry(run))

    def check(self, user, datasets) -> None:
        """Forbidden naming the first licence of `datasets` the user has not accepted, and
        how to accept it."""
        needed = [(d, t) for d, t in ((d, term_of(d)) for d in dict.fromkeys(datasets) if d)
                  if t is not None]
        if not needed:
            return
        accepted = self.accepted(user)
        for dataset, term in needed:
            if term.id not in accepted:
                raise LicenceNotAccepted(
                    f"dataset {dataset} is under the licence \"{term.title}\" (term "
                    f"{term.id}), which {user.name} has not accepted: read it (GET /terms) "
                    f"and accept it with PUT /termsaccepted/{term.id} and the body "
                    '{"accepted": true}', term=term.id, dataset=dataset)
