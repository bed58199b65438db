"""Search text rules: words, Norwegian stems, case numbers in a query, name trigrams, snippets."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import Stemmer

# PostgreSQL's norwegian stop list (tsearch_data/norwegian.stop, from Snowball): applied here on
# both databases, so that SQLite and PostgreSQL index and look up the very same words.
STOP_WORDS = frozenset(
    """og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har
    om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva
    skal selv sjøl her alle vil bli ble blei blitt kunne inn når være kom noen noe ville dere deres
    kun ja etter ned skulle denne for deg si sine sitt mot å meget hvorfor dette disse uten hvordan
    ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver hvem vors hvis både bare enn
    fordi før mange også slik vært båe begge siden dykk dykkar dei deira deires deim di då eg ein
    eit eitt elles honom hjå ho hoe henne hennar hennes hoss hossen ingi inkje korleis korso kva
    kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre sia sidan
    so somt somme um upp vere vore verte vort varte vart""".split()
)

# Words that name a case number beside it ("sak 48/20", "saksnr. 2020/48"), as stems.
NUMBER_WORDS = frozenset({"sak", "saksnr", "saksnumm", "nr", "numm", "arkivsak"})
QUERY_MAX_CHARS = 200  # what a user types; the rest is ignored, never an error
QUERY_MAX_WORDS = 8
NAME_SIMILARITY = 0.3  # pg_trgm's default similarity threshold

_WORD = re.compile(r"[^\W_]+")
# "48/20", "48 / 20", "2020/48": a number in a body's series (NN/YY) or a registration id (YYYY/N).
_NUMBER = re.compile(r"(?<![^\W_])(\d{1,5})\s*/\s*(\d{1,5})(?![^\W_])")


@functools.cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


def words(text: str | None) -> list[str]:
    """The words of a text, lowercased and NFC-normalised (letters and digits; the rest separates)."""
    if not text:
        return []
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def stems(text: str | None) -> list[str]:
    """The words as the index holds them: Norwegian Snowball stems, stop words left out."""
    found = [word for word in words(text) if word not in STOP_WORDS]
    return _stemmer().stemWords(found) if found else []


def index_words(text: str | None) -> str:
    return " ".join(stems(text))


@dataclass(frozen=True)
class Query:
    """What a user typed, read by our rules: stems to look up (ASCII-safe words only, never syntax),
    case numbers (number, year) it names, and the raw words for the name search."""

    stems: tuple[str, ...]
    numbers: tuple[tuple[int, int], ...]
    name: str  # the words as typed (lowercased), numbers left out: names, and a title's exact phrase

    @property
    def empty(self) -> bool:
        return not self.stems and not self.numbers and len(self.name) < 2


def parse_query(text: str | None) -> Query:
    text = (text or "").replace("\x00", " ")[:QUERY_MAX_CHARS]
    numbers = tuple((int(a), int(b)) for a, b in _NUMBER.findall(text))[:4]
    rest = _NUMBER.sub(" ", text)
    found = stems(rest)
    if numbers:  # "sak 48/20": the word says what the number is, it is not looked for
        found = [stem for stem in found if stem not in NUMBER_WORDS]
    unique = list(dict.fromkeys(found))[:QUERY_MAX_WORDS]
    name = " ".join(words(rest)[:QUERY_MAX_WORDS])
    return Query(stems=tuple(unique), numbers=numbers, name=name)


def words_left_out(text: str | None) -> int:
    """How many of the words typed parse_query leaves out (beyond QUERY_MAX_WORDS): the page says so."""
    rest = _NUMBER.sub(" ", (text or "").replace("\x00", " ")[:QUERY_MAX_CHARS])
    return max(len(dict.fromkeys(stems(rest))) - QUERY_MAX_WORDS, 0)


def full_year(year: int) -> int:
    """48/20 means 2020: a two-digit year is of this century."""
    return 2000 + year if year < 100 else year


# --- Names: the trigram similarity of pg_trgm ---------------------------------------------------


@functools.lru_cache(maxsize=20_000)
def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams: each word lowercased, padded with two spaces before and one after. Kept for
    the words seen (the name words are compared with every query)."""
    found: set[str] = set()
    for word in words(text):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of the two."""
    return similarity_to(trigrams(a), b)


def similarity_to(first: frozenset[str], b: str) -> float:
    """similarity() with the first text's trigrams made once (a query compared with many names)."""
    second = trigrams(b)
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


class NameScorer:
    """How like a name the query is: pg_trgm's similarity to the whole name, or to as many of its
    words in a row as the query has ("Sæter" is 0.44 like the "Sæther" of "Anne Sæther", whose whole
    name is too long to reach the threshold). A name's trigrams are the union of its words' (pg_trgm
    pads each word), so each word's are made once per search, however many names share it."""

    def __init__(self, query: str) -> None:
        self.wanted = trigrams(query)
        self.count = max(len(words(query)), 1)
        self._words: dict[str, frozenset[str]] = {}

    def _word(self, word: str) -> frozenset[str]:
        found = self._words.get(word)
        if found is None:
            padded = f"  {word} "
            found = self._words[word] = frozenset(padded[i : i + 3] for i in range(len(padded) - 2))
        return found

    def _similarity(self, sets: list[frozenset[str]]) -> float:
        other = frozenset().union(*sets)
        if not self.wanted or not other:
            return 0.0
        shared = len(self.wanted & other)
        return shared / (len(self.wanted) + len(other) - shared)

    def score(self, name: str) -> float:
        sets = [self._word(word) for word in words(name)]
        best = self._similarity(sets)
        if len(sets) > self.count:
            for start in range(len(sets) - self.count + 1):
                best = max(best, self._similarity(sets[start : start + self.count]))
        return best


def close_words(word: str, vocabulary: list[str]) -> list[str]:
    """The words of `vocabulary` like `word` (pg_trgm's similarity of the two at its threshold), the
    word itself included. A word's trigrams number its length plus one, so a word much shorter or
    longer cannot reach the threshold and is passed over without being compared."""
    wanted = trigrams(word)
    if not wanted:
        return []
    low, high = NAME_SIMILARITY * len(wanted), len(wanted) / NAME_SIMILARITY
    return [
        term
        for term in vocabulary
        if low <= len(term) + 1 <= high and similarity_to(wanted, term) >= NAME_SIMILARITY
    ]


# --- Snippets -----------------------------------------------------------------------------------

Segment = tuple[str, bool]  # (text, is_match)


def snippet(text: str, query: Query, *, width: int = 160) -> list[Segment]:
    """A line of the text around its first matching word, the matching words marked. Words match by
    stem, so "mandatet" marks "mandat"; a case number marks its digits."""
    line = " ".join((text or "").split())
    wanted = set(query.stems)
    numbers = {str(part) for pair in query.numbers for part in pair}
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(line):
        if spans and match.start() > spans[0][0] + width:
            break  # past the line shown: the rest of a long document is not stemmed
        word = match.group().lower()
        if word in numbers or (word not in STOP_WORDS and _stemmer().stemWord(word) in wanted):
            spans.append((match.start(), match.end()))
    if not spans:
        cut = line[:width]
        return [(cut + ("…" if len(line) > width else ""), False)] if cut else []
    start = max(spans[0][0] - width // 3, 0)
    end = min(start + width, len(line))
    segments: list[Segment] = [("…", False)] if start > 0 else []
    position = start
    for first, last in spans:
        if first < position or last > end:
            continue
        if first > position:
            segments.append((line[position:first], False))
        segments.append((line[first:last], True))
        position = last
    if position < end:
        segments.append((line[position:end], False))
    if end < len(line):
        segments.append(("…", False))
    return segments


def marked(segments: list[Segment]) -> str:
    """The snippet as plain text, each match between « and »."""
    return "".join(f"«{text}»" if hit else text for text, hit in segments)
