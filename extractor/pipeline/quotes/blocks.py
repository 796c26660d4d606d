"""Block quotations without marks: after an intro ending in a colon, or before an attribution line."""

from __future__ import annotations

from .model import (
    SENTENCE_BREAK,
    TERMINAL,
    Cue,
    RawQuote,
    Speaker,
)


class BlocksMixin:
    """Block quotations without marks: after an intro ending in a colon, or before an attribution line."""

    # -- block quotations -------------------------------------------------------------

    def find_blocks(self) -> list[RawQuote]:
        """Paragraphs quoted without marks: those after an intro ending "said:" up to an
        attribution (a line of its own, or the end of the last paragraph), else only the
        paragraph right after the intro; and any paragraph ending with an attribution."""
        out: list[RawQuote] = []
        marked = {q.para for q in self.quotes}
        n = len(self.paras)
        p = 0
        while p < n:
            if p in marked or self._attribution_line(p) or not self._block_prose(p):
                p += 1
                continue
            intro = p > 0 and self._ends_with_colon(p - 1)
            run, attribution = [p], self._run_attribution(p)
            if intro and attribution is None:
                k = p
                while k + 1 < n and k + 1 not in marked and len(run) < self.f.limits["block_max_paragraphs"]:
                    k += 1
                    if self._attribution_line(k) or not self._block_prose(k):
                        break
                    run.append(k)
                    attribution = self._run_attribution(k)
                    if attribution is not None:
                        break
                if attribution is None:
                    run = [p]
            if not intro and attribution is None:
                p += 1
                continue
            for k in run:
                tail = self.attribution_tail(k)
                start, end = self._trim(self.paras[k].start, tail[0] if tail else self.paras[k].end)
                q = RawQuote(start, end, k, None, None, block=True)
                q.tokens = (self.token_at(start), self.token_at(end - 1) + 1)
                q.speaker = attribution
                q.rule = "block-tail" if attribution is not None else "block-intro"
                q.own = True
                out.append(q)
            p = run[-1] + 1
        return out

    def _block_prose(self, p: int) -> bool:
        tail = self.attribution_tail(p)
        return self._prose(self.paras[p].start, tail[0] if tail else self.paras[p].end)

    def _run_attribution(self, p: int) -> Speaker | None:
        """The speaker an attribution names at the end of paragraph ``p`` or on the line below."""
        tail = self.attribution_tail(p)
        if tail is not None:
            return tail[1]
        if p + 1 < len(self.paras) and self._attribution_line(p + 1):
            return self._line_speaker(p + 1)
        return None

    def _trim(self, s: int, e: int) -> tuple[int, int]:
        inner = self.text[s:e]
        return s + len(inner) - len(inner.lstrip()), e - (len(inner) - len(inner.rstrip()))

    def _prose(self, s: int, e: int) -> bool:
        text = self.text[s:e].strip()
        return len(text.split()) >= self.f.limits["min_block_words"] and text[-1:] in TERMINAL + "\"”’'"

    def _ends_with_colon(self, p: int) -> bool:
        para = self.paras[p]
        if not self.text[para.start : para.end].rstrip().endswith(":"):
            return False
        return any(para.first_token <= c.start < para.end_token for c in self.cues)

    def _intro_cue(self, q: RawQuote) -> Cue | None:
        p = q.para - 1
        while p >= 0 and not self._ends_with_colon(p):
            p -= 1
        if p < 0:
            return None
        return self._cue_before(self.paras[p].end_token - 1)

    def _attribution_like(self, a: int, b: int) -> Speaker | None:
        """Tokens [a, b) that only name someone: names, titles, organisations, connectors."""
        words, f = self.words, self.f
        if b <= a or b - a > f.limits["max_tail_tokens"]:
            return None
        if words[b - 1] in TERMINAL or words[b - 1] in (":", ";", ","):
            return None
        cands = [c for c in self.candidates_in(a, b) if c.kind in ("person", "force", "body", "role")]
        if not any(c.kind in ("person", "force", "body") for c in cands):
            return None
        covered = {i for c in cands for i in range(c.start, c.end)}
        seen_comma = False
        for i in range(a, b):
            word = words[i]
            if word == ",":
                seen_comma = True
            if i in covered or word in f.connectors or self.doc[i].is_punct:
                continue
            if word[:1].isupper() or (seen_comma and self.doc[i].is_lower):
                continue
            return None
        if any(words[i] == ":" for i in range(a, b)):
            return None
        for seg in self.segments(a, b):  # "Claire Dunn, Durham Constabulary": the name first
            sp = self.resolve_segment(*seg, at=a, adjacent=False)
            if sp is not None:
                return sp
        return None

    def attribution_tail(self, p: int) -> tuple[int, Speaker] | None:
        """ "... held to account. DSU Dave Stalker, Cumbria Constabulary": (tail start, speaker).
        Worked out once per paragraph: its callers all run within find_blocks(), where what it
        reads (candidates, names, and no attributions yet) does not change."""
        if p not in self._tails:
            self._tails[p] = self._attribution_tail(p)
        return self._tails[p]

    def _attribution_tail(self, p: int) -> tuple[int, Speaker] | None:
        para = self.paras[p]
        text = self.text[para.start : para.end]
        found = None
        for m in SENTENCE_BREAK.finditer(text):
            found = m
        if found is None or found.end() >= len(text):
            return None
        start = para.start + found.end()
        a = self.token_at(start)
        if self._starts[a] != start:
            return None
        sp = self._attribution_like(a, para.end_token)
        if sp is None or not self._prose(para.start, para.start + found.start() + 1):
            return None
        return para.start + found.start() + 1, sp

    def _attribution_line(self, p: int) -> bool:
        """A paragraph that is only an attribution, right under the paragraph it attributes."""
        para = self.paras[p]
        if not para.after_line_break or p == 0:
            return False
        return self._line_speaker(p) is not None and self._prose(
            self.paras[p - 1].start, self.paras[p - 1].end
        )

    def _line_speaker(self, p: int) -> Speaker | None:
        para = self.paras[p]
        return self._attribution_like(para.first_token, para.end_token)
