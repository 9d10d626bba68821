"""General English lexical knowledge from WordNet 3.0: lemmas, kinds of things, related words.

    >>> lemmas("marched", "v")
    ('march',)
    >>> is_a("Tutsi", "person")
    True
    >>> {"attendance", "attender"} <= derived("attend")
    True
    >>> {"attendee", "die"} <= related("attend") | related("kill")
    True

Every function takes a word as written in text (any case, inflected or not, "death toll" or
"death_toll"), reduces it to WordNet lemmas with morphy, and answers in lowercase lemmas that
use spaces. Parts of speech are "n", "v", "a" (adjectives, satellites included) and "r".
Where a word has several senses, WordNet lists them most frequent first; `senses=1` keeps only
the dominant one ("fan" is first a device, then a person).

The data is wordnet.txt beside this file, built by scripts/build_wordnet.py (its docstring
describes the format) and loaded once, on first use: a few string splits, no parse (about
0.03 s), as `crosstally extract` loads it in every process. An index line is read only when its
lemma is asked for, by bisection over the sorted lines. WordNet's licence is LICENSE-WordNet.
"""

from __future__ import annotations

import json
import pkgutil
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, cast

__all__ = [
    "Link",
    "Pointer",
    "Pos",
    "Synset",
    "derived",
    "hypernyms",
    "hyponyms",
    "is_a",
    "kinds_of",
    "lemmas",
    "lexnames",
    "links",
    "parts_of_speech",
    "plural_form",
    "related",
    "synonyms",
    "synsets",
]

Pos = Literal["n", "v", "a", "r"]
ALL_POS: tuple[Pos, ...] = ("n", "v", "a", "r")

# Pointer tags in the data file -> relation names; "-" marks a reverse built by the script.
RELATIONS = {
    "@": "hypernym", "@i": "instance hypernym", "~": "hyponym", "~i": "instance hyponym",
    "*": "entails", "-*": "entailed by", ">": "causes", "->": "caused by",
    "+": "derivation", "\\": "pertainym", "-\\": "pertainym of",
    "<": "participle of", "-<": "has participle", "#p": "part of", "%p": "has part",
}  # fmt: skip
# One pointer field: the symbol, the target synset's id, and for a link between two lemmas
# their member numbers ("@123", "+85509.1.1").
POINTER_FIELD = re.compile(r"(\D+)(\d+)(?:\.(\d+)\.(\d+))?")
UP = frozenset({"hypernym", "instance hypernym"})
DOWN = frozenset({"hyponym", "instance hyponym"})
PART_OF = frozenset({"part of"})
# Lemma-to-lemma relations between words of one root ("attend", "attendance", "attender").
DERIVATIONS = frozenset({
    "derivation", "pertainym", "pertainym of", "participle of", "has participle",
})  # fmt: skip
# Relations through which two words can speak of the same event or thing.
SAME_EVENT = DERIVATIONS | {"synonym", "entails", "entailed by", "causes", "caused by"}

# morphy's detachment rules (WordNet's morph.c, as in NLTK): suffix -> replacement.
SUFFIX_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
          ("shes", "sh"), ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}


@dataclass(frozen=True, slots=True)
class Pointer:
    """One WordNet link from a synset; `source_word`/`target_word` are member positions
    (0-based) for lemma-to-lemma links such as derivations, None for whole-synset links."""

    relation: str
    target: int
    source_word: int | None = None
    target_word: int | None = None


@dataclass(frozen=True, slots=True)
class Synset:
    """A WordNet sense: its member lemmas, lexicographer file (e.g. "noun.person") and links."""

    id: int
    pos: Pos
    lexname: str
    lemmas: tuple[str, ...]

    @property
    def pointers(self) -> tuple[Pointer, ...]:
        """Its links to other senses, read from WordNet's line when first asked for: most
        senses looked up (a word's parts of speech, its first sense's file) need none."""
        return _pointers(self.id)


@dataclass(frozen=True, slots=True)
class Link:
    """A lemma related to a word: `relation` is "synonym", "derivation", "causes", ..."""

    relation: str
    lemma: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class _Data:
    lexnames: tuple[str, ...]
    synsets: list[str]
    index: dict[str, list[str]]  # per part of speech: "lemma\tID ID ..." lines, sorted
    exceptions: dict[str, dict[str, list[str]]]


def load() -> None:
    """Read WordNet now rather than at its first look-up: before a fork, so that the helper
    process extracting half of a large text (extract/background.py) has it too."""
    _data()


@cache
def _data() -> _Data:
    # pkgutil rather than importlib.resources, as in extract/lexicon.py: cheaper to import
    raw = pkgutil.get_data(__name__, "wordnet.txt")
    assert raw is not None  # the package's own loader always reads files
    lines = raw.decode("utf-8").split("\n")
    header = json.loads(lines[0])
    blocks, at = {}, 1
    for name in ("synsets", *ALL_POS):
        count = header["lines"][name]
        blocks[name] = lines[at:at + count]
        at += count
    return _Data(tuple(header["lexnames"]), blocks["synsets"],
                 {pos: blocks[pos] for pos in ALL_POS}, header["exceptions"])


def _index_line(pos: Pos, lemma: str) -> str | None:
    """The index line of `lemma` ("lemma\tID ID ..."), or None if WordNet does not list it
    (only this lemma's line begins "lemma\t")."""
    return _first_line(pos, lemma + "\t")


def _first_line(pos: Pos, prefix: str) -> str | None:
    """The first index line beginning with `prefix`, or None: lines sharing a prefix are
    together in sorted order, so the first line not below it is one of them if any is."""
    lines = _data().index[pos]
    i = bisect_left(lines, prefix)
    return lines[i] if i < len(lines) and lines[i].startswith(prefix) else None


@lru_cache(maxsize=65536)  # lemmas of running text: bounded
def _ids(pos: Pos, lemma: str) -> tuple[int, ...]:
    """Synset ids of `lemma` in WordNet's sense order; () if WordNet does not list it."""
    line = _index_line(pos, lemma)
    return () if line is None else tuple(int(i) for i in line[len(lemma) + 1:].split(" "))


@cache
def _synset(synset_id: int) -> Synset:
    lexnum, members, _ = (_data().synsets[synset_id] + "\t").split("\t", 2)
    lexname = _data().lexnames[int(lexnum)]
    pos = cast(Pos, {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}[lexname.split(".")[0]])
    return Synset(synset_id, pos, lexname, tuple(members.split("|")))


@cache
def _pointers(synset_id: int) -> tuple[Pointer, ...]:
    """Synset(synset_id).pointers: the fields after the lexicographer file and the members."""
    _, _, *fields = _data().synsets[synset_id].split("\t")
    return tuple(_parse_pointer(field) for field in fields)


def _parse_pointer(field: str) -> Pointer:
    m = POINTER_FIELD.fullmatch(field)
    assert m is not None, field  # scripts/build_wordnet.py writes no other form
    symbol, target, source_word, target_word = m.groups()
    if source_word is None:
        return Pointer(RELATIONS[symbol], int(target))
    return Pointer(RELATIONS[symbol], int(target), int(source_word) - 1, int(target_word) - 1)


@cache
def _members(synset_id: int) -> tuple[str, ...]:
    """_synset(synset_id).lemmas, without reading the synset's pointers."""
    return tuple(_data().synsets[synset_id].split("\t", 2)[1].split("|"))


@cache
def _targets_pattern(relations: frozenset[str]) -> re.Pattern[str]:
    symbols = sorted((s for s, r in RELATIONS.items() if r in relations), key=len, reverse=True)
    return re.compile(rf"\t(?:{'|'.join(map(re.escape, symbols))})(\d+)(?:\.\d+\.\d+)?(?=\t|$)")


@lru_cache(maxsize=65536)
def _targets(synset_id: int, relations: frozenset[str]) -> tuple[int, ...]:
    """Ids of the synsets `synset_id` points to through any of `relations`, read straight from
    the synset's line (not through its parsed pointers): a closure over hypernyms walks many
    synsets and needs no other pointer of theirs."""
    line = _data().synsets[synset_id]
    pointers_at = line.index("\t", line.index("\t") + 1) if line.count("\t") > 1 else len(line)
    return tuple(int(t) for t in _targets_pattern(relations).findall(line, pointers_at))


def _check_pos(pos: str | None) -> tuple[Pos, ...]:
    if pos is None:
        return ALL_POS
    if pos not in ALL_POS:
        raise ValueError(f"part of speech {pos!r} is not one of {', '.join(ALL_POS)}")
    return (pos,)


def _normalise(word: str) -> str:
    return " ".join(word.replace("_", " ").lower().split())


def _base_forms(form: str, pos: Pos) -> list[str]:
    """Candidate lemmas of one inflected form, before checking WordNet knows them."""
    exceptions = _data().exceptions[pos].get(form)
    if exceptions is not None:
        return [form, *exceptions]
    return [form] + [form[: len(form) - len(old)] + new
                     for old, new in SUFFIX_RULES[pos] if form.endswith(old)]


@lru_cache(maxsize=65536)  # first words of running text's word pairs: bounded
def _begins_phrase(pos: Pos, word: str) -> bool:
    """Whether WordNet lists a phrase of `pos` whose first word is `word` or a base form of it."""
    return any(_first_line(pos, base + " ") is not None for base in _base_forms(word, pos))


@lru_cache(maxsize=65536)  # words of running text: bounded
def _morphy(form: str, pos: Pos) -> tuple[str, ...]:
    if " " in form and form not in _data().exceptions[pos] \
            and not _begins_phrase(pos, form.partition(" ")[0]):
        return ()  # every lemma tried below begins with the first word or a base form of it
    found = [lemma for lemma in _base_forms(form, pos) if _index_line(pos, lemma) is not None]
    if found or " " not in form:
        return tuple(dict.fromkeys(found))
    # a phrase WordNet does not list as written: inflect its first word ("took part") or its
    # last ("death tolls")
    first, _, tail = form.partition(" ")
    head, _, last = form.rpartition(" ")
    candidates = ([f"{base} {tail}" for base in _base_forms(first, pos)]
                  + [f"{head} {base}" for base in _base_forms(last, pos)])
    return tuple(dict.fromkeys(lemma for lemma in candidates
                               if _index_line(pos, lemma) is not None))


@lru_cache(maxsize=65536)  # words of running text (a 20 MB document asks for each often)
def lemmas(word: str, pos: Pos | None = None) -> tuple[str, ...]:
    """WordNet lemmas of `word` (morphy: exception lists, then suffix rules), n-v-a-r order."""
    form = _normalise(word)
    return tuple(dict.fromkeys(lemma for p in _check_pos(pos) for lemma in _morphy(form, p)))


def inflections(lemma: str) -> frozenset[str]:
    """Every form whose lemmas() may include `lemma`, whatever its part of speech: the lemma,
    what a suffix rule takes back to it, the exception lists' forms of it, and for a phrase
    the phrase with its first or last word so inflected. A superset (WordNet need not know a
    form), so that a caller can leave every other word unlooked-up."""
    form = _normalise(lemma)
    if " " not in form:
        return _word_inflections(form)
    first, _, tail = form.partition(" ")
    head, _, last = form.rpartition(" ")
    return frozenset({f"{f} {tail}" for f in _word_inflections(first)}
                     | {f"{head} {f}" for f in _word_inflections(last)}
                     | _excepted().get(form, frozenset()))


@cache
def _word_inflections(word: str) -> frozenset[str]:
    undone = {word[:len(word) - len(new)] + old for pos in ALL_POS
              for old, new in SUFFIX_RULES[pos] if word.endswith(new)}
    return frozenset({word} | undone | _excepted().get(word, frozenset()))


@cache
def _excepted() -> dict[str, frozenset[str]]:
    """The exception lists turned round: lemma -> the irregular forms listed for it."""
    forms: dict[str, set[str]] = {}
    for table in _data().exceptions.values():
        for form, bases in table.items():
            for base in bases:
                forms.setdefault(base, set()).add(form)
    return {base: frozenset(found) for base, found in forms.items()}


@lru_cache(maxsize=65536)  # words of running text: bounded
def plural_form(word: str) -> bool:
    """A noun in an inflected plural form: a noun base form WordNet gives differs from the word
    ("children", "births"; not "people", which WordNet lists as a base of its own)."""
    return any(base != word for base in lemmas(word, "n"))


def parts_of_speech(word: str) -> set[Pos]:
    """The parts of speech ("n", "v", "a", "r") `word` can be, inflected forms included."""
    form = _normalise(word)
    return {p for p in ALL_POS if _morphy(form, p)}


def _sense_ids(word: str, pos: Pos, senses: int | None) -> Iterator[int]:
    for lemma in _morphy(_normalise(word), pos):
        yield from _ids(pos, lemma)[:senses]


def synsets(word: str, pos: Pos | None = None, *, senses: int | None = None) -> tuple[Synset, ...]:
    """Senses of `word`, most frequent first per lemma; `senses=N` keeps each lemma's first N."""
    ids = (i for p in _check_pos(pos) for i in _sense_ids(word, p, senses))
    return tuple(_synset(i) for i in dict.fromkeys(ids))


def lexnames(word: str, pos: Pos = "n", *, senses: int | None = None) -> set[str]:
    """Lexicographer files of `word`'s senses: lexnames("tiger") == {"noun.animal", "noun.person"}."""
    return {synset.lexname for synset in synsets(word, pos, senses=senses)}


def _closure(start: Iterable[int], relations: frozenset[str], depth: int | None) -> set[int]:
    """Ids reachable from `start` in at most `depth` steps (no limit if None), `start` excluded."""
    seen: set[int] = set()
    frontier = set(start)
    while frontier and (depth is None or depth > 0):
        frontier = {t for i in frontier for t in _targets(i, relations)} - seen
        seen |= frontier
        depth = None if depth is None else depth - 1
    return seen


def _lemmas_of(ids: Iterable[int]) -> set[str]:
    return {lemma for i in ids for lemma in _members(i)}


def hypernyms(word: str, pos: Pos = "n", *, depth: int | None = None,
              senses: int | None = None) -> set[str]:
    """Lemmas of the more general senses above `word` (instance hypernyms too), up to `depth`."""
    start = [s.id for s in synsets(word, pos, senses=senses)]
    return _lemmas_of(_closure(start, UP, depth))


def hyponyms(word: str, pos: Pos = "n", *, depth: int | None = None,
             senses: int | None = None) -> set[str]:
    """Lemmas of the more specific senses below `word` (instances too), up to `depth`."""
    start = [s.id for s in synsets(word, pos, senses=senses)]
    return _lemmas_of(_closure(start, DOWN, depth))


def kinds_of(synset: Synset) -> frozenset[int]:
    """Ids of every sense above `synset` (its hypernyms, theirs and so on, instance hypernyms
    too): a sense lies below another when that one's id is in the set."""
    return _above(synset.id)


@cache
def _above(synset_id: int) -> frozenset[int]:
    return frozenset(_closure([synset_id], UP, None))


def wholes(synset: Synset) -> frozenset[int]:
    """Ids of the wholes a sense is part of, and theirs: Los Angeles lies in California,
    which lies in the United States, which lies in North America."""
    return _wholes(synset.id)


@cache
def _wholes(synset_id: int) -> frozenset[int]:
    return frozenset(_closure([synset_id], PART_OF, None))


def is_a(word: str, ancestor: str, pos: Pos = "n", *, senses: int | None = None) -> bool:
    """Whether a sense of `word` is, or lies below, a sense having lemma `ancestor`:
    is_a("youths", "person") and is_a("tiger", "animal") are True."""
    start = [s.id for s in synsets(word, pos, senses=senses)]
    wanted = _normalise(ancestor)
    return wanted in _lemmas_of(set(start) | _closure(start, UP, None))


def synonyms(word: str, pos: Pos | None = None, *, senses: int | None = None) -> set[str]:
    """Member lemmas of `word`'s senses, its own lemmas included."""
    return _lemmas_of(s.id for s in synsets(word, pos, senses=senses))


def _lemma_links(lemma: str, pos: Pos, whole_synsets: bool, senses: int | None) -> Iterator[Link]:
    """Links from one WordNet lemma's first `senses` senses; with `whole_synsets`, a
    lemma-to-lemma link also reaches the target lemma's synonyms in the linked sense."""
    for synset_id in _ids(pos, lemma)[:senses]:
        synset = _synset(synset_id)
        for member in synset.lemmas:
            yield Link("synonym", member, pos)
        own = {i for i, member in enumerate(synset.lemmas) if member == lemma}
        for pointer in synset.pointers:
            target = _synset(pointer.target)
            if pointer.target_word is None or whole_synsets and pointer.source_word in own:
                yield from (Link(pointer.relation, m, target.pos) for m in target.lemmas)
            elif pointer.source_word in own:
                yield Link(pointer.relation, target.lemmas[pointer.target_word], target.pos)


def links(word: str, pos: Pos | None = None, *, whole_synsets: bool = False,
          senses: int | None = None) -> set[Link]:
    """Every WordNet link from the lemmas of `word`: synonyms, hypernyms, derivations, causes...
    Derivations link one lemma to another ("attend" to "attender"); `whole_synsets` adds the
    target's synonyms in that sense ("attendee")."""
    return {link for p in _check_pos(pos) for lemma in _morphy(_normalise(word), p)
            for link in _lemma_links(lemma, p, whole_synsets, senses)}


def derived(word: str, pos: Pos | None = None, *, whole_synsets: bool = False,
            senses: int | None = None) -> set[str]:
    """Derivationally related lemmas in any part of speech, both ways, with participles and
    pertainyms: derived("attend") includes "attendance"; with `whole_synsets`, "attendee" too."""
    return {link.lemma for link in links(word, pos, whole_synsets=whole_synsets, senses=senses)
            if link.relation in DERIVATIONS}


def related(word: str, pos: Pos | None = None, *, depth: int = 1,
            senses: int | None = None) -> set[str]:
    """Lemmas that can speak of the same event or thing as `word`: its synonyms, derivations
    (whole synsets), participles, pertainyms, entailments and causes, both ways, followed
    `depth` steps, from each lemma's first `senses` senses; related("kill") includes "die",
    related("attend") "attendee". The word's own lemmas are included."""
    frontier = {(lemma, p) for p in _check_pos(pos) for lemma in _morphy(_normalise(word), p)}
    seen = set(frontier)
    for _ in range(depth):
        frontier = {(link.lemma, link.pos) for lemma, p in frontier
                    for link in _lemma_links(lemma, p, True, senses) if link.relation in SAME_EVENT} - seen
        seen |= frontier
    return {lemma for lemma, _ in seen}
