"""Paragraphs, quote marks, tokens and reporter sentences of one document."""

from __future__ import annotations

import bisect

from .model import (
    LINE,
    LINE_BREAKS_AFTER,
    LINE_CONTINUES,
    SENTENCE_END_CHAR,
    SENTENCE_ENDS,
    TERMINAL,
    Paragraph,
    RawQuote,
)


class MarksMixin:
    """Paragraphs, quote marks, tokens and reporter sentences of one document."""

    # -- paragraphs and marks ----------------------------------------------------

    def find_paragraphs(self) -> None:
        """Blank lines end paragraphs; a single newline does too unless the line breaks
        mid-sentence (the previous line ends in a word or comma and the next starts lower-case)."""
        text = self.text
        paras: list[Paragraph] = []
        prev_end = None
        for m in LINE.finditer(text):  # the lines that are not blank, stripped
            ls, le = m.span()
            single = prev_end is not None and text.count("\n", prev_end, ls) == 1
            if paras and single:
                if LINE_BREAKS_AFTER.match(text, paras[-1].end - 1) and LINE_CONTINUES.match(text, ls):
                    paras[-1].end = le
                    prev_end = le
                    continue
            paras.append(Paragraph(ls, le, after_line_break=single))
            prev_end = le
        self.paras = paras

    def furniture(self, p: int) -> bool:
        """A page-furniture line ("Read more: ...", "MOST READ"): its quote marks quote no one here."""
        para = self.paras[p]
        low = self.text[para.start : para.end].lower()
        return any(
            low.startswith(w) and not low[len(w) : len(w) + 1].isalpha() for w in self.f.furniture_starts
        )

    def _role(self, i: int, start: int, end: int) -> tuple[str | None, str | None]:
        """(family, role) of the character at ``i``: role open | close | either | None (not a mark)."""
        c = self.text[i]
        if c in self.f.double:
            family, role = "double", self.f.double[c]
        elif c in self.f.single:
            family, role = "single", self.f.single[c]
        else:
            return None, None
        prev = self.text[i - 1] if i > start else " "
        nxt = self.text[i + 1] if i + 1 < end else " "
        left_open = prev.isspace() or prev in "([{/—–-" or prev in self.f.double or prev in self.f.single
        right_open = nxt.isspace() or nxt in ".,;:!?)]}…—–-" or nxt in self.f.double or nxt in self.f.single
        if family == "single" and prev.isalnum() and nxt.isalnum():
            return family, None  # an apostrophe: don't, O'Neil, women’s
        if family == "single" and role != "close" and left_open and nxt.isdigit():
            return family, None  # '90s
        if role == "either":
            if left_open and not right_open:
                return family, "open"
            if right_open and not left_open:
                return family, "close"
            if left_open and right_open:
                return family, "either" if family == "double" else None
            return family, None  # a mark inside a word
        if role == "open" and right_open and not left_open:
            return family, "close"  # an opening mark used to close
        if role == "close" and left_open and not right_open:
            return family, "open"
        return family, role

    def find_quotes(self) -> None:
        """The quotes of every paragraph with a quote-mark character in it (``quotes``)."""
        at = [m.start() for m in self.f.mark_re.finditer(self.text)]
        for i, para in enumerate(self.paras):
            lo, hi = bisect.bisect_left(at, para.start), bisect.bisect_left(at, para.end)
            if lo < hi:
                self.quotes.extend(self.scan(i, para, at[lo:hi]))
        self.bridge_open_quotes()

    def bridge_open_quotes(self) -> None:
        """A statement whose mark opens in one paragraph and closes paragraphs later, with no
        mark repeated between ("said: “We act.\n\nWe review.\n\nWe publish.”"): the paragraphs
        between are quotes too, one each (continuations of the one before)."""
        by_para: dict[int, list[RawQuote]] = {}
        for q in self.quotes:
            by_para.setdefault(q.para, []).append(q)
        added = []
        for p, found in by_para.items():
            last = max(found, key=lambda q: q.start)
            if last.open_at is None or last.close_at is not None:
                continue
            r = p + 1
            while r < len(self.paras) and r not in by_para and r - p <= self.f.limits["block_max_paragraphs"]:
                r += 1
            if r == p + 1 or r not in by_para or not min(by_para[r], key=lambda q: q.start).orphan:
                continue
            for k in range(p + 1, r):
                start, end = self.paras[k].start, self.paras[k].end
                added.append(RawQuote(start, end, k, None, None, orphan=True))
        if added:
            self.quotes = sorted(self.quotes + added, key=lambda q: q.start)

    def scan(self, index: int, para: Paragraph, at: list[int]) -> list[RawQuote]:
        """Pair the marks of one paragraph (``at``: its quote-mark characters, the only ones
        that can have a role); never raises on odd or stray marks."""
        text, start, end = self.text, para.start, para.end
        out: list[RawQuote] = []
        family: str | None = None
        opened = -1
        depth = 0
        marks = [(i, *self._role(i, start, end)) for i in at]
        marks = [(i, fam, role) for i, fam, role in marks if fam is not None and role is not None]

        def add(s: int, e: int, open_at: int | None, close_at: int | None, orphan: bool = False) -> None:
            inner = text[s:e]
            s2 = s + len(inner) - len(inner.lstrip())
            e2 = e - (len(inner) - len(inner.rstrip()))
            if e2 > s2 and any(ch.isalnum() for ch in text[s2:e2]):
                out.append(RawQuote(s2, e2, index, open_at, close_at, orphan=orphan))

        for k, (i, fam, role) in enumerate(marks):
            if family is None:
                if role in ("open", "either"):
                    family, opened = fam, i
                elif role == "close" and not out and fam == "double":
                    add(start, i, None, i, orphan=True)  # closed, never opened here
                continue
            if fam != family:
                continue  # the other family nests inside
            if role in ("close", "either"):
                if fam == "single" and self._possessive(i, end, marks[k + 1 :]):
                    continue
                if depth:
                    depth -= 1  # closes a quote nested in this one
                    continue
                add(opened + 1, i, opened, i)
                family = None
            elif role == "open":
                closers = sum(1 for _, f2, r2 in marks[k + 1 :] if f2 == fam and r2 in ("close", "either"))
                if closers >= 2:
                    depth += 1  # 'They called it "routine" but ...': nested, both still to close
                    continue
                add(opened + 1, i, opened, None)  # never closed: ends where the next one opens
                opened = i
        if family is not None:
            add(opened + 1, end, opened, None)
        return out

    def _possessive(self, i: int, end: int, later: list) -> bool:
        """``officers' use`` inside a single-quoted quote: an apostrophe, if a closer follows."""
        if self.text[i - 1] not in "sS" or i + 2 >= end or not self.text[i + 1].isspace():
            return False
        if not self.text[i + 2].islower():
            return False
        return any(fam == "single" and role in ("close", "either") for _, fam, role in later)

    # -- tokens and sentences ----------------------------------------------------

    def token_at(self, char: int) -> int:
        """Index of the token containing (or first after) body offset ``char``."""
        starts = self._starts
        return max(0, bisect.bisect_right(starts, char) - 1)

    def span_text(self, a: int, b: int) -> str:
        """``doc[a:b].text`` (``a < b``): the text from token ``a``'s start to token ``b - 1``'s end."""
        return self.text[self._starts[a] : self._starts[b - 1] + len(self.words[b - 1])]

    def map_tokens(self) -> None:
        """Token ranges of paragraphs and quotes; marks ``quoted`` tokens (marks included)."""
        for p in self.paras:
            p.first_token = self.token_at(p.start)
            p.end_token = self.token_at(p.end - 1) + 1
        for q in self.quotes:
            a = q.open_at if q.open_at is not None else q.start
            b = (q.close_at + 1) if q.close_at is not None else q.end
            ta, tb = self.token_at(a), self.token_at(b - 1) + 1
            self.quoted[ta:tb] = [True] * (tb - ta)
            q.tokens = (self.token_at(q.start), self.token_at(q.end - 1) + 1)
        self._para_starts = [p.first_token for p in self.paras]
        self.close_tok = {self.token_at(q.close_at): q for q in self.quotes if q.close_at is not None}
        self.open_tok = {self.token_at(q.open_at): q for q in self.quotes if q.open_at is not None}

    def find_sentences(self) -> None:
        """Reporter sentences: end at . ! ? outside quotes, after a quote ending a sentence
        that is followed by a capital or another quote, and at every paragraph end.
        Writes ``sent_bounds`` and ``sent_of``; only the tokens that can end a sentence
        (a terminal mark, a closing quote mark) are looked at."""
        words = self.words
        # tokens that are a terminal mark: each starts at a terminal character of the text
        stops = {self.token_at(m.start()) for m in SENTENCE_END_CHAR.finditer(self.text)}
        stops = sorted({i for i in stops if words[i] in SENTENCE_ENDS} | self.close_tok.keys())
        sent_of = self.sent_of
        sid = -1
        bounds: list[tuple[int, int]] = []
        for p in self.paras:
            start, end = p.first_token, p.end_token
            if start >= end:
                continue
            # a sentence ends at i only if token i + 1 is in the paragraph too
            lo, hi = bisect.bisect_left(stops, start), bisect.bisect_left(stops, end - 1)
            for i in stops[lo:hi]:
                if self._sentence_ends_at(i):
                    sid += 1
                    bounds.append((start, i + 1))
                    sent_of[start : i + 1] = [sid] * (i + 1 - start)
                    start = i + 1
            sid += 1
            bounds.append((start, end))
            sent_of[start:end] = [sid] * (end - start)
        self.sent_bounds = bounds

    def _sentence_ends_at(self, i: int) -> bool:
        """Whether a reporter's sentence ends after token ``i`` (followed by token ``i + 1``
        of the same paragraph): a terminal mark outside quotes, not before ")"; or a quote
        closing on a terminal mark, followed by another quote or a capital."""
        words, quoted = self.words, self.quoted
        if not quoted[i] and words[i] in SENTENCE_ENDS and words[i + 1] not in ")":
            return True
        q = self.close_tok.get(i)
        if q is None or self.text[q.start : q.end].rstrip()[-1:] not in TERMINAL:
            return False
        return i + 1 in self.open_tok or (not quoted[i + 1] and words[i + 1][:1].isupper())

    def para_of_token(self, i: int) -> int:
        return max(0, bisect.bisect_right(self._para_starts, i) - 1)
