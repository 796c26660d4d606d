"""Who a stretch of the reporter's text names: candidates and their speakers."""

from __future__ import annotations

import bisect
import re

from ..extensions import (
    BODIES,
    ENTITIES,
    FORCES,
    OFFICIALS,
    RANKS,
)
from .model import (
    ENTITY_LABELS,
    Candidate,
    Speaker,
    _head,
)


class SpeakersMixin:
    """Who a stretch of the reporter's text names: candidates and their speakers."""

    # -- candidates for speakers -------------------------------------------------

    def index_candidates(self) -> None:
        """Every token range that can name a speaker, keyed by its first token. Writes
        ``cands`` (sorted), ``body_mentions``, ``full_names`` and ``role_at``."""
        doc, f, words, lows = self.doc, self.f, self.words, self.lows
        cands: list[Candidate] = []
        if ENTITIES in doc.spans:
            spans = list(doc.spans[ENTITIES])
        else:
            spans = [s for key in (FORCES, BODIES, OFFICIALS) for s in doc.spans.get(key, [])]
        rank_tokens: set[int] = set()
        self.role_at: dict[int, tuple[int, str]] = {}
        # ranks and titles as the officials component found them (longest match kept)
        ranks = sorted(
            ((r.start, r.end, r.kb_id_) for r in doc.spans.get(RANKS, [])), key=lambda r: (r[0], -r[1])
        )
        for s, e, role in ranks:  # longest first: "Deputy Chief Constable" hides "Chief Constable"
            if s in rank_tokens and e - 1 in rank_tokens:
                continue
            rank_tokens.update(range(s, e))
            self.role_at[s] = (e, role)
        taken: set[int] = set()
        for span in spans:
            kind = ENTITY_LABELS.get(span.label_)
            if kind is None or not span.kb_id_:
                continue
            if kind == "person" and all(
                i in rank_tokens or doc[i].is_punct for i in range(span.start, span.end)
            ):
                continue  # a title taken for a name ("Deputy Chief Constable")
            cands.append(Candidate(span.start, span.end, kind, span.kb_id_))
            taken.update(range(span.start, span.end))
        # people the entity layer leaves out (private people who speak): NER, else capitalised names
        for ent in doc.ents:
            if ent.label_ == "PERSON" and not any(i in taken for i in range(ent.start, ent.end)):
                end = ent.end
                while end - 1 > ent.start and words[end - 1] in f.stop:
                    end -= 1  # "Sian Hughes MS": letters after the name are no part of it
                name = re.sub(r"(?:'s|’s|'|’)$", "", self.span_text(ent.start, end)).strip()
                start = ent.start + (1 if words[ent.start] in f.courtesy else 0)
                if start < end and name:
                    cands.append(Candidate(start, end, "person", name, {"raw": True}))
                    taken.update(range(ent.start, ent.end))
        titled = [] if f.courtesy.isdisjoint(words) else [i for i, w in enumerate(words) if w in f.courtesy]
        for i in titled:  # most articles have no "Mr" or "Dr": the quick check above says so
            if i in taken or i + 1 in taken or self.quoted[i]:
                continue  # "Dame Ursula Penrose": the entity layer has the person already
            if i + 1 < len(doc) and self._name_token(i + 1):
                cands.append(Candidate(i, i + 2, "person", words[i + 1], {"raw": True, "surname": True}))
                taken.update((i, i + 1))
        for s, (e, role) in self.role_at.items():
            if not any(i in taken for i in range(s, e)) and not self.quoted[s]:
                cands.append(Candidate(s, e, "role", role))
        for s, e in self.phrases("spokes"):
            cands.append(Candidate(s, e, "spokes"))
        for s, e in self.phrases("generic-force"):
            cands.append(Candidate(s, e, "generic-force"))
        heads = self._body_heads()
        words_wanted = f.pronouns | f.documents | heads
        for i in [i for i, low in enumerate(lows) if low in words_wanted]:
            low = lows[i]
            if self.quoted[i] or i in taken:
                continue
            if low in f.pron_person:
                cands.append(Candidate(i, i + 1, "pron-person"))
            elif low in f.pron_body:
                cands.append(Candidate(i, i + 1, "pron-body"))
            elif low in f.documents:
                cands.append(Candidate(i, i + 1, "document"))
            elif low in heads and i > 0 and lows[i - 1] == "the":
                cands.append(Candidate(i, i + 1, "generic-body", low))
        self.cands = sorted(cands, key=lambda c: (c.start, -c.end))
        self._cand_starts = [c.start for c in self.cands]  # for candidates_in()
        self.body_mentions = sorted(
            (c.start, c.value, c.kind) for c in self.cands if c.kind in ("force", "body")
        )
        self.full_names = self._full_names()
        # tokens inside a name (not its first or last): commas there do not separate segments
        names = [c for c in self.cands if c.kind in ("force", "body", "person")]
        self._inside_names = {i for c in names for i in range(c.start + 1, c.end - 1)}

    def _body_heads(self) -> set[str]:
        if not hasattr(self, "_heads"):
            names = {s.kb_id_ for s in self.doc.spans.get(BODIES, [])}
            self._heads = {_head(n) for n in names if n and len(n.split()) > 1}
        return self._heads

    def _name_token(self, i: int) -> bool:
        """Whether token ``i`` can be a word of a name: capitalised, not a title or stopword."""
        text = self.words[i]
        if text in self.f.stop or not text[:1].isupper() or text.lower() in self.f.rank_forms:
            return False
        return self.doc[i].is_alpha or "-" in text or "'" in text or "’" in text

    def _full_names(self) -> list[str]:
        names = [n for n, v in self.people.items() if len(n.split()) >= 2]
        names += [c.value for c in self.cands if c.kind == "person" and len(c.value.split()) >= 2]
        return list(dict.fromkeys(names))

    def full_name(self, name: str) -> str:
        """A surname or partial name -> the fullest name the article gives with that ending."""
        if len(name.split()) >= 2 and name in self.people:
            return name
        last = name.split()[-1] if name.split() else name
        for full in self.full_names:
            if full.split()[-1] == last and len(full) > len(name):
                return full
        forenames = [full for full in self.full_names if full.split()[0] == name]
        if len(forenames) == 1:  # "Dame Ursula" -> "Ursula Penrose", when no one else has the forename
            return forenames[0]
        if len(name.split()) == 1:  # "Ms Carter" ... "Emma Carter reported": a forename before it
            words = self.words
            for i in [i for i, word in enumerate(words) if word == last and i > 0]:
                prev = words[i - 1]
                if self._name_token(i - 1) and prev not in self.f.courtesy:
                    return f"{prev} {last}"
        return name

    def candidates_in(self, a: int, b: int) -> list[Candidate]:
        """The candidates within tokens [a, b), in ``cands`` order (found by their starts)."""
        lo, hi = bisect.bisect_left(self._cand_starts, a), bisect.bisect_right(self._cand_starts, b)
        return [c for c in self.cands[lo:hi] if c.end <= b]

    def capitalised_name(self, a: int, b: int) -> Candidate | None:
        """Blank-pipeline fallback: two or three capitalised words ending at ``b`` (``Lucy Harding``)."""
        j = b
        while j > a and b - j < 3 and self._name_token(j - 1):
            j -= 1
        if b - j >= 2:
            return Candidate(j, b, "person", self.span_text(j, b), {"raw": True})
        return None

    # -- speakers ------------------------------------------------------------------

    def speaker_of(self, cand: Candidate, at: int, seg: tuple[int, int] | None = None) -> Speaker | None:
        """The speaker a candidate names, at token ``at`` (pronouns look back from there)."""
        kind = cand.kind
        if kind == "person":
            name = self.full_name(cand.value) if cand.extra.get("raw") else cand.value
            org = (self.people.get(name) or {}).get("org")
            return Speaker(name, "person", org)
        if kind in ("force", "body"):
            return Speaker(cand.value, kind, cand.value)
        if kind == "role":
            return self.role_speaker(cand, seg or (cand.start, cand.end))
        if kind == "pron-person":
            return self.person_pronoun(at)
        if kind == "pron-body":
            return self.last_event(at, ("force", "body"), within_paras=3)
        if kind == "generic-force":
            return self.last_mention(cand.start, ("force",))
        if kind == "generic-body":
            return self.last_mention(cand.start, ("body",), head=cand.value)
        return None

    def role_speaker(self, cand: Candidate, seg: tuple[int, int]) -> Speaker | None:
        """ "Greater Manchester Police's Deputy Chief Constable": the person the article names
        in that office (and org); else, with an org, that org."""
        org_cand = None
        for c in self.candidates_in(max(seg[0], cand.start - 4), min(seg[1], cand.end + 6)):
            if c.kind in ("force", "body"):
                if org_cand is None or abs(c.start - cand.start) < abs(org_cand.start - cand.start):
                    org_cand = c
        org = org_cand.value if org_cand else None
        role = cand.value.lower()
        holders = [
            n for n, v in self.people.items() if (v.get("role") or "").lower() == role and len(n.split()) >= 2
        ]
        for same_org in (lambda v: org is None or v.get("org") == org, lambda v: v.get("org") is None):
            found = [n for n in holders if same_org(self.people[n])]
            if len(found) == 1:
                return Speaker(found[0], "person", self.people[found[0]].get("org") or org)
        if org_cand is not None and role not in ("spokesperson",):
            return Speaker(org_cand.value, org_cand.kind, org_cand.value)
        return None

    def last_event(self, at: int, kinds: tuple[str, ...], within_paras: int | None = None) -> Speaker | None:
        k = bisect.bisect_left(self.event_keys, at)
        limit_para = self.para_of_token(at) - within_paras if within_paras is not None else -1
        for j in range(k - 1, -1, -1):
            pos, sp = self.events[j]
            if within_paras is not None and self.para_of_token(pos) < limit_para:
                break
            if sp.kind in kinds:
                return sp
        if "person" in kinds:  # no earlier speaker: the last person named before
            for c in reversed(self.cands):
                if c.start < at and c.kind == "person":
                    return self.speaker_of(c, c.start)
        return None

    def person_pronoun(self, at: int) -> Speaker | None:
        """ "He"/"she" at token ``at``: the person who opens the sentence before, when that
        sentence attributes nothing ("Jo Hale, 29, was jailed. He told the court: ..."); else
        the last person who spoke (or, with no speaker yet, the last person named)."""
        sid = self.sent_of[at] - 1
        if sid >= 0:
            a, b = self.sent_bounds[sid]
            k = bisect.bisect_left(self.event_keys, a)
            spoke = k < len(self.event_keys) and self.event_keys[k] < b
            if not spoke and self.para_of_token(a) >= self.para_of_token(at) - 1:
                opening = [c for c in self.candidates_in(a, min(b, a + 4)) if not self.quoted[c.start]]
                if (opening and opening[0].kind == "person") or (
                    len(opening) > 1 and opening[0].kind == "role" and opening[1].kind == "person"
                ):
                    person = opening[0] if opening[0].kind == "person" else opening[1]
                    return self.speaker_of(person, at)
            said = [c for c in self.candidates_in(a, b) if not self.quoted[c.start]]
            if (
                self.para_of_token(a) >= self.para_of_token(at) - 1
                and any(c.kind == "spokes" for c in said)
                and not any(c.kind == "person" for c in said)
            ):
                # "..., a spokeswoman for the force said. 'We got it wrong,' she said": the
                # spokesperson the sentence before reported, for the body they speak for
                body = self.spokesperson_body(said, at)
                if body is not None:
                    return body
        return self.last_event(at, ("person",))

    def last_mention(self, at: int, kinds: tuple[str, ...], head: str | None = None) -> Speaker | None:
        for start, value, kind in reversed(self.body_mentions):
            if start < at and kind in kinds and (head is None or _head(value) == head):
                return Speaker(value, kind, value)
        return None

    def add_event(self, at: int, speaker: Speaker) -> None:
        k = bisect.bisect_right(self.event_keys, at)
        self.event_keys.insert(k, at)
        self.events.insert(k, (at, speaker))

    def context_body(self, at: int) -> Speaker | None:
        """ "A spokesperson said" beside a paragraph on one body: that body."""
        sp = self.last_event(at, ("force", "body"), within_paras=2)
        if sp is not None:
            return sp
        p = self.para_of_token(at)
        for q in (p, p - 1):
            if q < 0:
                continue
            para = self.paras[q]
            found = {
                (c.value, c.kind)
                for c in self.candidates_in(
                    para.first_token, min(para.end_token, at if q == p else para.end_token)
                )
                if c.kind in ("force", "body")
            }
            if len(found) == 1:
                value, kind = found.pop()
                return Speaker(value, kind, value)
        return None

    def resolve_segment(self, a: int, b: int, at: int, adjacent: bool) -> Speaker | None:
        """The speaker a stretch of the reporter's text names: a spokesperson's body, a person,
        an office's holder, an organisation, a pronoun's referent, in that order."""
        if b <= a:
            return None
        cands = [c for c in self.candidates_in(a, b) if not self.quoted[c.start]]
        kinds = {c.kind for c in cands}
        ordered = list(reversed(cands)) if adjacent else cands
        if "spokes" in kinds:
            return self.spokesperson_body(cands, at)
        if "document" in kinds:
            return self.document_author(cands, at)
        # a person the entity layer found before a name only the statistical NER offers
        # ("Devon and Cornwall's PCC, Gareth Polwhele": "Devon" is NER's guess)
        ordered = sorted(ordered, key=lambda c: bool(c.kind == "person" and c.extra.get("raw")))
        for group in (("person",), ("role",), ("force", "body"), ("generic-force", "generic-body")):
            for c in ordered:
                if c.kind in group:
                    sp = self.speaker_of(c, at, (a, b))
                    if sp is not None:
                        return sp
        if adjacent or b - a <= 4:
            name = self.capitalised_name(a, b)
            if name is not None:
                return self.speaker_of(name, at)
        if adjacent:
            last = self.lows[b - 1]
            if last in self.f.pron_person:
                return self.person_pronoun(at)
            if last in self.f.pron_body and b - a <= 2:
                return self.last_event(at, ("force", "body"), within_paras=3)
        return None

    def spokesperson_body(self, cands: list[Candidate], at: int) -> Speaker | None:
        """ "A spokesperson for Kent Police", "A Home Office spokesperson": the body named with
        the word; "A spokesperson" alone: the body the text is about; "a spokesperson for the
        family": no one."""
        lows = self.lows
        spokes = next(c for c in reversed(cands) if c.kind == "spokes")
        bodies = [c for c in cands if c.kind in ("force", "body", "generic-body", "generic-force")]
        k = spokes.end
        if k < len(lows) and lows[k] in ("for", "from", "at", "of", "to"):
            k += 1 + (k + 1 < len(lows) and lows[k + 1] == "the")
            # "for Kent Police", "for the IOPC"; "for the force" (its candidate holds "the")
            after = [c for c in bodies if c.start == k or (c.start == k - 1 and lows[c.start] == "the")]
            return self.speaker_of(after[0], at) if after else None
        if lows[spokes.end - 1] in ("from", "at", "for", "of"):  # "statement from X"
            after = [c for c in bodies if c.start in (spokes.end, spokes.end + 1)]
            return self.speaker_of(after[0], at) if after else None
        before = [c for c in bodies if c.end <= spokes.start]
        if before:
            return self.speaker_of(before[-1], at)
        return self.context_body(at)

    def document_author(self, cands: list[Candidate], at: int) -> Speaker | None:
        """ "The IOPC report said", "a statement from Kent Police", "Baroness Casey's review
        found": the author right before or after the document word; else no one."""
        words, lows = self.words, self.lows
        for d in (c for c in reversed(cands) if c.kind == "document"):
            for c in cands:
                if c.kind in ("document", "spokes", "pron-person", "pron-body"):
                    continue
                # "the IOPC report", "the IOPC's report", "the IOPC's latest annual report"
                gap = range(c.end + 1, d.start)
                before = c.end == d.start or (
                    c.end < d.start
                    and words[c.end] in ("'s", "’s", "'", "’")
                    and len(gap) <= 3
                    and all(lows[k].isalpha() and words[k].islower() for k in gap)
                )
                k = d.end
                after = (
                    k < len(lows)
                    and lows[k] in ("by", "from", "of")
                    and (c.start == k + 1 or (c.start == k + 2 and lows[k + 1] == "the"))
                )
                if before or after:
                    return self.speaker_of(c, at, (c.start, c.end))
        d = next((c for c in reversed(cands) if c.kind == "document"), None)
        opens = d is not None and d.start > 0 and self.sent_bounds[self.sent_of[d.start]][0] == d.start - 1
        if opens and lows[d.start - 1] in ("the", "its"):
            # "The report said ..." opening its sentence: the report of the body the article
            # last named (its author was named where the report was introduced)
            return self.last_mention(d.start, ("body",))
        return None
