"""Direct quotes and who said them.

Reads: the text (quote marks, paragraphs), ``doc.spans["entities"]`` (or the
forces, bodies and officials groups), ``doc._.people``, and PERSON entities
where the statistical model has them; works on ``spacy.blank("en")`` too,
where only the rules that need no parser run. Writes ``doc.spans["quotes"]``:
label QUOTE, the span covers the quoted words without the marks, ``kb_id_``
is the speaker (an official's or other person's full name, a force id or a
body's canonical name; ``""`` when no one is named) and ``id_`` the rule.
The group's ``attrs["quotes"]`` holds one plain dict per span, in the same
order: exact character offsets (the body), cue, speaker kind, speaker id or
org, paragraph index.

What counts (ANNOTATION.md QUOTE, evaluation/notes/quotes.md):
- Words inside quote marks (straight or curly, double or single as the outer
  marks; the other family nests inside), one quote per pair of marks and per
  paragraph; a mark never closed ends at its paragraph's end.
- Block quotations without marks: the paragraphs after an intro ending
  "said:", and a paragraph ending in an attribution line
  ("... account. DSU Dave Stalker, Cumbria Constabulary").
- A fragment inside the reporter's sentence is a quote only when a cue gives
  it to an identified speaker; terms, outcome labels and scare quotes never.

Rules (``id_``), tried in this order for each quote:
``colon-intro`` ("X said: ..."), ``trailing`` (", X said." / ", said X." /
", he added."), ``dash`` ('"..." - Name'), ``in-sentence`` (a cue earlier in
the same sentence, fragments too), then chain rules for quotes with no
attribution of their own: ``split`` (another quote of the same paragraph),
``continuation`` (a paragraph reopening the quote), ``echo`` (a headline or
pull quote repeating an attributed quote), ``previous-sentence`` (a quote
introduced in one sentence, attributed in the one before),
``next-sentence``; ``block-intro`` and ``block-tail`` for block quotations;
``unattributed`` when nothing names a speaker. Fragments get only ``echo``
(in a headline). A quote whose own attribution names no one ("a victims'
group said") stays unattributed: no chain rule overrides it.
Speakers: a named person (the full name the article gives anywhere), an
office's holder ("the Deputy Chief Constable" -> the person the article
names in that office), a spokesperson's body ("A spokesperson for X", or the
body the paragraph before is about), an organisation, "he"/"she" -> the last
person who spoke, "it"/"they" -> the last organisation that spoke.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup

from ..lexicons import LexiconError, read_json, read_jsonl
from .extensions import (
    BODIES,
    ENTITIES,
    FORCES,
    OFFICIALS,
    QUOTES,
    RANKS,
    char_starts,
    doc_text,
    lowers,
    orths,
)

RULE_KEYS = [
    "double_marks",
    "single_marks",
    "cues",
    "speaker_after_cues",
    "skip_before_cue",
    "spokesperson_words",
    "document_words",
    "person_pronouns",
    "body_pronouns",
    "relative_person",
    "relative_body",
    "generic_force_words",
    "appositive_openers",
    "adverbial_starts",
    "affiliation_starts",
    "determiners",
    "courtesy_titles",
    "name_stopwords",
    "attribution_connectors",
    "coordinators",
    "dashes",
    "term_before",
    "term_labels",
    "title_nouns",
    "max_subject_tokens",
    "max_trailing_tokens",
    "max_tail_tokens",
    "min_block_words",
    "block_max_paragraphs",
    "caption_max_words",
]
TERMINAL = ".!?…"
SENTENCE_ENDS = (".", "!", "?", "…")  # tokens that end a reporter's sentence
# a character that can be a sentence-ending token (see find_sentences)
SENTENCE_END_CHAR = re.compile("[" + re.escape("".join(SENTENCE_ENDS)) + "]")
LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a line without the whitespace around it (never blank)
LINE_BREAKS_AFTER = re.compile(r"[A-Za-z0-9,;\-–]")  # a line ending so continues below ...
LINE_CONTINUES = re.compile(r"[a-z0-9]")  # ... if the next line starts so
SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’]?\s+")  # where a tail after a sentence may start
ENTITY_LABELS = {"OFFICIAL": "person", "FORCE": "force", "ORG": "body"}


# --- plain data ---------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    """Who said it: ``name`` is what the quote records (full name, force id or body
    name); ``kind`` person | force | body; ``ident`` the entity id or the person's org."""

    name: str
    kind: str
    ident: str | None = None


@dataclass
class Paragraph:
    start: int
    end: int
    after_line_break: bool  # separated from the previous one by a single newline
    first_token: int = 0
    end_token: int = 0


@dataclass
class RawQuote:
    """A quote found in the text; offsets are body characters of the words inside the marks."""

    start: int
    end: int
    para: int
    open_at: int | None  # the opening mark, None for block quotes and orphan closers
    close_at: int | None  # the closing mark, None when never closed
    block: bool = False
    orphan: bool = False  # closed but never opened in its paragraph
    speaker: Speaker | None = None
    cue: str = ""
    rule: str = ""
    standalone: bool = True  # direct speech, not a fragment inside the reporter's sentence
    own: bool = False  # attributed by a rule of its own (not a chain rule)
    explicit: bool = False  # has an attribution of its own that names no one
    tokens: tuple[int, int] = (0, 0)  # inner tokens [start, end)


@dataclass
class Cue:
    start: int  # tokens
    end: int
    text: str
    speaker: Speaker | None = None
    after: bool = False  # the speaker follows the cue ("according to X")


@dataclass
class Candidate:
    start: int
    end: int
    # person | force | body | role | spokes | document | pron-person | pron-body
    # | generic-force | generic-body
    kind: str
    value: str = ""
    extra: dict = field(default_factory=dict)


_OF_FOR = re.compile(r"\s+(?:of|for)\s+")


def _head(name: str) -> str:
    """A body's head noun: "Police Federation of England and Wales" -> "federation"."""
    words = _OF_FOR.split(name, maxsplit=1)[0].split()
    return words[-1].lower() if words else ""


# --- the component ------------------------------------------------------------------


@Language.factory(
    "extractor_quotes",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"rules_path": "quote_rules.json", "ranks_path": "ranks.jsonl"},
)
def make_quotes(nlp: Language, name: str, rules_path: str, ranks_path: str) -> QuoteFinder:
    return QuoteFinder(nlp, name, rules_path=rules_path, ranks_path=ranks_path)


class QuoteFinder:
    """Finds quotes, block quotations and their speakers (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, *, rules_path: str, ranks_path: str) -> None:
        self.name = name
        rules = read_json(rules_path, required=RULE_KEYS)
        self.double = self._marks(rules["double_marks"], "double_marks")
        self.single = self._marks(rules["single_marks"], "single_marks")
        # any quote-mark character: find_quotes() looks only at these
        mark_chars = "".join(sorted(set(self.double) | set(self.single)))
        self.mark_re = re.compile(f"[{re.escape(mark_chars)}]" if mark_chars else "(?!)")
        # one phrase matcher on LOWER (much faster than token patterns for literal phrases), one
        # key per kind of phrase: a single pass over the doc finds them all (see _DocState.phrases)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases.add("cue", [nlp.make_doc(phrase) for phrase in rules["cues"]])
        self.phrases.add("spokes", [nlp.make_doc(w) for w in rules["spokesperson_words"]])
        self.phrases.add("generic-force", [nlp.make_doc(f"the {w}") for w in rules["generic_force_words"]])
        self.phrase_kinds = {nlp.vocab.strings[k]: k for k in ("cue", "spokes", "generic-force")}
        self.after_cues = {c.lower() for c in rules["speaker_after_cues"]}
        self.skip_before = {w.lower() for w in rules["skip_before_cue"]}
        self.documents = {w.lower() for w in rules["document_words"]}
        self.pron_person = set(rules["person_pronouns"])
        self.pron_body = set(rules["body_pronouns"])
        self.pronouns = self.pron_person | self.pron_body
        self.rel_person = set(rules["relative_person"])
        self.rel_body = set(rules["relative_body"])
        self.relatives = self.rel_person | self.rel_body
        self.openers = {w.lower() for w in rules["appositive_openers"]}
        self.adverbial_starts = {w.lower() for w in rules["adverbial_starts"]}
        self.affiliation_starts = {w.lower() for w in rules["affiliation_starts"]}
        self.determiners = {w.lower() for w in rules["determiners"]}
        self.courtesy = set(rules["courtesy_titles"])
        self.stop = set(rules["name_stopwords"]) | self.courtesy
        self.connectors = set(rules["attribution_connectors"])
        self.coordinators = {w.lower() for w in rules["coordinators"]}
        self.dashes = set(rules["dashes"])
        self.term_before = [tuple(p.lower().split()) for p in rules["term_before"]]
        self.term_labels = {" ".join(t.lower().split()) for t in rules["term_labels"]}
        self.title_nouns = {w.lower() for w in rules["title_nouns"]}
        self.limits = {
            k: int(rules[k]) for k in RULE_KEYS if k.startswith(("max_", "min_", "block_max", "caption"))
        }
        ranks = read_jsonl(ranks_path, required=["role", "forms", "kind"])
        self.rank_forms = {f.lower() for r in ranks for f in r["forms"]}

    @staticmethod
    def _marks(spec: dict, where: str) -> dict[str, str]:
        if set(spec) != {"open", "close", "either"}:
            raise LexiconError(f"quote rules '{where}': keys must be open, close, either")
        return {c: role for role in ("open", "close", "either") for c in spec[role]}

    # -- entry ---------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        state = _DocState(self, doc)
        quotes = state.run()
        spans: list[Span] = []
        attrs: list[dict] = []
        for q in sorted(quotes, key=lambda q: q.start):
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            speaker = q.speaker
            spans.append(
                Span(
                    doc, span.start, span.end, "QUOTE", kb_id=speaker.name if speaker else "", span_id=q.rule
                )
            )
            attrs.append(
                {
                    "start": q.start,
                    "end": q.end,
                    "speaker": speaker.name if speaker else "",
                    "speaker_kind": speaker.kind if speaker else "",
                    "speaker_id": (speaker.ident or "") if speaker else "",
                    "cue": q.cue,
                    "rule": q.rule,
                    "paragraph": q.para,
                    "block": q.block,
                    "fragment": not q.standalone,
                }
            )
        group = SpanGroup(doc, name=QUOTES, spans=spans, attrs={"quotes": attrs})
        doc.spans[QUOTES] = group
        return doc


# --- one document -------------------------------------------------------------------


class _DocState:
    """Everything worked out for one Doc: paragraphs, quotes, cues, speakers.

    Token texts and offsets are read from the shared per-doc lists (``words``, ``lows``,
    ``_starts``), never by walking Token objects: the rules read them for every token.
    Flags (``is_alpha``, ``is_punct`` ...), POS and the parse are asked of a handful of
    tokens per doc, so those few read ``doc[i]``: one Token is far cheaper than a column
    of ``doc.to_array``."""

    def __init__(self, finder: QuoteFinder, doc: Doc) -> None:
        self.f = finder
        self.doc = doc
        self.text = doc_text(doc)
        self.words = orths(doc)  # every token's text
        self.lows = lowers(doc)  # every token's lower_
        self._starts = char_starts(doc)  # every token's idx
        self._tagged: bool | None = None  # see tagged()
        self._phrases: dict[str, list[tuple[int, int]]] | None = None  # see phrases()
        self._tails: dict[int, tuple[int, Speaker] | None] = {}  # see attribution_tail()
        people = doc._.people if Doc.has_extension("people") else None
        self.people: dict[str, dict] = people or {}
        self.paras: list[Paragraph] = []
        self.quotes: list[RawQuote] = []
        self.quoted = [False] * len(doc)  # token inside a quote, marks included
        self.sent_of = [0] * len(doc)
        self.sent_bounds: list[tuple[int, int]] = []
        self.cues: list[Cue] = []
        self.events: list[tuple[int, Speaker]] = []  # (token, speaker) of every attribution, text order
        self.event_keys: list[int] = []

    def tagged(self) -> bool:
        """Whether the doc has POS tags: asked of a few tokens, looked up once (it scans the doc)."""
        if self._tagged is None:
            self._tagged = self.doc.has_annotation("TAG")
        return self._tagged

    def phrases(self, kind: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every phrase of one kind (``cue``, ``spokes``, ``generic-force``),
        in the matcher's order (by start, then end); the doc is matched once for all kinds."""
        if self._phrases is None:
            self._phrases = {k: [] for k in self.f.phrase_kinds.values()}
            for key, s, e in self.f.phrases(self.doc):
                self._phrases[self.f.phrase_kinds[key]].append((s, e))
        return self._phrases[kind]

    # -- pipeline ----------------------------------------------------------------

    def run(self) -> list[RawQuote]:
        if not len(self.doc):
            return []
        self.find_paragraphs()
        self.find_quotes()
        self.map_tokens()
        self.find_sentences()
        self.index_candidates()
        self.find_cues()
        blocks = self.find_blocks()
        self.resolve_cues(blocks)
        for q in self.quotes:
            q.standalone = self.is_standalone(q)
        kept = []
        for q in self.quotes:
            if not q.standalone and self.is_term(q):
                continue
            self.attribute_own(q)
            kept.append(q)
        self.quotes = kept
        for q in self.quotes:
            if self._headline(q):
                # a headline's own attribution is a summary ("law firm warns figures are '...'",
                # "FORCE SAYS IT IS '...'"): the speaker is whoever the body gives the same words to
                found = self._echo(q)
                if found is not None:
                    q.speaker, q.cue, q.rule = found
        for q in self.quotes:
            if q.speaker is None:
                self.attribute_chain(q)
        for q in self.quotes:
            if q.speaker is None and not q.rule:
                q.rule = "unattributed"
        # a fragment is a quote only when someone is said to have said it; orphans only as continuations
        out = [q for q in self.quotes if q.speaker is not None or (q.standalone and not q.orphan)]
        return out + blocks

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
                name = re.sub(r"(?:'s|’s|'|’)$", "", self.span_text(ent.start, ent.end)).strip()
                start = ent.start + (1 if words[ent.start] in f.courtesy else 0)
                if start < ent.end and name:
                    cands.append(Candidate(start, ent.end, "person", name, {"raw": True}))
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
            return self.last_event(at, ("person",))
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
                return self.last_event(at, ("person",))
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
            after = [c for c in bodies if c.start == k]
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
        return None

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
