"""Named people acting in an office: officers of any rank, ministers, heads of bodies.

Reads: tokens (and NER PERSON entities where the model has them),
``doc.spans["forces"]``, ``doc.spans["bodies"]``. Writes:
``doc.spans["ranks"]`` (every rank or title, label RANK, ``kb_id_`` the role),
``doc.spans["officials"]`` (label OFFICIAL, span = the name only, ``kb_id_``
= the person's full name, ``id_`` = the rule) and ``doc._.people`` (full
name -> role and org, as the article gives them).

Rules, in the order they are tried:
- ``rank-name``: a rank or title from ``models/ranks.jsonl`` before a name
  ("Deputy Chief Constable Terry Woods", "DCC Woods", "Chief Constable of
  Kent Police Alan Pughsley", "the NPCC chairman, Martin Hewitt").
- ``name-appositive``: a name then its office ("Martin Hewitt, chairman of
  the National Police Chiefs' Council", "Nick Dean the chief constable").
  A comma or determiner must part the name from the office ("Bristol West MP",
  "the Thames Valley Police and Crime Commissioner" name no one); post-nominals
  ("Carys Webb MP") are cut off the name.
- ``name-head-of``: "Name, who runs the charity X" (org X).
- ``honour-name``: an honour marks a public figure ("Sir Mark Rowley").
- ``speaker``: a person named as the subject of a reporting verb, with no
  title in the text ("Boris Johnson said").
- ``later-mention``: a courtesy title or bare surname of someone already
  found ("Mr Dean", "Woods", "Bevan-Pryce"), or a forename no one else in the
  article has ("Priya said", "Dame Ursula").
Names may hold hyphens and particles ("Ellis-Obi", "de Souza"). Former
office-holders and offenders (an offender cue in the name's clause, past an
age or a home town: "PC X, 41, of Y, admitted") are not officials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..lexicons import read_json, read_jsonl
from .extensions import BODIES, FORCES, OFFICIALS, RANKS, lowers, orths

APOSTROPHE_S = {"'s", "’s", "'", "’"}


@dataclass
class Mention:
    start: int
    end: int
    name: str
    rule: str
    role: str | None = None
    org: str | None = None
    kind: str | None = None


def _short_caps(form: str) -> bool:
    """Abbreviations ("DCC", "PC") match in capitals only; "pc" is no rank."""
    return len(form) <= 4 and form.replace(".", "").isupper()


def longest(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Non-overlapping matches, longest first (what Matcher's greedy="LONGEST" gives)."""
    kept: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    for match_id, start, end in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if not taken.intersection(range(start, end)):
            kept.append((match_id, start, end))
            taken.update(range(start, end))
    return sorted(kept, key=lambda m: m[1])


@Language.factory(
    "extractor_officials",
    assigns=["doc.spans", "doc._.people"],
    requires=["doc.spans", "doc.spans"],
    default_config={"ranks_path": "ranks.jsonl", "people_path": "people.json"},
)
def make_officials(nlp: Language, name: str, ranks_path: str, people_path: str) -> OfficialTagger:
    return OfficialTagger(nlp, name, ranks_path=ranks_path, people_path=people_path)


class OfficialTagger:
    def __init__(self, nlp: Language, name: str, *, ranks_path: str, people_path: str) -> None:
        self.name = name
        self.ranks = read_jsonl(ranks_path, required=["role", "forms", "kind"])
        self.people = read_json(
            people_path,
            required=[
                "honours",
                "courtesy_titles",
                "not_current",
                "offender_cues",
                "reporting_verbs",
                "name_stopwords",
                "name_max_tokens",
                "head_verbs",
                "name_particles",
                "appositive_max_modifiers",
                "post_nominals",
                "constituency_words",
                "private_cues",
            ],
        )
        # phrase matchers: one case-insensitive, one for abbreviations in capitals
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for i, rank in enumerate(self.ranks):
            for form in rank["forms"]:
                matcher = self.exact if _short_caps(form) else self.lower
                matcher.add(str(i), [nlp.make_doc(form)])
        self.honours: dict[str, str] = self.people["honours"]
        self.courtesy = set(self.people["courtesy_titles"])
        self.not_current = {w.lower() for w in self.people["not_current"]}
        self.offender_cues = {w.lower() for w in self.people["offender_cues"]}
        self.reporting = {w.lower() for w in self.people["reporting_verbs"]}
        self.stop = set(self.people["name_stopwords"]) | self.courtesy
        self.max_tokens = self.people["name_max_tokens"]
        self.head_verbs = {w.lower() for w in self.people["head_verbs"]}
        self.particles = set(self.people["name_particles"])
        self.max_modifiers = self.people["appositive_max_modifiers"]
        self.post_nominals = set(self.people["post_nominals"])
        self.constituency = set(self.people["constituency_words"])
        self.private = {w.lower() for w in self.people["private_cues"]}

    # -- entry ---------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.taken = {  # tokens inside force/body names are never part of a person's name
            i: s for key in (FORCES, BODIES) for s in doc.spans.get(key, []) for i in range(s.start, s.end)
        }
        self.texts = orths(doc)  # read once per doc; rules below index it
        self.rank_matches = longest(list(self.lower(doc)) + list(self.exact(doc)))
        self.rank_tokens = {i for _, s, e in self.rank_matches for i in range(s, e)}
        doc.spans[RANKS] = [
            Span(doc, s, e, "RANK", kb_id=self.ranks[int(doc.vocab.strings[m])]["role"])
            for m, s, e in self.rank_matches
        ]
        mentions = self.rank_mentions(doc)
        mentions += self.appositive_mentions(doc, mentions)
        mentions += self.head_of_mentions(doc, mentions)
        mentions += self.honour_mentions(doc, mentions)
        mentions += self.speaker_mentions(doc, mentions)
        people = self.resolve(doc, mentions)
        mentions += self.later_mentions(doc, mentions, people)
        # a person the article shows as an offender anywhere ("Harrow, who joined in 2017,
        # admitted four allegations") is no official at any of their mentions
        offenders = {
            people.get(m.name, {}).get("name", m.name) for m in mentions if self.excluded(doc, m.start, m.end)
        }
        mentions = [m for m in mentions if people.get(m.name, {}).get("name", m.name) not in offenders]
        people = {k: v for k, v in people.items() if v.get("name", k) not in offenders}
        spans = []
        for m in mentions:
            full = people.get(m.name, {}).get("name", m.name)
            if full in people:
                spans.append(Span(doc, m.start, m.end, "OFFICIAL", kb_id=full, span_id=m.rule))
        doc.spans[OFFICIALS] = sorted(filter_spans(spans), key=lambda s: s.start)
        doc._.people = {k: {"role": v["role"], "org": v["org"]} for k, v in people.items() if k == v["name"]}
        return doc

    # -- names ---------------------------------------------------------------

    def _name_token(self, doc: Doc, token: Token) -> bool:
        text = token.text
        if (
            token.i in self.taken
            or token.i in self.rank_tokens
            or text in self.stop
            or text in self.post_nominals  # "Llyr ap Rhys MS": letters after a name are no part of it
            or not text[:1].isupper()
        ):
            return False  # a title is never part of a name ("head of standards, Detective Supt Jo Bloggs")
        if token.i + 1 < len(doc) and doc[token.i + 1].text == ":":
            return False  # "Priti Patel Credit: PA"
        if token.ent_type_ and token.ent_type_ not in ("PERSON", "NORP", "GPE", "ORG"):
            return False
        return token.is_alpha or "-" in text or "'" in text or "’" in text

    def _joiner(self, doc: Doc, j: int) -> int:
        """Tokens that join two words of one name at ``j`` (a hyphen with no space around it,
        "Ellis-Obi"; a particle, "de Souza"), or 0 when ``j`` joins nothing."""
        if j <= 0 or j + 1 >= len(doc) or not self._name_token(doc, doc[j + 1]):
            return 0
        token = doc[j]
        if token.text in ("-", "‐", "‑") and not doc[j - 1].whitespace_ and not token.whitespace_:
            return 1
        return 1 if token.text in self.particles and self._name_token(doc, doc[j - 1]) else 0

    def name_end(self, doc: Doc, i: int) -> int:
        """The end of the name starting at token ``i`` (``i`` when there is none); hyphens and
        particles inside it do not count towards ``name_max_tokens``."""
        j, words = i, 0
        while j < len(doc) and words < self.max_tokens:
            if self._name_token(doc, doc[j]):
                j, words = j + 1, words + 1
            elif j > i and self._joiner(doc, j):
                j += 1
            else:
                break
        return j

    def name_start(self, doc: Doc, end: int) -> int:
        """The first token of the name ending at token ``end - 1`` (``end`` when there is none)."""
        j, words = end, 0
        while j > 0 and words < self.max_tokens:
            if self._name_token(doc, doc[j - 1]):
                j, words = j - 1, words + 1
            elif j < end and j - 2 >= 0 and self._joiner(doc, j - 1) and self._name_token(doc, doc[j - 2]):
                j -= 1
            else:
                break
        return j

    def name_at(self, doc: Doc, i: int) -> tuple[int, int, str] | None:
        """A person's name starting at token ``i``: ``(start, end, name)``, honours handled."""
        start = i
        honour = doc[i].text if i < len(doc) and doc[i].text in self.honours else None
        if honour:
            i += 1
        j = self.name_end(doc, i)
        if j == i:
            return None
        if honour:
            if self.honours[honour] == "forename" or len(doc[i:j].text.split()) >= 2:  # not "Lord Hogan-Howe"
                return i, j, doc[i:j].text  # "Dame Alice Penrose" -> "Alice Penrose"
            # "Baroness Casey of Blackstock": no forename, the title stays
            if j + 1 < len(doc) and doc[j].lower_ == "of" and doc[j + 1].is_title:
                j += 2
            return start, j, doc[start:j].text
        return i, j, doc[i:j].text

    # -- context -------------------------------------------------------------

    def _org_span_at(self, doc: Doc, i: int) -> Span | None:
        return self.taken.get(i)

    @staticmethod
    def _org_id(span: Span) -> str:
        return span.kb_id_  # a force id, or a body's canonical name

    def org_before(self, doc: Doc, start: int) -> str | None:
        """ "Kent Police's Chief Constable", "the NPCC chairman": an org right before."""
        i = start - 1
        if i >= 0 and doc[i].text in APOSTROPHE_S:
            i -= 1
        span = self._org_span_at(doc, i) if i >= 0 else None
        return self._org_id(span) if span is not None else None

    def org_after(self, doc: Doc, end: int, limit: int = 8) -> tuple[str | None, int]:
        """ "of Kent Police" / "at the IOPC" within ``limit`` tokens; returns (org, end token)."""
        j = end
        while j < min(len(doc), end + limit):
            token = doc[j]
            if token.lower_ in ("of", "at", "for", "from", "with") and j + 1 < len(doc):
                k = j + 1
                if doc[k].lower_ == "the":
                    k += 1
                span = self._org_span_at(doc, k) if k < len(doc) else None
                if span is not None:
                    return self._org_id(span), span.end
            if token.text in (".", ";", ":", "said", "says") or token.text == "\n":
                break
            j += 1
        return None, end

    def excluded(self, doc: Doc, start: int, end: int) -> bool:
        """Former office-holders, offenders and private people ("former chief constable X",
        "PC X admitted", "victim X", "X, whose son died, said": a family word in its clause)."""
        before = []
        for t in reversed(doc[max(0, start - 5) : start]):  # "former Met commissioner Lord X"
            if t.is_punct or t.is_space:
                break  # the words before a name, within its own clause
            before.append(t.lower_)
        if any(
            w.rstrip("-") in self.not_current or w in self.not_current or w in self.private for w in before
        ):
            return True
        # the clause after the name, past an age or a place in commas ("PC X, 41, of Y, admitted")
        for token in doc[end : end + 12]:
            if token.text in (".", ";", ":", "!", "?") or token.is_space:
                break
            if token.lower_ in self.reporting:
                return False
            if token.lower_ in self.offender_cues or token.lower_ in self.private:
                return True
        return False

    # -- rules ---------------------------------------------------------------

    def rank_mentions(self, doc: Doc) -> list[Mention]:
        out = []
        for match_id, start, end in self.rank_matches:
            rank = self.ranks[int(doc.vocab.strings[match_id])]
            org = self.org_before(doc, start)
            j = end
            role = rank["role"]
            if j < len(doc) and doc[j].lower_ in ("of", "for"):  # "Chief Constable of Kent Police Alan ..."
                after, k = self.org_after(doc, j, limit=3)
                if after:
                    org, j = after, k
                else:  # "director of strategy, Jo Marsh", "director for Wales, ...": part of the role
                    k = j + 1
                    while k < min(len(doc), j + 4) and doc[k].is_alpha and k not in self.taken:
                        k += 1
                    n = j + 1
                    while n < min(len(doc), j + 7) and self._name_token(doc, doc[n]):
                        n += 1
                    low = j + 1  # "head of standards Jo Marsh": lower-case words, then the name
                    while low < min(len(doc), j + 4) and doc[low].is_lower and doc[low].is_alpha:
                        low += 1
                    named = self.name_at(doc, low) if j + 1 < low < len(doc) else None
                    if k > j + 1 and k < len(doc) and doc[k].text == ",":
                        role, j = f"{rank['role']} {doc[j:k].text}", k
                    elif named is not None and named[1] - named[0] >= 2:
                        role, j = f"{rank['role']} {doc[j:low].text}", low
                    elif n - (j + 1) >= 3 and not (n < len(doc) and doc[n].is_title):
                        # "MP for Fenmoor North Tom Weir": a place, then forename and surname
                        role, j = f"{rank['role']} {doc[j : n - 2].text}", n - 2
            if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
                j += 3  # "Detective Chief Superintendent (DCS) Amy Clarke"
            if j < len(doc) and doc[j].text == ",":
                j += 1
            found = self.name_at(doc, j)
            if not found:
                continue
            s, e, name = found
            if self.excluded(doc, start, e):
                continue
            if org is None:
                org = self.org_after(doc, e)[0] if e < len(doc) and doc[e].text == "," else None
            out.append(Mention(s, e, name, "rank-name", role, org, rank["kind"]))
        return out

    def appositive_mentions(self, doc: Doc, known: list[Mention]) -> list[Mention]:
        """ "Name, <role> of <Org>", "Name, the IOPC's <role>", "Name, <Place> <role>", "Name the
        <role>", and post-nominals ("Name MP"). A comma or determiner must part the name from
        the office: in "Bristol West MP" or "the Thames Valley Police and Crime Commissioner" the
        words before the title are a place, not a person."""
        taken = {i for m in known for i in range(m.start, m.end)}
        starts = {m.start for m in known}
        out = []
        ranks = {(s, e): int(doc.vocab.strings[m]) for m, s, e in self.rank_matches}
        for (start, end), index in ranks.items():
            rank = self.ranks[index]
            if end in starts or end + 1 in starts:
                continue  # a name follows the title: "Cheltenham MP Tom Ashworth"
            i, parted = start - 1, False
            if doc[start].text in self.post_nominals and i >= 0 and self._name_token(doc, doc[i]):
                # "Tom Ashworth MP said"; not "the Fenmoor West MP" (a constituency)
                first = self.name_start(doc, i + 1)
                parted = first == 0 or doc[first - 1].lower_ not in ("the", "a", "an")
                parted = parted and doc[i].text not in self.constituency  # "Bristol West MP"
                parted = parted and not any(
                    doc[k].ent_type_ in ("GPE", "LOC", "ORG") for k in range(first, i + 1)
                )
            else:
                # the org or place qualifying the office: "the IOPC's", "Northumbria"
                mods = 0
                while (
                    i >= 0
                    and mods < self.max_modifiers
                    and (
                        doc[i].text in APOSTROPHE_S
                        or i in self.taken
                        or self._name_token(doc, doc[i])
                        or (doc[i + 1].text in APOSTROPHE_S and doc[i].is_alpha)  # "the force's"
                    )
                ):
                    i, mods = i - 1, mods + 1
                while i >= 0 and doc[i].lower_ in ("the", "a", "its", "their", "his", "her"):
                    i, parted = i - 1, True
                if i >= 0 and doc[i].text == ",":
                    i, parted = i - 1, True
            if not parted or i < 0:
                continue
            j = self.name_start(doc, i + 1) - 1
            if i - j < 2 or any(k in taken for k in range(j + 1, i + 1)):
                continue  # a lone capitalised word is not enough for a name
            found = self.name_at(doc, j + 1)
            if not found or self.excluded(doc, found[0], found[1]):
                continue
            if found[1] > i + 1:  # the name stops before the office ("Tom Ashworth MP")
                found = (found[0], i + 1, doc[found[0] : i + 1].text)
            org = self.org_before(doc, start) or self.org_after(doc, end, limit=4)[0]
            out.append(
                Mention(found[0], found[1], found[2], "name-appositive", rank["role"], org, rank["kind"])
            )
            taken.update(range(found[0], found[1]))
        return out

    def head_of_mentions(self, doc: Doc, known: list[Mention]) -> list[Mention]:
        """ "Name, who runs the charity X, said": a person heading a named body."""
        taken = {i for m in known for i in range(m.start, m.end)}
        out = []
        words = lowers(doc)
        for i, text in enumerate(words):
            if text not in self.head_verbs or i < 4 or words[i - 1] != "who":
                continue
            if self.texts[i - 2] != ",":
                continue
            org = next((self.taken[k] for k in range(i + 1, min(len(doc), i + 8)) if k in self.taken), None)
            start = self.name_start(doc, i - 2)
            if org is None or i - 2 - start < 2 or any(k in taken for k in range(start, i - 2)):
                continue
            found = self.name_at(doc, start)
            if found and not self.excluded(doc, found[0], found[1]):
                out.append(Mention(found[0], found[1], found[2], "name-head-of", None, self._org_id(org)))
        return out

    def honour_mentions(self, doc: Doc, known: list[Mention]) -> list[Mention]:
        """ "Baroness Casey of Blackstock", "Sir Mark Rowley": an honour marks a public figure."""
        taken = {i for m in known for i in range(m.start, m.end)}
        out = []
        for i, text in enumerate(self.texts):
            if text not in self.honours or i in taken or i + 1 in taken:
                continue
            found = self.name_at(doc, i)
            if found and not self.excluded(doc, found[0], found[1]):
                out.append(Mention(found[0], found[1], found[2], "honour-name"))
        return out

    def speaker_mentions(self, doc: Doc, known: list[Mention]) -> list[Mention]:
        """A full name saying something, with no title: "Boris Johnson said", "said Jo Bloggs"."""
        taken = {i for m in known for i in range(m.start, m.end)}
        has_ner = doc.has_annotation("ENT_IOB")  # true whenever doc.ents has any entity
        out = []
        for i, text in enumerate(lowers(doc)):
            if text not in self.reporting:
                continue
            token = doc[i]
            candidates = []
            # "X said" (maybe "X has said"): name ends right before the verb
            k = token.i - 1
            if k >= 0 and doc[k].lower_ in ("has", "had", "have"):
                k -= 1
            j = self.name_start(doc, k + 1) - 1 if k >= 0 else k
            if k - j >= 2:
                candidates.append(j + 1)
            # "said X"
            if token.i + 1 < len(doc):
                candidates.append(token.i + 1)
            for c in candidates:
                found = self.name_at(doc, c)
                if not found or found[1] - found[0] < 2 or any(i in taken for i in range(found[0], found[1])):
                    continue
                if has_ner and not all(doc[i].ent_type_ == "PERSON" for i in range(found[0], found[1])):
                    continue
                if self.excluded(doc, found[0], found[1]):
                    continue
                out.append(Mention(found[0], found[1], found[2], "speaker"))
                taken.update(range(found[0], found[1]))
        return out

    def resolve(self, doc: Doc, mentions: list[Mention]) -> dict[str, dict]:
        """Group mentions by person: full names first, single names to the full name they end."""
        people: dict[str, dict] = {}
        for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
            full = m.name if len(m.name.split()) >= 2 else None
            if full is not None:  # "Baroness Whitcombe" after "Baroness Whitcombe of Ashby"
                full = next((n for n in people if n.startswith(full + " ") and n == people[n]["name"]), full)
            if full is None:  # a surname, else a forename no one else in the article has ("Dame Ursula")
                full = next((n for n in people if n.split()[-1] == m.name), None)
                forenames = [n for n in people if n == people[n]["name"] and n.split()[0] == m.name]
                full = full or (
                    forenames[0] if len(forenames) == 1 and len(forenames[0].split()) > 1 else m.name
                )
            person = people.setdefault(full, {"name": full, "role": None, "org": None, "kind": None})
            person["role"] = person["role"] or m.role
            person["org"] = person["org"] or m.org
            person["kind"] = person["kind"] or m.kind
            if full != m.name:
                people.setdefault(m.name, {"name": full, "role": None, "org": None, "kind": None})
        for key, person in people.items():
            if key == person["name"] and person["org"] is None:
                person["org"] = self.org_from_context(doc, person, mentions)
        return people

    def org_from_context(self, doc: Doc, person: dict, mentions: list[Mention]) -> str | None:
        """No org stated with the name: the nearest force (for police ranks) or body (for a
        body's officers) in the sentence before the first mention or the same one."""
        kind = person.get("kind")
        key = {"police": FORCES, "body": BODIES}.get(kind or "")
        first = min((m.start for m in mentions if m.name == person["name"]), default=None)
        if key is None or first is None:
            return None
        sent_start = doc[first].sent.start if doc.has_annotation("SENT_START") else 0
        prev_start = doc[sent_start - 1].sent.start if sent_start > 0 else 0
        spans = doc.spans.get(key, [])
        same = [s for s in spans if sent_start <= s.start < first]
        if same:
            return same[-1].kb_id_  # nearest before, in the same sentence
        previous = [s for s in spans if prev_start <= s.start < sent_start]
        return previous[0].kb_id_ if previous else None  # the previous sentence's subject

    def later_mentions(self, doc: Doc, mentions: list[Mention], people: dict) -> list[Mention]:
        """ "Mr Dean", "DCC Woods" already caught by rank; here: courtesy titles, bare surnames
        ("Woods", "Bevan-Pryce") and, after the full name, a forename no one else in the article
        has ("Priya said")."""
        full_names = [p["name"] for p in people.values() if len(p["name"].split()) >= 2]
        surnames = {tuple(_SPLIT.findall(n.split()[-1])): n for n in full_names}
        one_word_surnames = {k[0] for k in surnames if len(k) == 1}  # a forename that is someone's surname
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # surnames by their first token
        for key, name in surnames.items():
            if key:
                by_first.setdefault(key[0], []).append((key, name))
        by_forename: dict[str, list[str]] = {}
        for n in dict.fromkeys(full_names):
            by_forename.setdefault(n.split()[0], []).append(n)
        first = {}
        for m in mentions:
            name = people.get(m.name, {}).get("name", m.name)
            first[name] = min(first.get(name, m.start), m.start)
        taken = {i for m in mentions for i in range(m.start, m.end)}
        tagged = doc.has_annotation("TAG")
        out = []
        for i, text in enumerate(self.texts):
            if i in taken or i in self.taken or not text[:1].isupper():
                continue
            full, size = None, 1
            for key, name in by_first.get(text, ()):
                if tuple(self.texts[i : i + len(key)]) == key:
                    full, size = name, len(key)
                    break
            if full is None:
                names = by_forename.get(text, [])
                if len(names) != 1 or i < first.get(names[0], len(doc)) or text in one_word_surnames:
                    continue
                if tagged and doc[i].pos_ != "PROPN":
                    continue  # "Will", "Hope": a forename that is also a word
                full = names[0]
            token = doc[i]
            prev = doc[token.i - 1] if token.i else None
            nxt = doc[i + size] if i + size < len(doc) else None
            if prev is not None and prev.text not in self.courtesy and self._name_token(doc, prev):
                continue  # part of another name ("PC Dean Holloway")
            if nxt is not None and nxt.is_title and nxt.text not in self.stop and nxt.i not in self.taken:
                continue
            if any(k in taken for k in range(i, i + size)):
                continue
            out.append(Mention(i, i + size, full, "later-mention"))
            taken.update(range(i, i + size))
        return out


_SPLIT = re.compile(r"[^\W_]+|[^\w\s]")  # a surname's tokens as spaCy splits them: "Bevan-Pryce" -> 3
