"""Province lint: a name in an article body that is probably a misspelt province.

Closeness alone would flag half a news archive, because Vietnamese personal names share
syllables with provinces ("Minh Phúc" is one letter from Vĩnh Phúc). A capitalised run of
words is reported only when
  - it follows a place context ("tỉnh", "thành phố", "TP.", "Liên hiệp Hội", …) or stands in
    a list next to a real province, and is at most two slips from a province name; or
  - it is a whole proper noun of its own (not part of a longer name, not after "ông", "bà",
    "anh", "TS." …) and exactly one slip from a province name *with its diacritics* ("Bìn Thuận"
    drops one letter of "Bình Thuận"; "Minh Phúc" differs from "Vĩnh Phúc" in a letter and a tone).
Names after "xã", "huyện", "phường" … are communes and districts, never provinces.
A run is compared only with the names that have, in the same place, one of its syllables or a
syllable one slip from it: two slips leave at least one syllable of a name right or one slip
from right ("Qaunrg Ngãi", "Bìn Thuậ").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..provinces import ProvinceRegistry, _distance
from ..slugs import fold

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# Two or more capitalised words in a row ("Bìn Thuận", "Bà Rịa - Vũng Tàu") on one line: the only
# candidates. (Spaces other than a line break between them: a body is searched whole, in C.
# Possessive: letters never give back to a space or hyphen, so trying that is skipped. Not from a
# capital after a capital: a run from there would have started at the first, so the letters of
# "AAAA…" are not each read again to the end of the word: 40,000 capitals took 10 s.)
_RUN = re.compile(rf"[{_UPPER}](?<![{_UPPER}][{_UPPER}])[^\W\d_]*+(?:(?:[^\S\n]++|[^\S\n]*+-[^\S\n]*+)[{_UPPER}][^\W\d_]*+)+")
# _RUN tried only where a word starts, and at a capital glued to the lower-case letters before it
# ("tạiBìn Thuận"), once a word: from any later capital of that word the first word of a run ends
# at the same place, so the attempt fails or succeeds alike. (finditer tried each capital, and
# read each to the end of its word: a 20,000-letter "aAaA…" took 1.3 s, 80,000 letters 20 s.)
_RUN_AT_WORD = re.compile(rf"(?<![^\W\d_])" + _RUN.pattern)
_GLUED = re.compile(rf"(?<=[^\W\d_])(?<![{_UPPER}])[{_UPPER}]")
_LETTERS = re.compile(r"[^\W\d_]*+")


def find_runs(text: str) -> list[re.Match]:
    """The matches `_RUN.finditer(text)` gives, in order, in time linear in the text's length."""
    runs = list(_RUN_AT_WORD.finditer(text))
    glued = []
    skip_to = 0
    for capital in _GLUED.finditer(text):
        at = capital.start()
        if at < skip_to:
            continue
        skip_to = _LETTERS.match(text, at).end()  # (the rest of this word: no second try in it)
        run = _RUN.match(text, at)
        if run is not None:
            glued.append(run)
            skip_to = run.end()
    if not glued:
        return runs
    merged, end = [], 0
    for run in sorted(runs + glued, key=lambda m: m.start()):
        if run.start() >= end:  # (finditer's matches never overlap)
            merged.append(run)
            end = run.end()
    return merged
# What precedes a place name in this kind of news (lower-case, diacritics kept).
_PLACE_CONTEXT = ("tỉnh", "thành phố", "tp.", "tp", "liên hiệp hội", "liên hiệp các hội", "lhh", "tại", "ở",
                  "tỉnh ủy", "ubnd tỉnh")
_LOCAL_CONTEXT = ("xã", "huyện", "phường", "thị trấn", "thị xã", "quận", "thôn", "bản", "ấp", "làng", "sông",
                  "núi", "đường", "phố", "trường", "chùa", "đình", "cầu", "chợ")
_PERSON_CONTEXT = ("ông", "bà", "anh", "chị", "em", "cô", "thầy", "cháu", "đồng chí", "đ/c", "ts.", "ts",
                   "ths.", "ths", "pgs.", "gs.", "tskh", "ks.", "bs.", "nhà báo", "nghệ nhân", "giáo viên",
                   "học sinh", "sinh viên", "chủ tịch", "phó chủ tịch", "bí thư", "giám đốc")
_PERSON_LONGEST = max(map(len, _PERSON_CONTEXT))
# Characters of its line before and after a candidate in which a place word or a list neighbour is
# looked for ("tỉnh Bìn Thuận", "Quảng Ngãi, Bìn Thuận"): the longest place word has 17 letters, a
# neighbour up to four words.
_NEAR = 40

FAR_MAX = 200_000  # runs remembered as far from every province, at most


@dataclass(frozen=True)
class Slip:
    line: int  # 0-based line in the text
    written: str
    meant: str


class ProvinceLint:
    def __init__(self, registry: ProvinceRegistry):
        self.registry = registry
        # Runs of words without candidates: what `candidates`' cache also knows, but as a set, so
        # that a body's runs are checked against it in one set difference (see `check`).
        self._far: set[str] = set()
        # Spellings by syllable count: a 2-syllable run is compared with 2-syllable names only.
        self.names: dict[int, list[tuple[str, str, str, frozenset]]] = {}
        # Syllables of province names, folded: a run of words with none of them is skipped at
        # once (a misspelt name almost always keeps one syllable right: "Qaunrg Ngãi").
        self.syllables = {w for p in registry.all() for w in fold(p.name).lower().replace("-", " ").split()}
        # Names by (syllable count, position, folded syllable, or the syllable less one letter):
        # a name within two slips of a run keeps a syllable in its place right ("Qaunrg Ngãi"
        # keeps "ngai") or one slip from right ("Bìn Thuậ": "bin" is "binh" less a letter), so a
        # run is compared only with the few names that share such a syllable where they have it.
        self.by_syllable: dict[tuple[int, int, str], list[int]] = {}
        for p in registry.all():
            folded = " ".join(fold(p.name).lower().replace("-", " ").split())
            marked = _nfc_lower(p.name.replace("-", " "))
            words = folded.split()
            entry = len(self.names.setdefault(len(words), []))
            self.names[len(words)].append((folded, marked, p.name, frozenset(folded)))
            for position, word in enumerate(words):
                for variant in _near_syllables(word):
                    self.by_syllable.setdefault((len(words), position, variant), []).append(entry)

    @lru_cache(maxsize=65536)
    def closest(self, words: str) -> tuple[int, int, str]:
        """(slips without marks, slips with marks, province name) nearest to a run of words, among
        the names within two slips of it; (99, 99, "") when there is none."""
        folded = fold(words).lower()
        marked = _nfc_lower(words) if folded != words.lower() else folded  # ASCII text: compare folded
        best = (99, 99, "")
        parts = folded.split()
        size = len(parts)
        letters = set(folded)
        entries = {e for position, word in enumerate(parts) for variant in _near_syllables(word)
                   for e in self.by_syllable.get((size, position, variant), ())}
        for entry in sorted(entries):
            name, name_marked, display, name_letters = self.names[size][entry]
            if abs(len(name) - len(folded)) > 2 or len(letters ^ name_letters) > 4:
                continue  # more than two slips apart whatever they are (a slip adds or takes away
                # at most one letter, or changes one for another: two of the letters used)
            slips = _within(folded, name, 2)
            if slips <= 2:
                best = min(best, (slips, _distance(marked, name_marked if marked is not folded else name), display))
        return best

    def check(self, text: str) -> list[Slip]:
        slips: list[Slip] = []
        text = unicodedata.normalize("NFC", text)
        # The body is searched once. Its runs less those known to be far from every province (one
        # set difference, not a cached call per run) are nearly always none; otherwise only the
        # runs near a province are looked at, each in a few dozen characters around it: the cost
        # of a body grows with its length, however long its lines (a 144 KB one-line paragraph of
        # misspelt names took 20 s when each run counted the lines above it and searched its line).
        runs = [(run.group(), run) for run in find_runs(text)]
        near = {written for written in {written for written, _ in runs} - self._far if self._near(written)}
        if not near:
            return slips
        number, line_start, seen = 0, 0, 0  # the line of `seen` and where it starts (runs come in order)
        for written, run in runs:
            candidates = self.candidates(written) if written in near else ()
            if candidates:
                newlines = text.count("\n", seen, run.start())
                if newlines:
                    number += newlines
                    line_start = text.rfind("\n", seen, run.start()) + 1
                seen = run.start()
                words = list(_WORD.finditer(text, run.start(), run.end()))
                slip = self._in_context(number, text, line_start, words, candidates)
                if slip:
                    slips.append(slip)
        return slips

    def _near(self, run: str) -> bool:
        """Whether a run has candidates; a run that has none is remembered in `_far`."""
        if self.candidates(run):
            return True
        if len(self._far) >= FAR_MAX:
            self._far.clear()  # (bounded: a large archive has many distinct names)
        self._far.add(run)
        return False

    @lru_cache(maxsize=65536)
    def candidates(self, run: str) -> tuple:
        """Windows of a run close to a province, as (first word, size, marked slips, name); () when none.

        Depends on the run's words only, so it is cached: runs repeat a lot in a news archive.
        """
        words = _WORD.findall(run)
        if not any(_folded_word(w) in self.syllables for w in words):
            return ()
        windows = [(start, size, " ".join(words[start:start + size]))
                   for size in (4, 3, 2) for start in range(len(words) - size + 1)]
        if any(self.registry.match(text) for _, _, text in windows):
            return ()  # a real province in this run: nothing misspelt here
        found = []
        for start, size, text in windows:
            slips, marked_slips, meant = self.closest(text)
            if 0 < slips <= 2:
                found.append((start, size, marked_slips, meant))
        return tuple(found)

    def _in_context(self, number, text, line_start, words, candidates) -> Slip | None:
        """The slip of the first candidate in a place context or a list, or standing alone; the
        run's words are in `text`, on the line starting at `line_start`.

        Only the _NEAR characters before and after a candidate on its line are looked at, and the
        last words before the run (however far back the spaces before the run go). (Nothing checks
        for a capitalised word before the run: with only spaces between, it is part of the run.)"""
        person = _text_before(text, line_start, words[0].start()).endswith(_PERSON_CONTEXT)
        for start, size, marked_slips, meant in candidates:
            first, last = words[start].start(), words[start + size - 1].end()
            head = text[max(line_start, first - _NEAR): first]
            prefix = head.lower().rstrip()
            if prefix.endswith(_LOCAL_CONTEXT):
                continue
            in_context = prefix.endswith(_PLACE_CONTEXT) or self._in_list(head, text[last:last + _NEAR].partition("\n")[0])
            whole = start == 0 and size == len(words) and not person
            if in_context or (whole and marked_slips == 1):
                return Slip(number, text[first:last], meant)
        return None

    def _in_list(self, head, tail) -> bool:
        """Next to a real province, separated by ',', ';' or 'và': `head` and `tail` are the _NEAR
        characters before and after a candidate on its line (short: no backtracking blow-up)."""
        left = re.search(r"([^\W\d_][\w\s\-]*?)\s*(?:,|;|\svà)\s*$", head)
        right = re.match(r"\s*(?:,|;|và\s)\s*([^\W\d_][\w\-]*(?:\s[^\W\d_][\w\-]*){0,3})", tail)
        for m, from_end in ((left, True), (right, False)):
            if not m:
                continue
            names = m.group(1).split()
            for n in (2, 3, 4):
                chunk = names[-n:] if from_end else names[:n]
                if len(chunk) == n and all(w[0].isupper() for w in chunk) and self.registry.match(" ".join(chunk)):
                    return True
        return False


def _text_before(text: str, line_start: int, end: int) -> str:
    """text[line_start:end] lower-cased without its trailing spaces, or as much of its end as
    `endswith(_PERSON_CONTEXT)` needs: a window that doubles while spaces fill it."""
    width = _NEAR
    while True:
        start = max(line_start, end - width)
        before = text[start:end].lower().rstrip()
        if len(before) >= _PERSON_LONGEST or start == line_start:
            return before
        width *= 2


def _within(a: str, b: str, limit: int) -> int:
    """provinces._distance(a, b) when it is at most `limit`, else limit + 1: only the cells
    within `limit` of the diagonal are computed, and a row that exceeds it everywhere stops."""
    far = limit + 1
    if abs(len(a) - len(b)) > limit:
        return far
    width = len(b)
    before: list[int] = []
    prev = [j if j <= limit else far for j in range(width + 1)]
    for i in range(1, len(a) + 1):
        cur = [far] * (width + 1)
        if i <= limit:
            cur[0] = i
        lo, hi = max(1, i - limit), min(width, i + limit)
        char = a[i - 1]
        for j in range(lo, hi + 1):
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (char != b[j - 1]))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            cur[j] = value if value < far else far
        if min(cur[max(0, lo - 1):hi + 1]) > limit:
            return far
        before, prev = prev, cur
    return prev[width] if prev[width] <= limit else far


@lru_cache(maxsize=65536)
def _near_syllables(word: str) -> tuple[str, ...]:
    """The syllable and each string made by deleting one of its letters: two syllables one slip
    apart (a letter left out, added, changed or two swapped) share one of these."""
    return tuple({word, *(word[:i] + word[i + 1:] for i in range(len(word)))})


def _nfc_lower(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


@lru_cache(maxsize=65536)
def _folded_word(word: str) -> str:
    return fold(word).lower()
