"""Terms with many briefs keep their ids ranked newest first: lookups slice that ranking, and
it follows every change (a newer brief, a removed one, a restored snapshot)."""

from __future__ import annotations

import datetime as dt
import pickle

from oncobrief.index import RANKED_MIN
from oncobrief.library import Library
from oncobrief.models import Attribution, Brief, Evidence


def brief(n: int, posted: dt.date, drug: str = "osimertinib") -> Brief:
    return Brief(
        id=f"b{n:05d}",
        title=f"Study {n}",
        attribution=Attribution(posted=posted),
        evidence=Evidence(),
        summary=[],
        findings=[],
        limitations=[],
        limitations_stated=False,
        drugs=[drug],
        drug_classes=[],
        genes=["EGFR"],
        alterations=[],
        cancer_types=[],
        entities=[],
        quotes=[],
        warnings=[],
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
