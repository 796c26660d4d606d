"""Reporting words (cues) and the speaker each names, before or after it."""

from __future__ import annotations

from .model import (
    Cue,
    RawQuote,
    Speaker,
)


class CuesMixin:
    """Reporting words (cues) and the speaker each names, before or after it."""

    # -- cues -------------------------------------------------------------------------

    def find_cues(self) -> None:
        """Reporting words outside quotes (the longest of overlapping ones), in text order;
        the names just before them join ``full_names``."""
        matches = sorted((s, e) for s, e in self.phrases("cue") if not self.quoted[s])
        out: list[Cue] = []
        for s, e in matches:
            if out and s < out[-1].end:
                if e - s > out[-1].end - out[-1].start:
                    out[-1] = Cue(s, e, self.span_text(s, e).lower())
                continue
            out.append(Cue(s, e, self.span_text(s, e).lower()))
        for cue in out:
            cue.after = cue.text in self.f.after_cues
        self.cues = out
        self.cue_starts = [c.start for c in out]
        for cue in out:  # names of people who speak, for "Ms Harding" -> "Lucy Harding"
            j = cue.start
            while j > 0 and self.lows[j - 1] in self.f.skip_before:
                j -= 1
            name = self.capitalised_name(max(0, j - 3), j)
            if name is not None and name.value not in self.full_names:
                self.full_names.append(name.value)

    def window_start(self, i: int) -> int:
        """Where the clause before token ``i`` starts: the sentence start, a quote, a colon."""
        sent_start = self.sent_bounds[self.sent_of[i]][0]
        j = i - 1
        while j >= sent_start:
            if self.quoted[j] or self.words[j] in (":", ";"):
                return j + 1
            j -= 1
        return sent_start

    def subject_before(self, cue: Cue) -> Speaker | None:
        """The speaker named before a cue, within its clause: "X said", "X, head of Y, said",
        "X, who ..., said", "..., who said" (the nearest person before)."""
        lows, f = self.lows, self.f
        ws = max(self.window_start(cue.start), cue.start - f.limits["max_subject_tokens"])
        j = cue.start - 1
        while j >= ws and (lows[j] in f.skip_before or lows[j] in ("’s", "'s")):
            j -= 1
        if j < ws:
            return None
        segs = self.segments(ws, j + 1)
        last = segs[-1]
        if last[1] > last[0]:
            first = lows[last[0]]
            if first in f.relatives and last[1] - last[0] <= 2:
                return self.relative(first, last[0], cue.start)
            if len(segs) == 1 or not self.appositive(last):
                sp = self.resolve_segment(*last, at=cue.start, adjacent=True)
                if sp is not None or not self._coordinated(last):
                    return sp
                # "X, head of Y, welcomed the figures but said ...": the first verb's subject
        # "Name, role of Org, said" / "Name, head of Y said": the head before the descriptions,
        # after any opening adverbial ("Responding to the figures, ...")
        heads = [s for s in segs[:-1] if s[1] > s[0] and lows[s[0]] not in f.adverbial_starts]
        named = [s for s in heads if not self.appositive(s) and self._has_person(s)]
        named.sort(key=lambda s: not self._has_person(s, entity_only=True))
        for seg in named + heads:  # a name first: "The IOPC's director, Jo Bloggs, said"
            sp = self.resolve_segment(*seg, at=cue.start, adjacent=False)
            if sp is not None:
                return sp
        return self.resolve_segment(*last, at=cue.start, adjacent=True)

    def _has_person(self, seg: tuple[int, int], entity_only: bool = False) -> bool:
        """Whether a stretch names a person (``entity_only``: one the entity layer found)."""
        if any(
            c.kind == "person" and not (entity_only and c.extra.get("raw")) for c in self.candidates_in(*seg)
        ):
            return True
        return not entity_only and self.capitalised_name(*seg) is not None

    def _coordinated(self, seg: tuple[int, int]) -> bool:
        """A predicate joined to the cue: "welcomed the figures but" (verb first, a coordinator last)."""
        a, b = seg
        if b - a < 2 or self.lows[b - 1] not in self.f.coordinators:
            return False
        return not self.tagged() or self.doc[a].pos_ in ("VERB", "AUX")

    def segments(self, a: int, b: int) -> list[tuple[int, int]]:
        """Comma- or dash-separated stretches of [a, b); a trailing comma leaves an empty last one."""
        segs = []
        s = a
        for i in range(a, b):
            if self.words[i] in (",", "–", "—") and not self._in_entity(i):
                segs.append((s, i))
                s = i + 1
        segs.append((s, b))
        return segs

    def _in_entity(self, i: int) -> bool:
        """Token ``i`` is inside a name (a force, body or person; not its first or last token)."""
        return i in self._inside_names

    def appositive(self, seg: tuple[int, int]) -> bool:
        """A stretch that describes rather than names: "head of people at X", "who leads ...",
        "27", "the chairman of X" (a title and no name)."""
        a, b = seg
        if b <= a:
            return True
        tok = self.doc[a]
        low = tok.lower_
        if tok.like_num:
            return True
        if low in self.f.relatives or low in self.f.affiliation_starts:
            return True  # "who leads ...", "of the force's standards department"
        cands = self.candidates_in(a, b)
        if any(c.kind in ("person", "spokes") for c in cands):
            return False
        if low in self.f.openers:
            return any(c.kind == "role" and c.start <= a + 2 for c in cands)
        if tok.is_lower and tok.is_alpha and low not in self.f.pronouns:
            if low in self.f.adverbial_starts:
                return False  # "with both forces saying": a clause, not a description
            return tok.pos_ in ("NOUN", "ADJ", "PROPN", "") or not self.tagged()
        return any(c.kind == "role" and c.start == a for c in cands)

    def relative(self, word: str, at: int, cue_at: int) -> Speaker | None:
        """ "..., who said": the nearest person (who) or organisation (which) before."""
        sent_start = self.sent_bounds[self.sent_of[at]][0]
        kinds = ("person",) if word in self.f.rel_person else ("force", "body")
        for c in reversed(self.candidates_in(sent_start, at)):
            if c.kind in kinds and not self.quoted[c.start]:
                return self.speaker_of(c, cue_at)
        return None

    def subject_after(self, cue: Cue) -> Speaker | None:
        """ "said deputy director Denzi Ugur", "according to Kent Police"."""
        words = self.words
        b = cue.end
        limit = min(len(words), cue.end + 12)
        while (
            b < limit
            and not self.quoted[b]
            and words[b] not in (",", ".", ":", ";", "!", "?")
            and (self.sent_of[b] == self.sent_of[cue.start])
        ):
            b += 1
        return self.resolve_segment(cue.end, b, at=cue.start, adjacent=False)

    def resolve_cues(self, blocks: list[RawQuote]) -> None:
        """Each cue's speaker, in text order, so that pronouns find the speaker before them.
        Attribution lines of block quotes and dashes count as attributions too."""
        extra: list[tuple[int, Speaker]] = []
        for q in blocks:
            if q.speaker is not None and q.rule == "block-tail":
                extra.append((self.token_at(q.end), q.speaker))
        dash = {}
        for q in self.quotes:
            found = self.dash_speaker(q)
            if found is not None:
                dash[id(q)] = found
                extra.append((self.token_at(q.close_at or q.end), found))
        self._dash = dash
        items = [(c.start, 0, c) for c in self.cues] + [(pos, 1, sp) for pos, sp in extra]
        for pos, kind, item in sorted(items, key=lambda x: (x[0], x[1])):
            if kind == 1:
                self.add_event(pos, item)
                continue
            cue = item
            if cue.after:
                cue.speaker = self.subject_after(cue)
            else:
                cue.speaker = self.subject_before(cue)
                if cue.speaker is None and self._right_after_quote(cue.start):
                    cue.speaker = self.subject_after(cue)
                if cue.speaker is None and cue.text.endswith("ing"):
                    cue.speaker = self._main_verb_speaker(cue)
            if cue.speaker is not None:
                self.add_event(cue.start, cue.speaker)
        # block quotes introduced by "X said:" take the intro's speaker now that cues are known
        for q in blocks:
            if q.rule == "block-intro":
                intro = self._intro_cue(q)
                if intro is not None and intro.speaker is not None:
                    q.speaker, q.cue = intro.speaker, intro.text
                elif q.speaker is None:
                    q.rule = "unattributed"

    def _main_verb_speaker(self, cue: Cue) -> Speaker | None:
        """ "he said, adding: ...": a participle cue takes the speaker of the cue before it."""
        k = self.cues.index(cue) - 1
        if k >= 0 and self.sent_of[self.cues[k].start] == self.sent_of[cue.start]:
            return self.cues[k].speaker
        return None

    def _right_after_quote(self, i: int) -> bool:
        j = i - 1
        while j >= 0 and self.words[j] in (",", "-", "–"):
            j -= 1
        return j >= 0 and self.quoted[j]
