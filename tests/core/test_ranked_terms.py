"""Terms with many briefs keep their ids ranked newest first: lookups slice that ranking, and
it follows every change (a newer brief, a removed one, a restored snapshot)."""

from __future__ import annotations

import datetime as dt
import pickle

from oncobrief.index import RANKED_MIN
from oncobrief.library import Library
from oncobrief.models import Attribution, Brief


def brief(n: int, posted: dt.date, drug: str = "osimertinib") -> Brief:
    return Brief(
        id=f"b{n:05d}",
        title=f"Study {n}",
        attribution=Attribution(posted=posted),
        limitations_stated=False,
        drugs=[drug],
        genes=["EGFR"],
    )


def test_a_large_term_is_ranked_and_the_ranking_follows_changes() -> None:
    start = dt.date(2020, 1, 1)
    many = RANKED_MIN + 50
    library = Library()
    for n in range(many):  # posted dates shuffled against ids
        library.add(brief(n, start + dt.timedelta(days=(n * 37) % many)))
    library._catalogue.settle()
    expected = sorted(range(many), key=lambda n: -((n * 37) % many))[:5]

    lookup = library.by_drug("osimertinib", limit=5)
    assert [b.id for b in lookup.briefs] == [f"b{n:05d}" for n in expected]
    assert lookup.total == many

    library.add(brief(99999, start + dt.timedelta(days=10_000)))  # the newest of all
    assert library.by_gene("EGFR", limit=1).briefs[0].id == "b99999"
    assert library.by_drug("osimertinib", limit=1).briefs[0].id == "b99999"
    library.remove("b99999")
    assert [b.id for b in library.by_drug("osimertinib", limit=5).briefs] == [
        f"b{n:05d}" for n in expected
    ]

    restored = pickle.loads(pickle.dumps(library._catalogue.index))
    assert restored.drugs.newest("osimertinib", restored.dates, 5) == [
        f"b{n:05d}" for n in expected
    ]
    assert restored.genes.ids("EGFR") and len(restored.genes.ids("EGFR")) == many


def test_search_top_k_ranks_like_bm25s_retrieve() -> None:
    """The bincount top-k in TextIndex gives bm25s's own ranking and scores."""
    import random

    import numpy as np

    from oncobrief.fulltext import TextIndex

    rng = random.Random(3)
    words = [f"w{i}" for i in range(60)]
    index = TextIndex()
    for n in range(400):
        index.add_tokens(f"d{n:04d}", [rng.choice(words) for _ in range(rng.randrange(3, 25))])
    index.build()
    for _ in range(20):
        query = [rng.choice(words) for _ in range(3)]
        ours = list(index.search(" ".join(query), 10))
        docs, scores = index._retriever.retrieve([query], k=10, show_progress=False)
        theirs = [
            (index._order[int(d)], float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]
        assert len(ours) == len(theirs)
        assert np.allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-4)
        by_id = dict(theirs)
        for brief_id, score in ours:  # the same briefs, unless tied at the cut-off
            assert brief_id in by_id or np.isclose(score, theirs[-1][1], atol=1e-4)
