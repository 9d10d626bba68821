"""What the sources say about their own figures, and what kind of event the question counts.

Three readings for the report's prose, all by general English read through WordNet 3.0
(`crosstally.wordnet`), never by words of one topic:

- `question_kind`: movement, death, money, crowd or other, from the question's event verb and
  counted noun, which picks section 4's heading;
- `explanations`: sentences of the used sources that say how a figure was counted, what it
  covers, or why totals differ ("Border statistics count crossings, not people.");
- `incentives`: sentences saying a body overstates or understates a figure.

A sentence is scored by its cue words, each a WordNet lemma of a small seed below (its first
sense's synonyms and derivations come with it), so "tallied", "enumeration" or "omits" count
as well as the seed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from crosstally import wordnet
from crosstally.extract.sentences import sentence_spans
from crosstally.types import Source, Target
from crosstally.write.claims import Context, capital, keys_in, publication

# Seeds of the cue families: general English, each there for the reason given.
METHOD_VERBS = (
    "count",  # 'it counted the people inside the zone', 'by counting every participant'
    "calculate",  # 'calculated from', 'computed'
    "measure",
    "extrapolate",  # 'extrapolated from a sample'
    "tally",
    "survey",  # 'surveyed households'
    "sample",
    "record",  # 'entries recorded at checkpoints', 'does not record the purpose'
    "register",
)
METHOD_NOUNS = (
    "method", "methodology", "technique",  # how a count is made, named as such
    "census", "survey", "sample", "poll", "model",  # the instruments of counting
    "calculation", "extrapolation", "enumeration", "measurement",
)
SCOPE_VERBS = (
    "include", "exclude", "omit", "leave out",  # what a figure takes in or leaves out
    "comprise", "encompass", "define",
    "cover",  # 'the figure covered everyone entering'
)
SCOPE_NOUNS = ("definition", "exclusion", "inclusion")
DIFFER_WORDS = (
    "differ", "disagree", "vary",  # why totals diverge, said as such
    "discrepancy", "divergence", "disparity", "difference",
    "dispute",  # 'just how large is disputed'
    "overcount", "undercount", "miscount", "double count",
)
SLANT_WORDS = (
    "exaggerate", "overstate", "understate", "downplay", "play down", "minimise",
    "inflate", "overestimate", "underestimate",  # a body shading its figure, said as such
    "exaggeration", "overstatement", "understatement",  # and the same as nouns
)
# Closed-class words that mark a sentence as qualifying a figure rather than stating one.
QUALIFYING = frozenset("not only rather instead because whether but unless except broader narrower "
                       "wider alongside".split())
# Closed-class words before a verb ('they count', 'did not record') and before a noun.
AUXILIARIES = frozenset("to they we it he she one who which that not can could will would should "
                        "may might must do does did also only".split())
DETERMINERS = frozenset("the a an this that these those its their his her our any each every "
                        "no".split())
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# How a count was made, in closed-class words: 'by counting', 'based on', 'using', 'inside'.
MEANS = re.compile(r"\b(?:by \w+ing|based on|using|through|inside|within|from the)\b",
                   re.IGNORECASE)
LAYOUT = re.compile(r"[•|·▪►]")  # a line flattened from a list or table, not a sentence
CITATION_LIKE = re.compile(r"\[\d+\]|\[citation")
MIN_WORDS, MAX_WORDS = 5, 60
THRESHOLD = 3.0  # the score a sentence needs: one strong cue and a qualifying word or means
PER_STORY = 2


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence of a source, verbatim, and what it speaks of."""

    source: int
    text: str
    kind: str  # method | definition | divergence | incentive
    score: float


# ------------------------------------------------------------------ question kind

def question_kind(target: Target) -> str:
    """'money', 'death', 'crowd', 'movement' or 'other': what the question counts, read from
    its measure, counted noun and event verb (WordNet: 'fled' is a kind of leaving, 'killed'
    of killing, 'attended' of attending; a verb with a sense of protesting is a crowd)."""
    if target.measure == "money":
        return "money"
    verb = _event_verb(target.event)
    if wordnet.is_a(target.head or "", "death", "n", senses=1) or verb and any(
            wordnet.is_a(verb, kind, "v", senses=1) for kind in ("die", "kill")):
        return "death"
    if verb and _crowd_verb(verb):
        return "crowd"
    if verb and (any(s.lexname == "verb.motion" for s in wordnet.synsets(verb, "v", senses=1))
                 or any(wordnet.is_a(verb, kind, "v", senses=1)
                        for kind in ("travel", "leave", "migrate"))):
        return "movement"
    return "other"


def _event_verb(event: str | None) -> str | None:
    """The verb the event phrase starts with: 'take part' of 'take part march'."""
    words = (event or "").split()
    for n in (3, 2, 1):
        if len(words) >= n and wordnet.lemmas(" ".join(words[:n]), "v"):
            return " ".join(words[:n])
    return None


def _crowd_verb(verb: str) -> bool:
    """'attend', 'take part', 'gather', or a verb one of whose senses is to protest ('march',
    'demonstrate'): people counted where they came together."""
    return any(wordnet.is_a(verb, kind, "v", senses=1)
               for kind in ("attend", "participate", "gather")) \
        or wordnet.is_a(verb, "protest", "v")


# ------------------------------------------------------------------ cue words

@dataclass(frozen=True, slots=True)
class CueForms:
    """The forms whose lemmas may be cue words: single words, and the first words of phrases."""

    words: frozenset[str]
    firsts: frozenset[str]


@dataclass(frozen=True, slots=True)
class Cues:
    method_verbs: frozenset[str]
    method_nouns: frozenset[str]
    scope: frozenset[str]
    differ: frozenset[str]
    slant: frozenset[str]
    explaining: CueForms  # the forms of the first four
    slanting: CueForms  # the forms of `slant`


@cache
def cues() -> Cues:
    method_verbs, method_nouns = _expand(METHOD_VERBS, "v"), _expand(METHOD_NOUNS, "n")
    scope = _expand(SCOPE_VERBS, "v") | _expand(SCOPE_NOUNS, "n")
    differ, slant = _expand(DIFFER_WORDS, None), frozenset(SLANT_WORDS)
    return Cues(method_verbs, method_nouns, scope, differ, slant,
                _forms_of(method_verbs | method_nouns | scope | differ), _forms_of(slant))


def _expand(seeds: Iterable[str], pos: wordnet.Pos | None) -> frozenset[str]:
    """The seeds with their first sense's synonyms and derivations whose own first sense is
    that one ('tally' brings 'tallying', not 'number', whose first sense is another)."""
    out: set[str] = set()
    for seed in seeds:
        out.add(seed)
        first = wordnet.synsets(seed, pos, senses=1)
        ids = {s.id for s in first}
        for word in wordnet.synonyms(seed, pos, senses=1) | wordnet.derived(seed, pos, senses=1):
            nominal = wordnet.parts_of_speech(word) & {"n", "v"}  # 'different' is no cue
            if nominal and (any(s.id in ids for s in wordnet.synsets(word, pos, senses=1))
                            or word.startswith(seed[:4])):
                out.add(word)
    return frozenset(out)


def _forms_of(cue_words: frozenset[str]) -> CueForms:
    forms = {form for lemma in cue_words for form in wordnet.inflections(lemma)}
    return CueForms(frozenset(f for f in forms if " " not in f),
                    frozenset(f.partition(" ")[0] for f in forms if " " in f))


def _lemmas(words: Sequence[str], i: int, cue: CueForms) -> set[str]:
    """Lemmas of the word at i, and of the two-word phrase it starts ('leaves out'), among
    those that may be cue words (`cue`): a word no cue is a lemma of is not looked up."""
    word = words[i].lower().strip("'’-")
    found = set(wordnet.lemmas(word)) | {word} if word in cue.words else set()
    if i + 1 < len(words) and word in cue.firsts:
        found |= set(wordnet.lemmas(f"{word} {words[i + 1].lower()}"))
    return found


def _verb_use(words: Sequence[str], i: int) -> bool:
    """The word is used as a verb or gerund: inflected so ('counted', 'counting'), after a
    noun, pronoun, 'to' or an auxiliary ('statistics count', 'the figure counts', 'they
    count'); 'the count' and 'a record' are nouns, not methods."""
    word = words[i].lower()
    before = words[i - 1].lower() if i else ""
    if before in DETERMINERS:
        return word.endswith("ing")
    if word.endswith(("ed", "ing")) or "n" not in wordnet.parts_of_speech(word):
        return True
    return before in AUXILIARIES or "n" in wordnet.parts_of_speech(before) \
        and before not in DETERMINERS and "a" not in wordnet.parts_of_speech(before)


def score_sentence(sentence: str) -> tuple[float, str] | None:
    """How strongly a sentence explains a figure, and as what (method, definition,
    divergence), or None."""
    words = WORD.findall(sentence)
    c = cues()
    found: dict[str, float] = {}
    for i, _ in enumerate(words):
        lemmas = _lemmas(words, i, c.explaining)
        verb = lemmas & c.method_verbs and _verb_use(words, i) \
            and not _before_number(sentence, words[i])
        if verb or lemmas & c.method_nouns:
            found["method"] = found.get("method", 0) + 2
        if lemmas & c.scope and _verb_use(words, i):
            found["definition"] = found.get("definition", 0) + 2
        elif lemmas & c.scope:  # 'definitions', 'exclusion': the plainest statement of scope
            found["definition"] = found.get("definition", 0) + 3
        if lemmas & c.differ:
            found["divergence"] = found.get("divergence", 0) + 2
    if not found:
        return None
    score = sum(found.values())
    if {w.lower() for w in words} & QUALIFYING:
        score += 1
    if MEANS.search(sentence):
        score += 1
    # the most specific reading wins: what a figure covers, then why totals differ, then how
    kind = next(k for k in ("definition", "divergence", "method") if k in found)
    return score, kind


def _before_number(sentence: str, word: str) -> bool:
    """'an estimated 1 million', 'counted 338,000': the word only introduces a figure."""
    return re.search(rf"\b{re.escape(word)}\s+(?:at\s+|some\s+|about\s+|up to\s+)?\d",
                     sentence) is not None


LEADS = {  # how a quoted sentence of a source is introduced, by what it explains (then again)
    "method": ("describes how the count was made", "describes its method"),
    "definition": ("says what the figure covers", "sets out what its figure takes in"),
    "divergence": ("explains the gap", "notes the disagreement"),
    "incentive": ("notes", "observes"),
}


# ------------------------------------------------------------------ sentences of sources

def explanations(sources: Sequence[Source], about: frozenset[str],
                 limit: int = 4) -> list[Statement]:
    """The sentences of `sources` that best explain how figures were made or why they differ,
    one per story, best first. `about`: lower-case words of the question and its figures; a
    sentence must share one (a method sentence about something else says nothing here)."""
    found: list[Statement] = []
    for source in sources:
        for text in _sentences(source):
            scored = score_sentence(text)
            if scored and scored[0] >= THRESHOLD and _speaks_of(text, about):
                found.append(Statement(source.id, text, scored[1], scored[0]))
    return _best(found, sources, limit)


def incentives(sources: Sequence[Source], about: frozenset[str], limit: int = 2) -> list[Statement]:
    """Sentences saying a body overstates or understates a figure ('Officials have dismissed
    foreign estimates as exaggerated'), one per story."""
    c = cues()
    found = []
    for source in sources:
        for text in _sentences(source):
            words = WORD.findall(text)
            hits = sum(1 for i in range(len(words)) if _lemmas(words, i, c.slanting) & c.slant)
            if hits and _speaks_of(text, about):
                found.append(Statement(source.id, text, "incentive", float(hits)))
    return _best(found, sources, limit)


def _best(found: list[Statement], sources: Sequence[Source], limit: int) -> list[Statement]:
    story = {s.id: s.story for s in sources}
    chosen: list[Statement] = []
    seen: list[int] = []
    texts: set[str] = set()
    for st in sorted(found, key=lambda st: (-st.score, st.source)):
        key = _plain(st.text)
        if seen.count(story[st.source]) >= PER_STORY or key in texts:
            continue
        chosen.append(st)
        seen.append(story[st.source])
        texts.add(key)
        if len(chosen) == limit:
            break
    best: dict[int, float] = {}
    for st in chosen:
        best.setdefault(st.source, st.score)
    return sorted(chosen, key=lambda st: (-best[st.source], st.source, -st.score))


def _plain(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _sentences(source: Source) -> list[str]:
    """The source's whole sentences that can stand quoted: a plain line of prose, neither a
    heading nor the title, with no footnote marks."""
    doc = source.document
    out = []
    for start, end in sentence_spans(doc.text):
        text = " ".join(doc.text[start:end].split())
        n = len(text.split())
        if not MIN_WORDS <= n <= MAX_WORDS or text[-1:] not in ".!\"”’" or text == doc.title:
            continue
        if text.endswith("?") or CITATION_LIKE.search(text) or not text[0].isupper() \
                or "http" in text or LAYOUT.search(text) or re.search(r"\b[A-Z]\.$", text):
            continue
        if ":" in text[:40] and text.split(":")[0].isupper():  # 'FILE PHOTO: ...' captions
            continue
        if _glued(text):
            continue
        out.append(text)
    return out


def _glued(text: str) -> bool:
    """A headline run into the sentence after it ('... kept changing Tallying the dead ...',
    '... says Greenpeace According to ...'): a capitalised verb form, or a capitalised word
    that only begins sentences, straight after a word with no stop between."""
    for m in GLUE.finditer(text):
        word = m.group(1)
        if word.lower() in SENTENCE_OPENERS or word.endswith(("ing", "ed")) \
                and wordnet.lemmas(word.lower(), "v"):
            return True
    return False


GLUE = re.compile(r"[A-Za-z] ([A-Z][a-z]+)\b")
SENTENCE_OPENERS = frozenset("the a an according however but this these it we they".split())


def _speaks_of(text: str, about: frozenset[str]) -> bool:
    words = {w.lower() for w in WORD.findall(text)}
    return bool(words & about)


# ------------------------------------------------------------------ quoting them

def quote(st: Statement, by_id: dict[int, Source], again: bool = False,
          second: bool = False) -> str:
    """'Reuters describes how the count was made: “…” [9].' The sentence verbatim, its final
    stop moved outside the quotation marks with the citation; 'It adds' for a source's second
    sentence, another lead for a second sentence of the same kind."""
    body = st.text.removesuffix(".")
    verb = LEADS[st.kind][1 if second else 0]
    lead = "It adds" if again else f"{capital(publication(by_id[st.source]))} {verb}"
    return f"{lead}: “{body}” [{st.source}]."


def quotable(ctx: Context, st: Statement) -> bool:
    """A sentence may be quoted when its figures are figures of its own source, as the verifier
    reads them, and none of them has been written twice already; then they count as written."""
    keys = keys_in(st.text)
    if not keys:
        return ";" not in st.text
    own = {k for f in ctx.findings if f.source == st.source for k in keys_in(f.estimate.quote)}
    if not set(keys) <= own or ";" in st.text or not ctx.mentions.allows(st.text):
        return False
    ctx.mentions.note(st.text)
    return True


def about(ctx: Context) -> frozenset[str]:
    """Lower-case words of the question and of what its figures count."""
    words = {w.lower() for t in ctx.target.terms for w in t.split()}
    words |= {w.lower() for c in ctx.claims for w in (c.counted or "").split()}
    return frozenset(w for w in words if len(w) > 2)
