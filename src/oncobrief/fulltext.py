"""Full-text search over briefs: BM25 ranking by the ``bm25s`` library.

bm25s builds its index one document at a time in Python, which takes minutes at 100,000
briefs on a small machine; its documentation invites overriding ``build_index_from_ids``, and
``vectorised_bm25()`` does so with numpy (same formulas: bm25s's own idf and tf scorers).
Briefs are tokenised once (in the parsing workers, then kept in the cache); a rebuild only
joins the stored token arrays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import numpy as np

from oncobrief.models import Brief

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's default token pattern


@cache
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN  # bm25s is imported only when search is used

    return frozenset(STOPWORDS_EN)


def tokens(text: str) -> list[str]:
    stopwords = _stopwords()
    return [token for token in _TOKEN.findall(text.lower()) if token not in stopwords]


def search_text(brief: Brief) -> str:
    """What full-text search sees: the title and the verbatim sentences the brief keeps,
    plus entity names. Boilerplate never reaches a brief, so it is never indexed."""
    parts: list[str] = [brief.title or ""]
    seen: set[tuple[int | None, int | None]] = set()
    verbatim = [*brief.summary, *brief.findings, *brief.quotes]
    verbatim += [lim for lim in brief.limitations if not lim.generated]
    for item in verbatim:
        where = (item.start, item.end)
        if where in seen:
            continue
        seen.add(where)
        parts.append(item.text)
    parts += brief.drugs + brief.drug_classes + brief.genes + brief.alterations
    parts += brief.cancer_types
    parts += sorted({entity.text for entity in brief.entities})
    return "\n".join(part for part in parts if part)


@cache
def vectorised_bm25():  # -> type[bm25s.BM25]
    """A bm25s.BM25 whose index build is vectorised (bm25s imported on first use)."""
    import bm25s
    from bm25s.scoring import _select_idf_scorer, _select_tfc_scorer

    class VectorisedBM25(bm25s.BM25):
        def build_index_from_ids(
            self, unique_token_ids, corpus_token_ids, show_progress=True, leave_progress=False
        ):
            if self.method not in ("robertson", "lucene", "atire"):  # variants needing more terms
                return super().build_index_from_ids(
                    unique_token_ids, corpus_token_ids, show_progress, leave_progress
                )
            self.nonoccurrence_array = None
            n_docs = len(corpus_token_ids)
            n_vocab = len(unique_token_ids)
            lengths = np.fromiter((len(doc) for doc in corpus_token_ids), np.int64, n_docs)
            flat = np.concatenate(corpus_token_ids).astype(np.int64) if lengths.sum() else None
            if flat is None:  # nothing to index: every column empty
                empty = np.zeros(0, dtype=self.dtype)
                indptr = np.zeros(n_vocab + 1, dtype=self.int_dtype)
                return {
                    "data": empty,
                    "indices": empty.astype(self.int_dtype),
                    "indptr": indptr,
                    "num_docs": n_docs,
                }
            # (token, document) pairs sorted by token then document: exactly the CSC layout.
            # In place, not np.unique: at 100,000 briefs each temporary copy is 200 MB.
            key = flat
            key *= n_docs
            key += np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
            key.sort()
            starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
            term_freq = np.diff(np.append(starts, len(key)))
            token_of, doc_of = np.divmod(key[starts], n_docs)
            del key, flat
            doc_freq = np.bincount(token_of, minlength=n_vocab)
            idf_of = _select_idf_scorer(self.idf_method)
            idf = np.zeros(n_vocab, dtype=np.float64)
            for token in np.flatnonzero(doc_freq):
                idf[token] = idf_of(int(doc_freq[token]), N=n_docs)
            tfc = _select_tfc_scorer(self.method)(
                tf_array=term_freq.astype(np.float64),
                l_d=lengths[doc_of],
                l_avg=lengths.mean(),
                k1=self.k1,
                b=self.b,
                delta=self.delta,
            )
            indptr = np.zeros(n_vocab + 1, dtype=np.int64)
            np.cumsum(doc_freq, out=indptr[1:])
            return {
                "data": (idf[token_of] * tfc).astype(self.dtype),
                "indices": doc_of.astype(self.int_dtype),
                "indptr": indptr.astype(self.int_dtype),
                "num_docs": n_docs,
            }

    return VectorisedBM25


class TextIndex:
    """BM25 over the search tokens of each brief (``tokens(search_text(brief))``).

    Tokens come with the brief: ``add_tokens`` (the loader reads them from the parsed-corpus
    cache, where the parsing workers put them) or ``add`` (made from the brief). The BM25
    matrix is static, so briefs added after a build are kept aside as "recent" and scored at
    query time with the built index's statistics, until they grow past ``REBUILD_FRACTION`` of
    the library and the next search rebuilds (vectorised). A removed brief is only masked out.
    The index pickles compactly (the token arrays of built briefs stay joined in one array),
    so the library keeps it in the cache between runs.
    """

    REBUILD_FRACTION = 0.05
    REBUILD_MIN = 500

    def __init__(self) -> None:
        self._vocab: dict[str, int] = {}
        self._token_ids: dict[str, np.ndarray] = {}
        self._packed: tuple[list[str], np.ndarray, np.ndarray] | None = None  # see _unpack
        self._order: list[str] = []  # document number -> brief id
        self._position: dict[str, int] = {}
        self._retriever = None  # a vectorised bm25s.BM25, once built
        self._mask: np.ndarray | None = None
        self._recent: set[str] = set()  # added since the build
        self._avg_length = 0.0
        self._stale = True

    @property
    def stale(self) -> bool:
        return self._stale

    def add(self, brief: Brief) -> None:
        self.add_tokens(brief.id, tokens(search_text(brief)))

    def add_tokens(self, brief_id: str, words: list[str]) -> None:
        vocab = self._vocab
        ids = [vocab.setdefault(word, len(vocab)) for word in words]
        self._unpack()
        self._token_ids[brief_id] = np.asarray(ids, dtype=np.int32)
        if self._stale:
            return
        self._recent.add(brief_id)
        if len(self._recent) > max(self.REBUILD_MIN, self.REBUILD_FRACTION * len(self._order)):
            self._stale = True

    def discard(self, brief_id: str) -> None:
        self._unpack()
        if brief_id not in self._token_ids:
            return
        del self._token_ids[brief_id]
        self._recent.discard(brief_id)
        position = self._position.get(brief_id)
        if self._mask is not None and position is not None:
            self._mask[position] = False

    def build(self) -> None:
        """(Re)build the BM25 matrix now; searches do it when needed."""
        self._unpack()
        self._order = sorted(self._token_ids)  # the same numbering whatever the load order
        self._position = {brief_id: n for n, brief_id in enumerate(self._order)}
        self._retriever = None
        if self._order:
            retriever = vectorised_bm25()()
            corpus = [self._token_ids[brief_id] for brief_id in self._order]
            vocab = dict(self._vocab)
            retriever.index((corpus, vocab), create_empty_token=False, show_progress=False)
            self._retriever = retriever
        self._mask = np.ones(len(self._order), dtype=bool)
        lengths = [len(self._token_ids[brief_id]) for brief_id in self._order]
        self._avg_length = sum(lengths) / max(len(lengths), 1)
        self._recent = set()
        self._stale = False

    def search(self, text: str, limit: int) -> Iterator[tuple[str, float]]:
        """(brief id, score) best first; only briefs sharing at least one term with ``text``."""
        if self._stale:
            self.build()
        terms = [term for term in tokens(text) if term in self._vocab]
        if limit <= 0 or not terms:
            return
        hits = self._recent_hits(terms)
        if self._retriever is not None:
            hits += self._built_hits(terms, min(limit, len(self._order)))
        hits.sort(key=lambda hit: -hit[1])
        yield from [hit for hit in hits if hit[1] > 0][:limit]

    def _built_hits(self, terms: list[str], k: int) -> list[tuple[str, float]]:
        """The ``k`` best built briefs: the BM25 matrix's columns summed as bm25s does, but
        with one ``bincount`` instead of bm25s's ``np.add.at`` per term and a top-k over the
        briefs that scored at all (at 100,000 briefs: about 1 ms instead of about 7)."""
        matrix = self._retriever.scores
        data, indices, indptr = matrix["data"], matrix["indices"], matrix["indptr"]
        built = len(indptr) - 1  # terms first seen after the build have no column
        tokens_ = [token for token in map(self._vocab.get, terms) if token < built]
        spans = [(indptr[token], indptr[token + 1]) for token in tokens_]
        spans = [(start, end) for start, end in spans if end > start]
        if not spans:
            return []
        docs = np.concatenate([indices[start:end] for start, end in spans])
        weights = np.concatenate([data[start:end] for start, end in spans])
        scores = np.bincount(docs, weights=weights, minlength=len(self._order))
        scores[~self._mask] = 0.0
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > k:
            best = np.argpartition(-scores[candidates], k - 1)[:k]
            candidates = candidates[best]
        ranked = candidates[np.argsort(-scores[candidates], kind="stable")]
        return [(self._order[int(doc)], float(scores[doc])) for doc in ranked]

    def _recent_hits(self, terms: list[str]) -> list[tuple[str, float]]:
        """BM25 scores of briefs added since the build, with the built index's idf and
        average length (the same formulas, via bm25s's scorers)."""
        if not self._recent or self._retriever is None:
            return []
        from bm25s.scoring import _select_idf_scorer, _select_tfc_scorer

        retriever = self._retriever
        indptr = retriever.scores["indptr"]
        n_docs = len(self._order)
        avg_length = self._avg_length
        idf_of = _select_idf_scorer(retriever.idf_method)
        tfc_of = _select_tfc_scorer(retriever.method)
        query = {self._vocab[term] for term in terms}
        hits = []
        for brief_id in sorted(self._recent):
            doc = self._token_ids[brief_id]
            score = 0.0
            for token in query:
                tf = int(np.count_nonzero(doc == token))
                if tf:
                    built = token + 1 < len(indptr)
                    df = int(indptr[token + 1] - indptr[token]) if built else 0
                    idf = idf_of(max(df, 1), N=max(n_docs, 1))
                    score += idf * float(
                        tfc_of(
                            tf_array=tf,
                            l_d=len(doc),
                            l_avg=avg_length,
                            k1=retriever.k1,
                            b=retriever.b,
                            delta=retriever.delta,
                        )
                    )
            hits.append((brief_id, score))
        return hits

    # --- pickling: one array for all token ids, not one object per brief ---------------------

    def _unpack(self) -> None:
        """Split the joined token arrays of a restored index back per brief: only when the
        index changes, so a start-up from the cache that only searches never pays for it."""
        if self._packed is None:
            return
        ids, lengths, flat = self._packed
        self._packed = None
        arrays = np.split(flat, np.cumsum(lengths)[:-1]) if ids else []
        self._token_ids.update(zip(ids, arrays, strict=True))

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        if self._packed is None:
            arrays = list(self._token_ids.values())
            state["_packed"] = (
                list(self._token_ids),
                np.fromiter((len(a) for a in arrays), np.int64, len(arrays)),
                np.concatenate(arrays) if arrays else np.zeros(0, np.int32),
            )
            state["_token_ids"] = {}
        state["_position"] = None  # derived from _order
        # The retriever's class is made at run time: keep its attributes, not the object.
        state["_retriever"] = None if self._retriever is None else vars(self._retriever)
        return state

    def __setstate__(self, state: dict) -> None:
        state["_position"] = {brief_id: n for n, brief_id in enumerate(state["_order"])}
        if state["_retriever"] is not None:
            retriever = vectorised_bm25()()
            vars(retriever).update(state["_retriever"])
            state["_retriever"] = retriever
        self.__dict__.update(state)
