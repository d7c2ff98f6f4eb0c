"""Xem thêm: related articles from an inverted index (term -> articles), never by comparing all pairs.

Score of a candidate = sum over shared terms of kind weight x (1 + rarity). Kind weights keep
the rule's order (a shared cluster or event counts most, then a province, then a tag or the section);
rarity = 1 / (1 + ln df) in (0, 1], df being how many articles carry the term, lets a term few
articles carry count up to twice a common one, without ever lifting a tag above a province or a
province above a cluster. Weights are counted in whole units of 1e-9, so that two sums of the same
weights are equal whatever their order.

The list is the rule's exact top — highest score first, newer first among equals — found by a
branch and bound over the article's own terms (`_scored`) on bitsets of the articles that carry
them. Its cost per article hardly grows with the site: 30 to 50 steps on a generated site of
10,000 or 100,000 articles, each an operation (in C) on a bitset as long as one term's posting
list, never one per article of the site.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Sequence

from ..content.models import Article

KIND_WEIGHT = {"cluster": 4.0, "event": 4.0, "province": 2.0, "successor": 1.0, "tag": 1.0, "section": 1.0}
SCALE = 10**9  # weights are summed as whole multiples of 1e-9: equal sums are equal in any order
# Part of every signature: a build does not take a list remembered by one that chose lists another
# way (the cache outlives an upgrade). Change it when the same inputs may give another list.
RULE = "exact top by score, newer first among equals"


def article_terms(article: Article) -> list[tuple[str, str]]:
    """What an article can share with another: its clusters, events, provinces, tags and section."""
    terms = [("cluster", c) for c in article.cluster_ids]
    terms += [("event", e.slug) for e in article.events]
    for mention in article.provinces:
        terms.append(("province", mention.province.slug))
        if mention.province.successor:
            # An article on Bình Định (2022) shares a little with one on Gia Lai (2026).
            terms.append(("successor", mention.province.successor))
    terms += [("tag", t.slug) for t in article.tags]
    if article.section:
        terms.append(("section", article.section.slug))
    return list(dict.fromkeys(terms))


class RelatedIndex:
    """Posting lists over the published articles, which must be given newest first."""

    def __init__(self, articles: Sequence[Article]):
        self.articles = articles
        self.terms = [article_terms(a) for a in articles]
        postings: dict[tuple[str, str], list[int]] = defaultdict(list)
        for rank, terms in enumerate(self.terms):
            for term in terms:
                postings[term].append(rank)  # ascending rank = newest first
        self.postings = postings
        # Rarity depends on how many articles carry a term, not on the size of the site, so an
        # article's list depends only on the posting lists of its own terms (see `signature`).
        self.weight = {t: KIND_WEIGHT[t[0]] * (1.0 + 1.0 / (1.0 + math.log(len(p)))) for t, p in postings.items()}
        self._tids: list[tuple[int, ...]] = []  # see `_prepare`
        self._points: list[int] = []
        self._members: list[list[int]] = []
        self._anchored: dict[int, dict[int, int]] = {}  # see `_within`
        self._posting_digest: dict[tuple[str, str], str] = {}
        self._identity: list[str] | None = None  # see `signature`
        self._structure: str | None = None
        self.lists_as_before = False  # see `recall`
        self.previous_paths: list[str] | None = None  # the previous build's articles, in its order
        self._rank_of_path: dict[str, int] = {}
        self.rank_of_slug: dict[str, int] = {}
        for rank, a in enumerate(articles):
            self.rank_of_slug.setdefault(a.slug, rank)  # a repeated slug means the newest one

    def related_to(self, rank: int, size: int) -> list[Article]:
        """Editor's picks, then the best-scoring articles, then the newest others: `size` in all."""
        chosen: list[int] = []
        seen = {rank}
        for slug in self.articles[rank].related_slugs:
            pick = self.rank_of_slug.get(slug)
            if pick is not None and pick not in seen and len(chosen) < size:
                chosen.append(pick)
                seen.add(pick)
        if len(chosen) < size:
            for pick in self._scored(rank, size - len(chosen), seen):
                chosen.append(pick)
                seen.add(pick)
        newest = 0
        while len(chosen) < size and newest < len(self.articles):
            if newest not in seen:
                chosen.append(newest)
                seen.add(newest)
            newest += 1
        return [self.articles[i] for i in chosen]

    def signature(self, rank: int, size: int) -> str:
        """Everything `related_to(rank, size)` reads, as a digest: which articles are in its terms'
        posting lists and in what order, its picks, the newest articles a list may be filled with.

        Articles are named by where they sort (date, then path), not by their content: editing
        an article's title or body leaves every other article's list as it was, so a build that
        remembers the lists (`remembered`) need not compute them again. Equal signatures in two
        builds mean lists of the same articles in the same order."""
        a = self.articles[rank]
        ids = self._ids()
        parts = [RULE, ids[rank], *a.related_slugs]
        for term in self.terms[rank]:
            digest = self._posting_digest.get(term)
            if digest is None:
                members = "\n".join(ids[r] for r in self.postings[term])
                digest = self._posting_digest[term] = hashlib.sha1(members.encode()).hexdigest()
            parts.append(f"{term[0]}:{term[1]}:{digest}")
        for slug in a.related_slugs:
            pick = self.rank_of_slug.get(slug)
            parts.append(ids[pick] if pick is not None else "-")
        parts += ids[: 2 * size + len(a.related_slugs) + 1]
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()

    def structure(self) -> str:
        """What every list is computed from, for the whole site: each article's place in the
        order, its terms and its picks. Unchanged, every list is as before (see `signature`)."""
        if self._structure is None:
            ids = self._ids()
            rows = []
            for ident, terms, a in zip(ids, self.terms, self.articles):
                picked = ""
                if a.related_slugs:
                    picks = [self.rank_of_slug.get(slug) for slug in a.related_slugs]
                    picked = "\t".join(ids[r] if r is not None else "-" for r in picks)
                rows.append(f"{ident}\t{' '.join([kind + ':' + slug for kind, slug in terms])}\t{picked}")
            self._structure = hashlib.sha1("\n".join([RULE, *rows]).encode()).hexdigest()
        return self._structure

    def _ids(self) -> list[str]:
        if self._identity is None:
            self._identity = [f"{a.date.timestamp()!r} {a.rel_path}" for a in self.articles]
            self._rank_of_path = {a.rel_path: rank for rank, a in enumerate(self.articles)}
        return self._identity

    def recall(self, structure: str | None, paths: list[str]) -> None:
        """What the previous build handed over (state.Shown, the cache's meta): the structure its
        lists were computed from and its articles in order. The same structure: every list is the
        one it remembered (an edited title or body changes none of them)."""
        self.lists_as_before = structure is not None and structure == self.structure()
        self.previous_paths = paths or None

    def remembered(self, ranks: list) -> list[Article] | None:
        """A list the previous build remembered by its ranks then (see `previous_paths`), as this
        build's articles; None if one of them is gone or the previous order is unknown."""
        before = self.previous_paths
        if before is None or not all(isinstance(r, int) and 0 <= r < len(before) for r in ranks):
            return None
        self._ids()
        now = [self._rank_of_path.get(before[r]) for r in ranks]
        return None if None in now else [self.articles[r] for r in now if r is not None]

    def score(self, rank: int, other: int) -> float:
        """Exact shared-term score of two articles."""
        self._prepare()
        mine, points = set(self._tids[rank]), self._points
        return sum(points[t] for t in self._tids[other] if t in mine) / SCALE

    def _prepare(self) -> None:
        """Term ids and integer weights, made on the first list asked for (a build whose lists are
        all remembered never needs them)."""
        if self._tids or not self.articles:
            return
        ids = {term: tid for tid, term in enumerate(self.postings)}
        self._tids = [tuple(ids[t] for t in terms) for terms in self.terms]
        self._points = [round(self.weight[term] * SCALE) for term in self.postings]
        self._members = list(self.postings.values())

    def _within(self, anchor: int) -> dict[int, int]:
        """For each term, the articles carrying `anchor` that carry it too, as a bitset over the
        anchor's posting list: bit df-1-i for its i-th article, so that the newest is the highest
        bit and the newest article of a set is its bit_length, at no cost. Made on first use: a
        term is an anchor only for articles where it is among the heaviest."""
        sets = self._anchored.get(anchor)
        if sets is None:
            members, tids = self._members[anchor], self._tids
            size = len(members)
            arrays: dict[int, bytearray] = {}
            for i, other in enumerate(members):
                at = size - 1 - i
                byte, bit = at >> 3, 1 << (at & 7)
                for tid in tids[other]:
                    array = arrays.get(tid)
                    if array is None:
                        array = arrays[tid] = bytearray((size + 7) // 8)
                    array[byte] |= bit
            sets = self._anchored[anchor] = {tid: int.from_bytes(a, "little") for tid, a in arrays.items()}
        return sets

    def _scored(self, rank: int, need: int, exclude: set[int]) -> list[int]:
        """The `need` best articles sharing a term with this one, outside `exclude`, by score then
        newest first: exactly, by a branch and bound over this article's terms, heaviest first.

        The articles whose heaviest shared term is the first term (the anchor) are searched first,
        then those whose heaviest is the second, and so on. Each node of a search splits a set of
        articles (a bitset over the anchor's posting list, see `_within`) into those that carry
        the next term and those that do not; a leaf's articles share exactly the terms taken on
        the way, so they all have its score, and come newest first. A node is given up when all
        its remaining terms could not lift its articles above the `need`-th best found so far,
        or only to a tie that its newest article would lose (newer first among equals); an
        anchor, when its weight and those of all lighter terms could not. Taking a term before
        leaving it out finds high scores first, so the bar rises early and the search is small:
        30 to 50 nodes an article on a generated site of 10,000 or 100,000 articles, each an AND
        or an XOR of bitsets as long as the anchor's list."""
        self._prepare()
        points = self._points
        order = sorted(self._tids[rank], key=lambda t: -points[t])
        weights = [points[t] for t in order]
        m = len(order)
        reach = [0] * (m + 1)  # reach[i]: what the terms from i on add at most
        for i in range(m - 1, -1, -1):
            reach[i] = reach[i + 1] + weights[i]
        best: list[tuple[int, int]] = []  # (-score, rank), best first, at most `need`
        # The bar to pass: the need-th best score and its rank once `best` is full; before, any
        # score above 0 (an article that shares nothing is not scored: it is one of "the rest").
        bar, last = 0, -1
        terms: list[int] = []  # the terms' bitsets over the anchor's list
        members: list[int] = []  # the anchor's list
        size = 0

        def search(i: int, score: int, found: int) -> None:
            nonlocal bar, last
            bound = score + reach[i]
            if bound < bar or (bound == bar and members[size - found.bit_length()] > last):
                return  # (size - bit_length: the index of the newest article found)
            if i == m:
                while found:  # newest first: each is worth the same score, and wins its ties
                    top = found.bit_length() - 1
                    other = members[size - 1 - top]
                    if score == bar and other > last:
                        return
                    insort(best, (-score, other))
                    if len(best) >= need:
                        del best[need:]
                        bar, last = -best[-1][0], best[-1][1]
                    found ^= 1 << top
                return
            carry = found & terms[i]
            if carry:
                search(i + 1, score + weights[i], carry)
            if score + reach[i + 1] >= bar:  # (else none of those without term i can pass)
                rest = found ^ carry
                if rest:
                    search(i + 1, score, rest)

        for a, anchor in enumerate(order):
            if weights[a] + reach[a + 1] < bar:
                break  # (nor can any lighter anchor: its articles share only lighter terms)
            within = self._within(anchor)
            members = self._members[anchor]
            size = len(members)
            terms = [within.get(t, 0) for t in order]
            found = (1 << size) - 1
            for heavier in terms[:a]:  # those were found with a heavier anchor
                found &= ~heavier
            for other in exclude:
                i = bisect_left(members, other)
                if i < size and members[i] == other:
                    found &= ~(1 << (size - 1 - i))
            if found:
                search(a + 1, weights[a], found)
        return [other for _, other in best]
