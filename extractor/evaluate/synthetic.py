"""Synthetic batches of any size, for scaling tests and ``evaluation/bench.py``.

A real batch is many wire stories, each told by several outlets: a national or
regional total, the local force's own figure, now and then a breakdown (by officer
sex, by complainant) and a figure for a period a year earlier. :func:`synthetic_batch`
draws such a batch for ``n`` articles with the number of stories growing with ``n``
(one story every ``ARTICLES_PER_STORY`` articles), so scopes, periods, measures,
qualifiers and the regional and national totals all vary with the size, as on a real
archive: a batch twice as large has about twice as many figures and totals to check.

The records are made directly (no NLP): they exercise reconciliation, the checks, the
store and the review page. All wording is invented here; values are deterministic for
a seed. :func:`write_batch` puts a batch into an evidence store.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..lexicons import Force, load_forces, slug
from ..reconcile.intervals import interval_of
from ..records import Document, EntityMention
from ..records.claims import Claim

ARTICLES_PER_STORY = 8
# what a story counts: (measure, the noun as written); a few, as in a real desk's stories
MEASURES = (("allegation", "allegations"), ("complaint", "complaints"), ("officer", "officers"),
            ("arrest", "arrests"), ("hearing", "misconduct hearings"))  # fmt: skip


@dataclass(frozen=True)
class Story:
    """One wire story: what it counts, over which years, and the area it totals."""

    number: int
    measure: str
    noun: str
    period: tuple[int, int]
    area: str  # "national" or "region:<slug>"
    qualifiers: tuple[tuple[str, str], ...]


def story_for(s: int, seed: int = 2026) -> Story:
    """Story ``s`` of a batch drawn with ``seed`` (the bench tells it in words)."""
    forces = [f for f in load_forces() if f.kind == "territorial" and f.region]
    return _story(s, sorted({f"region:{slug(f.region)}" for f in forces}), seed)


def _story(s: int, regions: list[str], seed: int) -> Story:
    """Story ``s``: drawn on its own (seeded by its number), so that what the stories count,
    their periods and areas do not cycle: keys keep growing with the batch."""
    rng = random.Random(f"{seed}:{s}")
    measure, noun = rng.choice(MEASURES)
    end = rng.randint(1995, 2024)
    start = end - rng.choice((0, 0, 1, 2, 4))
    area = "national" if rng.random() < 0.3 else rng.choice(regions)
    quals = rng.choice(((("complainant", "public"),), (("officer_sex", "male"),), (), (), ()))
    return Story(s, measure, noun, (start, end), area, quals)


def _value(*parts: object) -> int:
    """A deterministic count for what ``parts`` name (the same in every article)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=4).digest()
    return 5 + int.from_bytes(digest, "big") % 400


class _Article:
    """An article's text built sentence by sentence, with its claims and force mentions."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.text = ""
        self.claims: list[Claim] = []
        self.entities: list[EntityMention] = []

    def sentence(
        self, words: str, number: str, value: float, approx: str, story: Story,
        scope: str | None, qualifiers: dict, place: tuple[str, str, str] | None,
    ) -> None:  # fmt: skip
        """Add ``words`` (``{n}`` where the number goes, ``{place}`` where the force or
        region is named) and the claim it states."""
        start = len(self.text) + (1 if self.text else 0)
        body = words.replace("{place}", place[1] if place else "")
        sentence = body.replace("{n}", number)
        self.text += (" " if self.text else "") + sentence
        at = start + body.index("{n}")
        claim_end = at + len(number)
        if place:
            p_at = start + sentence.index(place[1])
            self.entities.append(EntityMention(
                self.doc_id, place[2], place[1], p_at, p_at + len(place[1]), place[0], None, None, None,
                sentence, start, "synthetic",
            ))  # fmt: skip
        interval = interval_of(value, approx)
        self.claims.append(Claim(
            claim_id=f"{self.doc_id}:{at}-{claim_end}", doc_id=self.doc_id, value=float(value),
            approx=approx, low=interval.low, high=interval.high, measure=story.measure,
            noun=story.noun.split()[-1], scope=scope, period_start=story.period[0],
            period_end=story.period[1], qualifiers=qualifiers,
            qualifier_text=" ".join(f"{k} {v}" for k, v in qualifiers.items()), speaker=None,
            sentence=sentence, sentence_start=start, text=number, start=at, end=claim_end,
            rule="synthetic", scope_basis="stated", period_basis="stated",
            qualifier_basis=dict.fromkeys(qualifiers, "stated"),
        ))  # fmt: skip


def synthetic_batch(n: int, seed: int = 2026) -> Iterator[tuple[Document, list[EntityMention], list[Claim]]]:
    """``n`` articles as ``(document, force mentions, claims)``, about ``n /
    ARTICLES_PER_STORY`` stories (see the module docstring)."""
    rng = random.Random(seed)
    forces = [f for f in load_forces() if f.kind == "territorial" and f.region]
    regions = sorted({f"region:{slug(f.region)}" for f in forces})
    region_name = {f"region:{slug(f.region)}": f.region for f in forces}
    n_stories = max(1, n // ARTICLES_PER_STORY)
    for k in range(n):
        story = _story(k % n_stories, regions, seed)
        members = [f for f in forces if story.area == "national" or f"region:{slug(f.region)}" == story.area]
        force: Force = members[(k // n_stories) % len(members)]
        doc_id = f"synthetic-{k:06d}"
        article = _Article(doc_id)
        quals = dict(story.qualifiers)
        what = story.noun + ("".join(f" ({k}: {v})" for k, v in story.qualifiers) if quals else "")
        years = f"between {story.period[0]} and {story.period[1]}"
        total = sum(_value(story.number, f.id) for f in members)
        stated, approx = total, "exact"
        roll = rng.random()
        if roll < 0.15:  # a rounded retelling of the total
            stated, approx = round(total, -1) + 10, "almost"
        elif roll < 0.17:  # a misstated total: a conflict to review
            stated = total + rng.randint(1, 9)
        area_name = "forces in England and Wales" if story.area == "national" else region_name[story.area]
        place = None if story.area == "national" else (story.area, area_name, "REGION")
        article.sentence(f"Across {{place}}{'' if place else area_name} there were {{n}} {what} {years}.",
                         f"{'almost ' if approx == 'almost' else ''}{stated}", stated, approx, story,
                         story.area, quals, place)  # fmt: skip
        own = _value(story.number, force.id)
        article.sentence(f"{{place}} recorded {{n}} {what} over the same years.", str(own), own, "exact",
                         story, force.id, quals, (force.id, force.name, "FORCE"))  # fmt: skip
        if not quals and rng.random() < 0.3:  # a breakdown by officer sex
            male = own * 3 // 4
            for sex, part in (("male", male), ("female", own - male)):
                article.sentence(f"Of those, {{n}} concerned {sex} officers at {{place}}.", str(part), part,
                                 "exact", story, force.id, {"officer_sex": sex},
                                 (force.id, force.name, "FORCE"))  # fmt: skip
        if rng.random() < 0.1:  # the year before, for comparison
            year_before = (story.period[0] - 1, story.period[1] - 1)
            earlier = Story(
                story.number, story.measure, story.noun, year_before, story.area, story.qualifiers
            )
            before = _value(story.number, force.id, "before")
            article.sentence("A year earlier {place} had {n}.", str(before), before, "exact", earlier,
                             force.id, quals, (force.id, force.name, "FORCE"))  # fmt: skip
        text = article.text
        document = Document(doc_id, f"{doc_id}.txt", f"{story.period[1] + 1}-03-{1 + k % 28:02d}", len(text),
                            hashlib.sha256(text.encode()).hexdigest(), "ok",
                            headline=f"{story.noun.capitalize()} figures for {force.name}")  # fmt: skip
        yield document, article.entities, article.claims


def write_batch(store_dir: Path, n: int, seed: int = 2026) -> int:
    """Put a synthetic batch of ``n`` articles into ``store_dir/evidence.sqlite`` (made if
    new); returns the number of claims written."""
    from ..outputs.store import Store  # the store pulls in pandas: only when writing one

    claims = 0
    with Store(Path(store_dir) / "evidence.sqlite") as store:
        batch = []
        for document, entities, found in synthetic_batch(n, seed):
            batch.append((document, entities, [], found))
            claims += len(found)
            if len(batch) == 500:
                store.put_articles(batch)
                batch = []
        store.put_articles(batch)
    return claims


def describe(n: int, seed: int = 2026) -> dict[str, int]:
    """How varied a batch of ``n`` is: distinct scopes, periods, measures and totals."""
    scopes, periods, measures, totals = set(), set(), set(), set()
    for _, _, claims in synthetic_batch(n, seed):
        for c in claims:
            scopes.add(c.scope)
            periods.add((c.period_start, c.period_end))
            measures.add(c.measure)
            if c.scope and (c.scope == "national" or c.scope.startswith("region:")):
                totals.add(json.dumps([c.scope, c.measure, c.period_start, c.period_end, c.qualifiers]))
    return {"scopes": len(scopes), "periods": len(periods), "measures": len(measures), "totals": len(totals)}
