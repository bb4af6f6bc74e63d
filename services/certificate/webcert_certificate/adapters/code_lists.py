"""The full diagnosis code lists in memory (DS-1): existence, descriptions and suggestions.

The CSV files under ``webcert_certificate/refdata`` are read once (``code_lists()``) into an index
per code system: the codes sorted for prefix search, and every description split into words with
a sorted vocabulary for word-prefix search. Reads only; safe to share between threads.
"""
from __future__ import annotations

import csv
import functools
import heapq
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from webcert_certificate.domain.diagnoses import (
    MIN_CODE_SEARCH_POSITIONS,
    CodeSystem,
    normalise_code,
    parse_code_system,
)

REFDATA_DIRECTORY = Path(__file__).resolve().parent.parent / "refdata"
DEFAULT_LIMIT = 20
# Only words this long are also looked for inside words: Swedish compounds ("infarkt" finds
# "hjärtinfarkt"), while three letters or fewer inside words match by chance ("far" in "infarkt").
MIN_INFIX_LENGTH = 4

# Files: (code file, extra search-term files). KSH97-P's search words are what Webcert searched.
_FILES = {
    CodeSystem.ICD_10_SE: ("icd10se_codes.csv", ()),
    CodeSystem.KSH_97_P: ("ksh97p_koder.csv", ("ksh97p_sokord.csv",)),
}


class UnknownCodeSystem(ValueError):
    reason = "UNKNOWN_CODE_SYSTEM"
    message = "Okänt kodverk. Välj ICD-10-SE eller KSH97-P."

    def __init__(self) -> None:
        super().__init__(self.message)


@dataclass(frozen=True)
class Suggestion:
    """A code and the text the user would see (for KSH97-P the matched search term)."""

    code: str
    description: str


def _folding_table() -> dict[int, str]:
    # å, ä and ö are letters of their own in Swedish ("får" is not "far"), so they are kept;
    # other accents go ("menieres" finds "Ménières", "behcets" finds "Behçets").
    table = {}
    for point in range(0x80, 0x250):
        char = chr(point)
        if char in "åäöÅÄÖ":
            continue
        stripped = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if stripped != char:
            table[point] = stripped.lower()
    # Ligatures in Latin terms ("Striæ"); ø is ö in Swedish ordering.
    table.update({ord("æ"): "ae", ord("Æ"): "ae", ord("œ"): "oe", ord("Œ"): "oe",
                  ord("ø"): "ö", ord("Ø"): "ö", ord("ß"): "ss"})
    return table


_FOLD = _folding_table()
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Text compared for search: case-insensitive, accents removed except on å, ä and ö."""
    text = unicodedata.normalize("NFC", text).casefold()
    return text if text.isascii() else text.translate(_FOLD)


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


_SWEDISH_LETTERS = str.maketrans({"å": "a", "ä": "a", "ö": "o"})


def loosen(folded: str) -> str:
    """Folded text with å, ä and ö read as a and o: only for a search that found nothing."""
    return folded.translate(_SWEDISH_LETTERS)


@dataclass(frozen=True)
class _Entry:
    code: str
    description: str
    words: tuple[str, ...]
    joined: str  # the words with single spaces: what a typed phrase is compared with


class _Vocabulary:
    """Every word of the descriptions, sorted, with the entries it occurs in, by word position."""

    def __init__(self, positions: dict[str, dict[int, frozenset[int]]]) -> None:
        self.positions = positions
        self.postings = {word: frozenset().union(*by_place.values()) for word, by_place in positions.items()}
        self.words = sorted(self.postings)

    @classmethod
    def of(cls, entries: list[_Entry]) -> _Vocabulary:
        positions: dict[str, dict[int, set[int]]] = {}
        for number, entry in enumerate(entries):
            for place, word in enumerate(entry.words):
                positions.setdefault(word, {}).setdefault(place, set()).add(number)
        return cls({word: {place: frozenset(ids) for place, ids in by_place.items()}
                    for word, by_place in positions.items()})

    def merged(self, transform) -> _Vocabulary:
        """The same entries under transformed words (words that become equal are merged)."""
        positions: dict[str, dict[int, frozenset[int]]] = {}
        for word, by_place in self.positions.items():
            target = positions.setdefault(transform(word), {})
            for place, ids in by_place.items():
                target[place] = target.get(place, frozenset()) | ids
        return _Vocabulary(positions)

    def starting_with(self, token: str) -> list[str]:
        found = []
        for word in self.words[bisect_left(self.words, token):]:
            if not word.startswith(token):
                break
            found.append(word)
        return found

    def prefix_ids(self, token: str) -> set[int]:
        return set().union(*(self.postings[word] for word in self.starting_with(token)))

    def prefix_ids_by_place(self, token: str) -> dict[int, set[int]]:
        """Entries with a word starting with ``token``, by the place of that word."""
        by_place: dict[int, set[int]] = {}
        for word in self.starting_with(token):
            for place, ids in self.positions[word].items():
                by_place.setdefault(place, set()).update(ids)
        return by_place

    def whole_word_ids(self, token: str) -> frozenset[int]:
        return self.postings.get(token, frozenset())

    def infix_ids(self, token: str) -> set[int]:
        if len(token) < MIN_INFIX_LENGTH:
            return set()
        return set().union(*(self.postings[word] for word in self.words
                             if token in word and not word.startswith(token)))


class _SystemIndex:
    def __init__(self, descriptions: dict[str, str], terms: list[tuple[str, str]]) -> None:
        self.descriptions = descriptions
        # Code search ignores KSH97-P's dash so that "A02P" finds "A02-P" as "A02" does.
        self.code_keys = sorted((code.replace("-", ""), code) for code in descriptions)
        entries, seen = [], set()
        for code, text in terms:
            entry_words = words(text)
            if (code, entry_words) not in seen and entry_words:
                seen.add((code, entry_words))
                entries.append(_Entry(code, text, entry_words, " ".join(entry_words)))
        # Numbered shortest (most general) first: within a rank, the lower number wins.
        entries.sort(key=lambda entry: (len(entry.description), entry.code, entry.description))
        self.entries: list[_Entry] = entries
        self.phrases = sorted((entry.joined, number) for number, entry in enumerate(entries))
        self.strict = _Vocabulary.of(entries)
        self.loose = self.strict.merged(loosen)

    def starting_with(self, phrase: str) -> set[int]:
        found = set()
        for joined, number in self.phrases[bisect_left(self.phrases, (phrase, -1)):]:
            if not joined.startswith(phrase):
                break
            found.add(number)
        return found


def _read_rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(normalise_code(row["kod"]), row["beskrivning"].strip()) for row in csv.DictReader(handle)]


class CodeListIndex:
    """ICD-10-SE and KSH97-P in memory. Every method takes the code system by enum or wire name."""

    def __init__(self, systems: dict[CodeSystem, _SystemIndex]) -> None:
        self._systems = systems

    @classmethod
    def load(cls, directory: Path = REFDATA_DIRECTORY) -> CodeListIndex:
        systems = {}
        for system, (code_file, term_files) in _FILES.items():
            rows = _read_rows(directory / code_file)
            terms = rows + [row for name in term_files for row in _read_rows(directory / name)]
            systems[system] = _SystemIndex(dict(rows), terms)
        return cls(systems)

    def _index(self, system: CodeSystem | str) -> _SystemIndex:
        parsed = parse_code_system(system)
        if parsed is None:
            raise UnknownCodeSystem()
        return self._systems[parsed]

    def size(self, system: CodeSystem | str) -> int:
        return len(self._index(system).descriptions)

    def exists(self, system: CodeSystem | str, code: str) -> bool:
        return normalise_code(code) in self._index(system).descriptions

    def describe(self, system: CodeSystem | str, code: str) -> str | None:
        return self._index(system).descriptions.get(normalise_code(code))

    def search_by_code(self, system: CodeSystem | str, prefix: str, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
        """Codes starting with ``prefix``, in code order; nothing before three positions (§6, DS-1)."""
        index = self._index(system)
        typed = normalise_code(prefix)
        if len(typed) < MIN_CODE_SEARCH_POSITIONS or limit < 1:
            return []
        key = typed.replace("-", "")
        found = []
        for compact, code in index.code_keys[bisect_left(index.code_keys, (key, "")):]:
            if not compact.startswith(key) or len(found) == limit:
                break
            found.append(Suggestion(code, index.descriptions[code]))
        return found

    def search_by_description(
        self, system: CodeSystem | str, text: str, limit: int = DEFAULT_LIMIT
    ) -> list[Suggestion]:
        """Descriptions whose words start with every typed word, at any length (§6, DS-1).

        Ranked in tiers: descriptions that start with what was typed; then those with every
        typed word at the start of one of their words (the earlier the first typed word
        matches, the higher; whole words before beginnings); then, to fill up to ``limit``,
        words found inside Swedish compounds. Ties go to the shorter, more general description.
        Only when nothing matches are å, ä and ö read as a and o, for a keyboard without them
        ("angest" finds "Ångest…"); otherwise they stay letters of their own ("far" is not "får").
        """
        index = self._index(system)
        tokens = _WORD.findall(fold(text or ""))
        if not tokens or limit < 1:
            return []
        found = _search(index, tokens, limit, loose=False) or _search(index, tokens, limit, loose=True)
        return [Suggestion(index.entries[n].code, index.entries[n].description) for n in found]


def _search(index: _SystemIndex, tokens: list[str], limit: int, *, loose: bool) -> list[int]:
    if loose:
        tokens = [loosen(token) for token in tokens]
    vocabulary = index.loose if loose else index.strict
    whole_words = [vocabulary.whole_word_ids(token) for token in tokens]

    def best(group: set[int], wanted: int) -> list[int]:
        """The ``wanted`` best of entries that match equally early: whole words first."""
        if wanted <= 0 or not group:
            return []
        if len(tokens) == 1:
            whole = sorted(group & whole_words[0])[:wanted]
            return whole + sorted(group - whole_words[0])[:wanted - len(whole)]
        return heapq.nsmallest(wanted, group, key=lambda n: (-sum(n in ids for ids in whole_words), n))

    phrase = " ".join(tokens)
    prefix_sets = [vocabulary.prefix_ids(token) for token in tokens]
    matched = set.intersection(*prefix_sets)
    if loose:
        starting = {n for n in matched if " ".join(map(loosen, index.entries[n].words)).startswith(phrase)}
    else:
        starting = index.starting_with(phrase)
    ranked = best(starting, limit)
    earlier = set(starting)
    by_place = vocabulary.prefix_ids_by_place(tokens[0])
    for place in sorted(by_place):
        if len(ranked) >= limit:
            break
        here = (by_place[place] & matched) - earlier
        ranked += best(here, limit - len(ranked))
        earlier |= here
    if len(ranked) < limit:
        # Compounds ("infarkt" in "hjärtinfarkt") come last, shortest first.
        inside = set.intersection(*(ids | vocabulary.infix_ids(token) for ids, token in zip(prefix_sets, tokens)))
        ranked += sorted(inside - matched)[:limit - len(ranked)]
    return ranked


@functools.lru_cache(maxsize=1)
def code_lists() -> CodeListIndex:
    """The lists from the project's refdata, loaded on first use and shared afterwards."""
    return CodeListIndex.load()
