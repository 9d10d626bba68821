"""No word list in the engine names a word of one of our development topics (issue 8, point 2).

Team rule: every rule is general English, backed by WordNet or fit on data. So the words of
the topics we develop on must not sit in the code as literals, where a rule could be quietly
fitted to one question. The topic words are read at test time from the shared gold corpora
(../shared, or $CROSSTALLY_SHARED; the tests skip without it, and none of it is copied here):

- every content word of a topic's question: "conscription", "tsunami", "homeless", "Manila";
- every content word that recurs in the units of the topic's *direct* estimates, the gold's
  own restatements of what the question counts ("excess (famine) deaths", "people killed by
  the 26 Dec 2004 earthquake and tsunami"). Units of the other estimates describe everything else on a
  page (video widths, copyright years) and would turn this test into a ban on English;

where a content word has four letters or more and is a name (capitalised inside the text) or
a noun or verb WordNet knows, and a plural noun brings its singular ("tigers", "tiger").
ALLOWED then removes a short list of general words that questions of every kind use.

The code read is every string literal of every module under src/crosstally/ (docstrings
excepted, regular expressions included, split on non-letters) and every key and string of
its JSON and YAML tables (extract/lang/en.json and the like). Not read: see NOT_READ. A word
found there is an offender unless KNOWN_OFFENDERS lists it for that file; that list only
shrinks, since a listed word that is gone fails the test too.
"""

from __future__ import annotations

import ast
import calendar
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from crosstally import wordnet

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "crosstally"
SHARED = Path(os.environ.get("CROSSTALLY_SHARED") or ROOT.parent / "shared")
CORPORA = ("corpus", "corpus-real")
# WordNet's own data; fitted weights (feature names only); the demo, whose question is data;
# the report's JSON schema, a format rather than a word list; the web app, API and MCP server,
# whose strings are page text, messages and routes (/api/health), never a rule over words.
NOT_READ = ("wordnet/", "demo/", "reconcile/relations.json", "schema/", "serve/")
DATA = ("json", "yaml", "yml")

# General words a topic's question or direct units use, which questions of every kind use
# too: why -> words. Keep it short; every word must be one a topic uses (a test checks), so
# the list cannot fill with dead entries.
ALLOWED_GROUPS = {
    "the frame of a quantitative question: how much/large/long, are there, have, were, took "
    "part, are left ('left' is as much 'remaining' as 'departed')":
        "much large long there have were took part left",
    "what a question or a source counts: people (the Women's March counts people), generic "
    "counting nouns, the tallies of a gathering, a number word (the Million Man March keeps "
    "its 'march')":
        "people persons women number estimate estimates estimated toll population crowd "
        "attendance million",
    "general measure words: deaths and their idioms, money, change, size":
        "death deaths died killed lives lost loss victims excess spend spending dollars extra "
        "height",
    "how a figure is reported: projected, claimed, confirmed, published, states (a speech "
    "verb as well as 'United States'), final, by definition":
        "projected claimed confirmed published states final definition",
    "time words (month names are calendar data, below) and place-generic words":
        "today night world earth home",
    "prepositions and their nouns WordNet also lists (at least, including, given, in "
    "connection with), and a word before identifiers (route 66)":
        "least including given connection route",
}
ALLOWED = frozenset(w for words in ALLOWED_GROUPS.values() for w in words.split())
MONTHS = frozenset(m.lower() for m in calendar.month_name if m)
# "March" is also a topic (three marches): a month only where the whole calendar is named.
AMBIGUOUS_MONTHS = frozenset({"march"})

# Topic words in the code today, by file. Each entry must go: the file's owner replaces the
# literal by a rule over WordNet or fitted data, then deletes the entry here.
KNOWN_OFFENDERS: dict[str, set[str]] = {
    # STOP holds our questions' verbs: "left fled entered crossed died killed spent".
    "extract/context.py": {"fled"},
    # method_cues names one topic's method ("catalogue"); places is a hand gazetteer that
    # names our topics' places, down to Antalya, Almaty and Doha: WordNet knows places.
    "extract/lang/en.json": {"catalogue", "hong", "kong", "manila", "panama", "qatar", "russia",
                             "united", "washington"},
}


class Hit(NamedTuple):
    word: str
    path: str  # relative to src/crosstally/
    line: int


def letters(text: str) -> list[str]:
    """Lower-case runs of letters, regular-expression escapes (\\b, \\s, \\w...) removed."""
    return re.findall(r"[a-z]+", re.sub(r"\\[A-Za-z]", " ", text).lower())


# ------------------------------------------------------------------ topic words


def gold_files() -> list[Path]:
    return sorted(p for corpus in CORPORA for p in (SHARED / corpus).glob("*/gold.yaml"))


def content_words(text: str) -> list[str]:
    """Words of four letters or more that name something: a name (capitalised, not first) or
    a noun or verb WordNet knows. Function words ("with", "their") are neither, nor are the
    adjectives and adverbs that frame a sentence ("many", "after", "directly")."""
    words = re.findall(r"[A-Za-z]+", text)
    return [w for i, w in enumerate(words) if len(w) >= 4
            and ((i > 0 and w[0].isupper()) or wordnet.parts_of_speech(w.lower()) & {"n", "v"})]


def forms(word: str, name: bool) -> set[str]:
    """The word lower-cased, with its singular when it is a plural common noun."""
    low = word.lower()
    if name:
        return {low}
    return {low} | {lem for lem in wordnet.lemmas(low, "n") if lem.isalpha() and len(lem) >= 4}


def words_of_topic(gold: dict[str, Any]) -> set[str]:
    words: set[str] = set()
    for w in content_words(gold["question"]):
        words |= forms(w, w[0].isupper())
    units = Counter(w for e in gold["estimates"] if e.get("relation") == "direct"
                    for w in set(content_words(str(e.get("unit") or ""))))
    for w, n in units.items():
        if n >= 2:
            words |= forms(w, w[0].isupper())
    return words


@cache
def all_topic_words() -> dict[str, frozenset[str]]:
    """Topic word -> the topics (folder names) whose question or direct units use it."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in gold_files():
        for w in words_of_topic(yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)):
            found[w].add(path.parent.name)
    return {w: frozenset(topics) for w, topics in found.items()}


@cache
def topic_words() -> dict[str, frozenset[str]]:
    """The topic words no general reason allows: ALLOWED (with singulars) and month names
    go, except the months that are topics too."""
    allowed = ALLOWED | MONTHS - AMBIGUOUS_MONTHS
    allowed |= {lemma for w in ALLOWED for lemma in wordnet.lemmas(w, "n")}
    return {w: topics for w, topics in all_topic_words().items() if w not in allowed}


# ------------------------------------------------------------------ code words


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def _line_of(word: str, lines: list[list[str]], first: int, last: int) -> int:
    """The first source line in first..last (`lines` as `letters` splits them) with `word`."""
    return next((n for n in range(first, last + 1) if word in lines[n - 1]), first)


def _calendar_words(words: set[str]) -> set[str]:
    """Month names are general inside a calendar (all twelve named), topic words elsewhere."""
    return set(AMBIGUOUS_MONTHS) if MONTHS <= words else set()


def _strings_by_statement(tree: ast.AST) -> dict[int, list[ast.Constant]]:
    """The string literals of each statement (id -> literals), nested statements apart."""
    found: dict[int, list[ast.Constant]] = defaultdict(list)

    def visit(node: ast.AST, statement: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                visit(child, child)
                continue
            if isinstance(child, ast.Constant) and isinstance(child.value, str):
                found[id(statement)].append(child)
            visit(child, statement)

    visit(tree, tree)
    return found


def python_words(source: str, path: str) -> Iterator[Hit]:
    """Every word of every string literal that is not a docstring, with its line; a
    statement is one unit for the calendar rule."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    lines = [letters(line) for line in source.splitlines()]
    for literals in _strings_by_statement(tree).values():
        strings = [node for node in literals if id(node) not in skip]
        general = _calendar_words({w for node in strings for w in letters(node.value)})
        for node in strings:
            for word in set(letters(node.value)) - general:
                end = node.end_lineno or node.lineno
                yield Hit(word, path, _line_of(word, lines, node.lineno, end))


def _strings(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """The string scalars of a YAML (or JSON) node, keys included; numbers and booleans not."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _strings(item)
    elif isinstance(node, yaml.MappingNode):
        for key, item in node.value:
            yield from _strings(key)
            yield from _strings(item)


def data_words(text: str, path: str) -> Iterator[Hit]:
    """Every word of every key and string of a JSON or YAML table file, with its line
    (comments are not data); a top-level entry is one table for the calendar rule."""
    root = yaml.compose(text, Loader=LOADER)
    if root is None:
        return
    tables = root.value if isinstance(root, yaml.MappingNode) else [(root, root)]
    for key, table in tables:
        strings = [*_strings(key), *_strings(table)] if key is not table else [*_strings(key)]
        general = _calendar_words({w for node in strings for w in letters(node.value)})
        for node in strings:
            for word in set(letters(node.value)) - general:
                yield Hit(word, path, node.start_mark.line + 1)


def code_words() -> Iterator[Hit]:
    for file in sorted(PACKAGE.rglob("*.py")):
        path = file.relative_to(PACKAGE).as_posix()
        if not path.startswith(NOT_READ):
            yield from python_words(file.read_text(encoding="utf-8"), path)
    for file in sorted(f for ext in DATA for f in PACKAGE.rglob(f"*.{ext}")):
        path = file.relative_to(PACKAGE).as_posix()
        if not path.startswith(NOT_READ):
            yield from data_words(file.read_text(encoding="utf-8"), path)


@cache
def offenders() -> dict[str, dict[str, list[int]]]:
    """File -> topic word -> the lines where the file names it."""
    topics = topic_words()
    found: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for hit in code_words():
        if hit.word in topics:
            found[hit.path][hit.word].add(hit.line)
    return {path: {w: sorted(lines) for w, lines in words.items()}
            for path, words in found.items()}


# ------------------------------------------------------------------ tests


def test_the_scanner_reads_literals_and_regexes_but_not_docstrings() -> None:
    source = ('"""About tsunami tolls."""\n'
              'def f():\n    """A famine."""\n    return 1\n'
              'STOP = frozenset("left fled".split())\n'
              'PATTERN = r"\\b(?:tigers?|canal)\\b"\n'
              'MONTHS = ("January February March April May June July August September "\n'
              '          "October November December")\n'
              'WHEN = "in March"\n')
    hits = {(h.word, h.line) for h in python_words(source, "x.py")}

    assert {("fled", 5), ("tigers", 6), ("canal", 6), ("march", 9)} <= hits
    assert not {w for w, _ in hits} & {"tsunami", "tolls", "famine", "b"}
    assert ("march", 7) not in hits and ("march", 8) not in hits, "a calendar's March"


def test_the_scanner_reads_json_tables_with_their_lines() -> None:
    text = ('{\n "months": ["January", "February", "March", "April", "May", "June", "July",\n'
            '  "August", "September", "October", "November", "December"],\n'
            ' "cues": {\n  "border crossing": "records",\n  "march": "tsunami"\n }\n}\n')
    hits = {(h.word, h.line) for h in data_words(text, "x.json")}

    assert {("border", 5), ("crossing", 5), ("march", 6), ("tsunami", 6)} <= hits
    assert ("march", 2) not in hits


def test_the_scanner_reads_yaml_tables_but_not_their_comments() -> None:
    text = ("# Verbs of leaving: fled, emigrated.\n"
            "verbs: [go, fled,  # a famine\n"
            "        evacuated]\n"
            "flags: [\"on\", off, 12]\n")
    hits = {(h.word, h.line) for h in data_words(text, "x.yaml")}

    assert {("verbs", 2), ("fled", 2), ("evacuated", 3), ("on", 4)} <= hits
    assert not {w for w, _ in hits} & {"leaving", "emigrated", "famine", "off"}


needs_shared = pytest.mark.skipif(not gold_files(), reason=f"no gold corpora under {SHARED}")


@needs_shared
def test_topic_words_hold_each_topics_own_words_and_not_the_allowed_ones() -> None:
    words = topic_words()

    assert {"conscription", "tsunami", "famine", "tigers", "tiger", "trees", "languages",
            "homeless", "canal", "pope", "mass", "genocide", "hurricane", "displaced",
            "march", "marched", "earthquake", "mobilisation", "russia"} <= set(words)
    assert not set(words) & ALLOWED
    assert not ALLOWED - set(all_topic_words()), "an allowed word no topic uses: delete it"
    assert len(ALLOWED) < 60, "the allowed list is for general words only: keep it short"


@needs_shared
def test_no_word_list_in_the_code_names_a_topic_word() -> None:
    topics = topic_words()
    new = [f"{path}:{line}: {word!r} ({', '.join(sorted(topics[word]))})"
           for path, words in sorted(offenders().items()) for word, lines in sorted(words.items())
           if word not in KNOWN_OFFENDERS.get(path, set()) for line in lines]

    assert not new, ("topic words in the code; derive the rule from WordNet or fitted data "
                     "instead (or, if the word is general English, reason it into ALLOWED):\n"
                     + "\n".join(new))


@needs_shared
def test_known_offenders_only_shrink() -> None:
    found = offenders()
    gone = [f"{path}: {word!r}" for path, words in sorted(KNOWN_OFFENDERS.items())
            for word in sorted(words) if word not in found.get(path, {})]

    assert not gone, ("no longer in the code; delete from KNOWN_OFFENDERS:\n" + "\n".join(gone))
