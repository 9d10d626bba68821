#!/usr/bin/env python3
"""Build crosstally's compact WordNet lexicon from the WordNet 3.0 database files.

Run it from the repository root (standard library only):

    apt-get install wordnet-base          # Debian/Ubuntu: files land in /usr/share/wordnet
    python3 scripts/build_wordnet.py      # or: scripts/build_wordnet.py --wordnet-dir DIR

It writes src/crosstally/wordnet/wordnet.txt and copies nothing else; the licence beside it
(src/crosstally/wordnet/LICENSE-WordNet) is Princeton's WordNet 3.0 licence. The output is
committed, so users never need WordNet installed; rerun this script only to change what is
kept. The same input gives the same bytes on every run (sorted keys and lines), and
tests/test_wordnet.py checks the committed file against a fresh build.

The file is UTF-8 text, one record a line, so that loading it is a few splits rather than a
parse (crosstally loads it once per process, and `crosstally extract` is timed whole): the
first line is a JSON object with "source", "lexnames", "exceptions" and "lines", the number
of lines of each block that follows: "synsets", then the index of each part of speech ("n",
"v", "a", "r"). It is not compressed: git and wheels compress it anyway, and inflating 8 MB
would cost more than the rest of the load.

What is kept, for nouns, verbs, adjectives and adverbs (see crosstally.wordnet for the reader):

- "synsets": one string per synset, ids are list positions, ordered by part of speech
  (n, v, a, r) then by offset in the data file. Tab-separated fields:
  lexicographer file number, member lemmas joined by "|", then one field per pointer, written
  with WordNet's own symbol and the target synset's id:
    "@ID" hypernym, "@iID" instance hypernym, "~ID" hyponym, "~iID" instance hyponym,
    "*ID" entailment (verbs), ">ID" cause (verbs), "#pID" part holonym (the whole it is part
    of: Los Angeles -> California), "%pID" part meronym (its parts),
    "+ID.S.T" derivationally related form, "\\ID.S.T" pertainym (adjectives) or
    "derived from adjective" (adverbs), "<ID.S.T" participle of a verb (adjectives),
  where S and T are 1-based member numbers in the source and target synset (these pointers
  link one lemma to another, not whole synsets). Entailment, cause, pertainym and participle
  pointers run one way in WordNet; their reverse is added with a "-" before the symbol
  ("-*ID", "->ID", "-\\ID.S.T", "-<ID.S.T") so both directions are cheap to follow.
- "index": per part of speech, one line per lemma, "LEMMA<tab>ID ID ...", with the synset ids
  in WordNet's sense order (most frequent sense first), from index.noun, index.verb,
  index.adj, index.adv; lines sorted by lemma (code points), so the reader finds a lemma by
  bisection.
- "exceptions": per part of speech, inflected form -> base forms, from noun.exc, verb.exc,
  adj.exc, adv.exc (for morphy).
- "lexnames": lexicographer file names by number, as listed in lexnames(5WN).

Lemmas are lowercased and use spaces, not underscores ("death toll"); adjective position
markers such as "(a)" or "(p)" are dropped. Glosses, examples, verb frames and the other
pointer kinds are left out to keep the file small.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "crosstally" / "wordnet" / "wordnet.txt"
DEFAULT_WORDNET_DIR = Path("/usr/share/wordnet")

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

# The lexicographer file numbers of WordNet 3.0 (lexnames(5WN)); part of the database format,
# which Debian ships only as a man page, so the table is spelled out here.
LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
    "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
    "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
    "verb.body", "verb.change", "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather",
    "adj.ppl",
]

# WordNet pointer symbols kept: between whole synsets, and between one member of each.
SEMANTIC_POINTERS = {"@", "@i", "~", "~i", "*", ">", "#p", "%p"}
LEXICAL_POINTERS = {"+", "\\", "<"}
# One-way pointers whose reverse is added, written "-" + symbol.
REVERSED_POINTERS = {"*", ">", "\\", "<"}


def normalise_lemma(word: str) -> str:
    """WordNet spelling to ours: lowercase, spaces for underscores, no "(a)"-style marker."""
    if word.endswith(")"):
        word = word[: word.rindex("(")]
    return word.replace("_", " ").lower()


class Pointer(NamedTuple):
    symbol: str  # WordNet's pointer symbol: "@", "+", "\\", ...
    target: str  # part of speech and offset of the target synset: "n00007846"
    source_word: int  # 1-based member number in the source synset; 0 for the whole synset
    target_word: int


class RawSynset(NamedTuple):
    key: str  # part of speech and offset: "n00007846"
    lexnum: int
    members: list[str]
    pointers: list[Pointer]


def read_data_file(path: Path, pos: str) -> list[RawSynset]:
    """Synsets of one data.* file, in file order."""
    synsets = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("  "):  # the licence header
                continue
            fields = line.split(" | ", 1)[0].split()
            offset, lexnum = int(fields[0]), int(fields[1])
            word_count = int(fields[3], 16)
            members = [normalise_lemma(fields[4 + 2 * i]) for i in range(word_count)]
            rest = 4 + 2 * word_count
            pointer_count = int(fields[rest])
            pointers = []
            for i in range(pointer_count):
                symbol, target, target_pos, source_target = fields[rest + 1 + 4 * i: rest + 5 + 4 * i]
                target_pos = "a" if target_pos == "s" else target_pos  # satellites are adjectives
                source_word, target_word = divmod(int(source_target, 16), 256)  # "0102": 1, 2
                pointers.append(Pointer(symbol, f"{target_pos}{target}", source_word, target_word))
            synsets.append(RawSynset(f"{pos}{offset:08d}", lexnum, members, pointers))
    assert synsets, f"no synsets read from {path}"
    return synsets


def read_index_file(path: Path, ids: dict[str, int], pos: str) -> dict[str, list[int]]:
    """lemma -> synset ids in sense order, from one index.* file."""
    index: dict[str, list[int]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("  "):
                continue
            fields = line.split()
            synset_count = int(fields[2])
            offsets = fields[len(fields) - synset_count:]
            index[normalise_lemma(fields[0])] = [ids[f"{pos}{int(o):08d}"] for o in offsets]
    return index


def read_exceptions(path: Path) -> dict[str, list[str]]:
    """inflected form -> base forms, from one *.exc file."""
    exceptions: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            form, *bases = line.split()
            exceptions[normalise_lemma(form)] = [normalise_lemma(b) for b in bases]
    return exceptions


def build(wordnet_dir: Path) -> dict[str, object]:
    """The whole lexicon as one JSON-ready dict."""
    raw = [synset for pos, name in POS_FILES.items()
           for synset in read_data_file(wordnet_dir / f"data.{name}", pos)]
    ids = {synset.key: number for number, synset in enumerate(raw)}

    fields = [[str(synset.lexnum), "|".join(synset.members)] for synset in raw]
    reverse: list[list[str]] = [[] for _ in raw]
    for number, synset in enumerate(raw):
        for symbol, target_key, source, target in synset.pointers:
            target_id = ids[target_key]
            if symbol in SEMANTIC_POINTERS and source == 0:
                fields[number].append(f"{symbol}{target_id}")
                if symbol in REVERSED_POINTERS:
                    reverse[target_id].append(f"-{symbol}{number}")
            elif symbol in LEXICAL_POINTERS and source != 0:
                fields[number].append(f"{symbol}{target_id}.{source}.{target}")
                if symbol in REVERSED_POINTERS:
                    reverse[target_id].append(f"-{symbol}{number}.{target}.{source}")
    synsets = ["\t".join(own + sorted(set(back))) for own, back in zip(fields, reverse)]

    return {
        "source": "WordNet 3.0, Princeton University (see LICENSE-WordNet)",
        "lexnames": LEXNAMES,
        "synsets": synsets,
        "index": {pos: read_index_file(wordnet_dir / f"index.{name}", ids, pos)
                  for pos, name in POS_FILES.items()},
        "exceptions": {pos: read_exceptions(wordnet_dir / f"{name}.exc")
                       for pos, name in POS_FILES.items()},
    }


def encode(lexicon: dict[str, Any]) -> bytes:
    """Deterministic bytes: the header line (sorted keys, compact separators), the synset
    lines, then each part of speech's index lines sorted by lemma."""
    blocks: dict[str, list[str]] = {"synsets": lexicon["synsets"]}
    for pos in POS_FILES:
        index = lexicon["index"][pos]
        assert not any("\t" in lemma or "\n" in lemma for lemma in index)
        blocks[pos] = [f"{lemma}\t{' '.join(map(str, index[lemma]))}" for lemma in sorted(index)]
    header = {"source": lexicon["source"], "lexnames": lexicon["lexnames"],
              "exceptions": lexicon["exceptions"],
              "lines": {name: len(lines) for name, lines in blocks.items()}}
    lines = [json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":"))]
    for block in blocks.values():
        assert not any("\n" in line for line in block)
        lines += block
    return ("\n".join(lines) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--wordnet-dir", type=Path, default=DEFAULT_WORDNET_DIR,
                        help="directory holding data.noun, index.noun, noun.exc, ...")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="file to write")
    args = parser.parse_args(argv)
    if not (args.wordnet_dir / "data.noun").is_file():
        parser.error(f"no WordNet data.noun in {args.wordnet_dir}; install wordnet-base "
                     "(apt-get install wordnet-base) or pass --wordnet-dir")
    data = encode(build(args.wordnet_dir))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
