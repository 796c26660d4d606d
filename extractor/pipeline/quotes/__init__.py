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
  paragraph; a mark never closed ends at its paragraph's end, and the
  paragraphs between it and a later closing mark are quotes too.
- Block quotations without marks: the paragraphs after an intro ending
  "said:", and a paragraph ending in an attribution line
  ("... account. DSU Dave Stalker, Cumbria Constabulary").
- A fragment inside the reporter's sentence is a quote only when a cue gives
  it to an identified speaker; terms, outcome labels and scare quotes never;
  nor marks on a furniture line ("Read more: ...").

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
group said") stays unattributed: no chain rule overrides it. A headline's
quote takes ``echo`` first, over its own summary attribution.
Speakers: a named person (the full name the article gives anywhere), an
office's holder ("the Deputy Chief Constable" -> the person the article
names in that office), a spokesperson's body ("A spokesperson for X", or the
body the paragraph before is about), an organisation, "he"/"she" -> the
person opening the sentence before when it attributes nothing, else the last
person who spoke, "it"/"they" -> the last organisation that spoke. Modules:
``marks`` (paragraphs, marks, sentences), ``speakers`` (candidates and whom
they name), ``cues``, ``attribution`` (own and chain rules), ``blocks``,
``model`` (plain data), ``state`` (one doc's run), ``component``.
"""

from .component import QuoteFinder, make_quotes
from .model import Speaker

__all__ = ["QuoteFinder", "Speaker", "make_quotes"]
