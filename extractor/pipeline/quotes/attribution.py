"""Attribution of one quote: its own rules first, then chain rules from quotes near it."""

from __future__ import annotations

import bisect
import re

from .model import (
    TERMINAL,
    Cue,
    RawQuote,
    Speaker,
)


class AttributionMixin:
    """Attribution of one quote: its own rules first, then chain rules from quotes near it."""

    # -- attribution of one quote ---------------------------------------------------

    def is_standalone(self, q: RawQuote) -> bool:
        """Direct speech: the quote opens its sentence (maybe after a colon) or its paragraph."""
        if q.open_at is None:
            return True
        i = self.token_at(q.open_at)
        para = self.paras[q.para]
        sent_start = self.sent_bounds[self.sent_of[i]][0]
        if i <= max(sent_start, para.first_token):
            return True
        j = i - 1
        return self.words[j] == ":" or (j >= 0 and self.quoted[j] and self.sent_of[j] == self.sent_of[i])

    def is_term(self, q: RawQuote) -> bool:
        """Terms, outcome labels and scare quotes: never quotes."""
        words = " ".join(self.text[q.start : q.end].lower().strip(" .,;:!?").split())
        if words in self.f.term_labels:
            return True
        i = self.token_at(q.open_at) if q.open_at is not None else q.tokens[0]
        before = self.lows[max(0, i - 4) : i]
        before_no_det = before[:-1] if before and before[-1] in self.f.determiners else before
        for phrase in self.f.term_before:
            n = len(phrase)
            if tuple(before[-n:]) == phrase or tuple(before_no_det[-n:]) == phrase:
                return True
        after = q.close_at + 1 if q.close_at is not None else q.end
        following = self.text[after : after + 40].split()
        if following and following[0].lower().strip(".,;:") in self.f.title_nouns:
            return True  # BBC Radio 4's "Today" programme, the "Stay Safe" campaign
        s, e = q.tokens
        if e - s == 1 and self.doc.has_annotation("DEP"):
            tok = self.doc[s]
            if tok.dep_ in ("amod", "compound") and tok.head.i >= e:
                return True  # 'appropriate' financial cost limits
        return False

    def attribute_own(self, q: RawQuote) -> None:
        if q.standalone:
            order = (self._colon_intro, self._trailing, self._dash_rule, self._in_sentence)
        else:
            order = (self._in_sentence, self._trailing, self._dash_rule)
        for rule in order:
            found = rule(q)
            if found is None:
                continue
            if found[0] is None:  # attributed, but to no one named ("a victims' group said")
                q.explicit, q.cue = True, q.cue or found[1]
                continue
            q.speaker, q.cue, q.rule = found
            q.own = True
            return

    def _colon_intro(self, q: RawQuote) -> tuple[Speaker | None, str, str] | None:
        if q.open_at is None:
            return None
        i = self.token_at(q.open_at)
        j = i - 1
        para = self.paras[q.para]
        if j >= para.first_token and self.words[j] == ":":
            colon = j
        elif i == para.first_token and q.para > 0:
            prev = self.paras[q.para - 1]
            k = prev.end_token - 1
            if k < 0 or self.words[k] != ":":
                return None
            colon = k
        else:
            return None
        cue = self._cue_before(colon)
        if cue is not None and cue.speaker is not None:
            return cue.speaker, cue.text, "colon-intro"
        ws = self.window_start(colon)
        sp = self.resolve_segment(ws, colon, at=colon, adjacent=True)
        if sp is None and cue is None:
            return None
        return sp, cue.text if cue is not None else "", "colon-intro"

    def _cue_before(self, i: int) -> Cue | None:
        """The last cue of the sentence before token ``i``."""
        sent_start = self.sent_bounds[self.sent_of[i]][0]
        k = bisect.bisect_left(self.cue_starts, i) - 1
        if k >= 0 and self.cues[k].start >= sent_start:
            return self.cues[k]
        return None

    def _trailing(self, q: RawQuote) -> tuple[Speaker | None, str, str] | None:
        """'"...," X said.' / '"...," said X.' / '"...", according to X.': the first cue
        after the closing mark, in the same sentence, before any other quote."""
        if q.close_at is None:
            return None
        i = self.token_at(q.close_at) + 1
        words = self.words
        n = len(words)
        if i >= n or self.sent_of[i] != self.sent_of[i - 1]:
            return None
        if not q.standalone and words[i] not in (",", *self.f.dashes):
            return None  # a fragment is attributed after it only at a clause end: '"..." , X said'
        sent = self.sent_of[i - 1]
        for j in range(i, min(n, i + self.f.limits["max_trailing_tokens"])):
            if self.quoted[j] or self.sent_of[j] != sent or words[j] in (".", "!", "?", ";", ":"):
                return None
            k = bisect.bisect_left(self.cue_starts, j)
            if k < len(self.cues) and self.cues[k].start == j:
                cue = self.cues[k]
                return cue.speaker, cue.text, "trailing"
        return None

    def dash_speaker(self, q: RawQuote) -> Speaker | None:
        """'"..." - Chief Superintendent Marcus Dale, head of ...'"""
        if q.close_at is None:
            return None
        i = self.token_at(q.close_at) + 1
        words = self.words
        if i >= len(words) or words[i] not in self.f.dashes or self.quoted[i]:
            return None
        para_end = self.paras[q.para].end_token
        b = i + 1
        while b < para_end and words[b] not in (",", ".", ";", ":") and not self.quoted[b]:
            b += 1
        return self.resolve_segment(i + 1, b, at=i, adjacent=False)

    def _dash_rule(self, q: RawQuote) -> tuple[Speaker, str, str] | None:
        sp = self._dash.get(id(q))
        return (sp, "", "dash") if sp is not None else None

    def _in_sentence(self, q: RawQuote) -> tuple[Speaker | None, str, str] | None:
        """A cue earlier in the quote's sentence: "X said the force had "zero tolerance"."""
        if q.open_at is None:
            return None
        i = self.token_at(q.open_at)
        sent_start = self.sent_bounds[self.sent_of[i]][0]
        k = bisect.bisect_left(self.cue_starts, i) - 1
        unresolved = None
        while k >= 0 and self.cues[k].start >= sent_start:
            cue = self.cues[k]
            if cue.speaker is not None:
                return cue.speaker, cue.text, "in-sentence"
            unresolved = unresolved or cue
            k -= 1
        return (None, unresolved.text, "in-sentence") if unresolved is not None else None

    # -- chain rules ------------------------------------------------------------------

    def attribute_chain(self, q: RawQuote) -> None:
        if q.explicit:
            return  # its own attribution names no one: no other rule overrides that
        rules: tuple = (self._echo,)
        if q.standalone:
            rules = (
                self._split,
                self._continuation,
                self._echo,
                self._previous_sentence,
                self._next_sentence,
            )
        for rule in rules:
            found = rule(q)
            if found is not None:
                q.speaker, q.cue, q.rule = found
                return

    def _headline(self, q: RawQuote) -> bool:
        """A headline or standfirst: the first paragraph, or one with no final full stop."""
        para = self.paras[q.para]
        return q.para == 0 or self.text[para.start : para.end].rstrip("\"'“”‘’ ")[-1:] not in TERMINAL

    def _headline_like(self, q: RawQuote) -> bool:
        """A headline, standfirst or pull quote: the first paragraph, a paragraph with no final
        full stop, or a paragraph that is the quote alone."""
        para = self.paras[q.para]
        text = self.text[para.start : para.end]
        bare = text.strip().strip("\"'“”‘’").strip()
        return (
            q.para == 0 or text.rstrip("\"'“”‘’ ")[-1:] not in TERMINAL or bare == self.text[q.start : q.end]
        )

    def _echo(self, q: RawQuote) -> tuple[Speaker, str, str] | None:
        if not self._headline_like(q):
            return None
        words = re.findall(r"\w+", self.text[q.start : q.end].lower())
        if not words:
            return None
        pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b")
        for other in self.quotes:
            if other is q or other.speaker is None or not other.own:
                continue
            if pattern.search(self.text[other.start : other.end].lower()):
                return other.speaker, "", "echo"
        return None

    def _split(self, q: RawQuote) -> tuple[Speaker, str, str] | None:
        same = [
            o
            for o in self.quotes
            if o.para == q.para and o is not q and o.speaker is not None and o.standalone
        ]
        before = [o for o in same if o.start < q.start]
        after = [o for o in same if o.start > q.start]
        if before:
            return before[-1].speaker, before[-1].cue, "split"
        for o in after:
            if o.own:
                return o.speaker, o.cue, "split"
        return None

    def _continuation(self, q: RawQuote) -> tuple[Speaker, str, str] | None:
        """A paragraph that reopens (or just continues) the quote of the paragraph before;
        caption-like paragraphs (no marks, no cue, short) in between are skipped."""
        start_tok = self.token_at(q.open_at) if q.open_at is not None else q.tokens[0]
        if start_tok != self.paras[q.para].first_token and not q.orphan:
            return None
        p = q.para - 1
        skipped = 0
        while p >= 0:
            prev = [o for o in self.quotes if o.para == p]
            if prev:
                last = max(prev, key=lambda o: o.start)
                if last.speaker is not None and last.standalone:
                    return last.speaker, last.cue, "continuation"
                return None
            if self._caption_like(p) and skipped < 2:
                skipped += 1
                p -= 1
                continue
            return None
        return None

    def _caption_like(self, p: int) -> bool:
        para = self.paras[p]
        has_cue = any(para.first_token <= c.start < para.end_token for c in self.cues)
        words = len(self.text[para.start : para.end].split())
        return not has_cue and words <= self.f.limits["caption_max_words"]

    def _previous_sentence(self, q: RawQuote) -> tuple[Speaker, str, str] | None:
        i = self.token_at(q.open_at) if q.open_at is not None else q.tokens[0]
        sid = self.sent_of[i] - 1
        if sid < 0:
            return None
        a, b = self.sent_bounds[sid]
        if self.para_of_token(a) < q.para - 1:
            return None
        for cue in reversed([c for c in self.cues if a <= c.start < b]):
            if cue.speaker is not None:
                return cue.speaker, cue.text, "previous-sentence"
        return None

    def _next_sentence(self, q: RawQuote) -> tuple[Speaker, str, str] | None:
        """'"We will act." Chief Constable X said the force ...': the next sentence of the
        paragraph opens with a speaker and a cue."""
        if q.close_at is None:
            return None
        i = self.token_at(q.close_at) + 1
        if i >= len(self.words) or self.para_of_token(i) != q.para:
            return None
        sid = self.sent_of[i]
        if sid == self.sent_of[i - 1]:
            return None
        a, b = self.sent_bounds[sid]
        cue = next((c for c in self.cues if a <= c.start < b), None)
        if cue is not None and cue.speaker is not None and cue.start - a <= 8:
            return cue.speaker, cue.text, "next-sentence"
        return None
