"""Free-text ranking of the catalogue: words of a text (lower-cased, stop words dropped, a
plural `s` stripped) and BM25 over weighted fields (BM25F with one length norm)."""

from __future__ import annotations

import math
import re
from collections import Counter

# Field weights of the ranking: a word in the title counts three times one in the abstract.
FIELD_WEIGHTS = {"title": 3.0, "tags": 2.0, "dataset_id": 1.5, "service": 1.5,
                 "area": 1.5, "centre": 1.0, "abstract": 1.0, "variables": 1.0}
BM25_K1 = 1.2
BM25_B = 0.75
STOP_WORDS = frozenset(
    "a an and are as at be by for from has in is it its of on or the to with".split())
_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Lower-cased words of a text, stop words dropped, a plural `s` stripped."""
    return [_stem(w) for w in _WORD.findall(str(text).lower()) if w not in STOP_WORDS]


class TextIndex:
    """BM25 over the weighted fields of every dataset (BM25F with one length norm)."""

    def __init__(self, documents: dict[str, dict[str, str]]):
        self.tf: dict[str, Counter] = {}
        self.length: dict[str, float] = {}
        df: Counter = Counter()
        for doc_id, fields in documents.items():
            tf: Counter = Counter()
            for name, text in fields.items():
                weight = FIELD_WEIGHTS.get(name, 1.0)
                for word in tokenize(text):
                    tf[word] += weight
            self.tf[doc_id] = tf
            self.length[doc_id] = sum(tf.values())
            df.update(tf.keys())
        self.n = len(documents)
        self.avg_length = (sum(self.length.values()) / self.n) if self.n else 1.0
        self.idf = {w: math.log(1 + (self.n - d + 0.5) / (d + 0.5)) for w, d in df.items()}

    def score(self, doc_id: str, words: list[str]) -> float:
        tf, total = self.tf[doc_id], 0.0
        norm = BM25_K1 * (1 - BM25_B + BM25_B * self.length[doc_id] / (self.avg_length or 1))
        for word in words:
            f = tf.get(word, 0.0)
            if f:
                total += self.idf[word] * f * (BM25_K1 + 1) / (f + norm)
        return total

    def match(self, doc_id: str, q: str) -> float | None:
        """Score of a document for `q`, or None if it does not match.

        `q` is a comma-separated list of alternatives; a document matches an alternative
        when it holds all of its words; its score is the best matching alternative's.
        """
        best = None
        tf = self.tf[doc_id]
        for alternative in q.split(","):
            words = tokenize(alternative)
            if not words or not all(w in tf for w in words):
                continue
            s = self.score(doc_id, words)
            best = s if best is None else max(best, s)
        return best
