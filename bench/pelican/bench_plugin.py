"""Pelican plugin for bench/: what site-builder has and Pelican lacks.

- "Xem thêm": 5 related articles per article, scored over shared terms with site-builder's weights
  (cluster or event 4, province 2, tag or section 1), newer first among equals, counted over
  posting lists (the usual way; its cost grows with the site).
- Pages for clusters (/cum-thi-dua/<id>/), provinces (/tinh/<slug>/) and events (/su-kien/<slug>/),
  20 articles a page, an RSS feed for each cluster and province, and the two index pages.
Custom metadata (Cluster, Provinces, Events) arrives as "a; b" strings from bench/convert.py.
"""

from collections import defaultdict

from pelican import signals
from pelican.generators import Generator
from pelican.utils import slugify

KINDS = (("cluster", "cum-thi-dua", 4), ("events", "su-kien", 4), ("provinces", "tinh", 2))


def names(article, key):
    value = article.metadata.get(key) or ""
    return [v.strip() for v in str(value).split(";") if v.strip()]


def add_related(generator):
    articles = generator.articles  # published, newest first
    terms = defaultdict(list)
    keys_of = []
    for i, article in enumerate(articles):
        keys = [(key, name, weight) for key, _, weight in KINDS for name in names(article, key)]
        keys += [("tag", t.name, 1) for t in getattr(article, "tags", [])]
        if getattr(article, "category", None):
            keys.append(("section", article.category.name, 1))
        for k in keys:
            terms[k].append(i)
        keys_of.append(keys)
    for i, article in enumerate(articles):
        score = defaultdict(int)
        for k in keys_of[i]:
            for j in terms[k]:
                if j != i:
                    score[j] += k[2]
        best = sorted(score, key=lambda j: (-score[j], j))[:5]
        article.bench_related = [articles[j] for j in best]


class TermsGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        articles = self.context["articles"]
        subs = self.settings.get("SLUG_REGEX_SUBSTITUTIONS", ())
        groups = defaultdict(list)
        for article in articles:
            for key, base, _ in KINDS:
                for name in names(article, key):
                    groups[(key, base, name)].append(article)
        template = self.get_template("term")
        indexes = defaultdict(list)
        for (key, base, name), items in groups.items():
            url = f"{base}/{slugify(name, regex_subs=subs)}/"
            feed = url + "rss.xml" if key in ("cluster", "provinces") else None
            writer.write_file(
                url + "index.html",
                template,
                self.context,
                articles=items,
                dates=items,
                term_name=name,
                term_feed=feed,
                url=url,
                template_name="term",
            )
            if feed:
                writer.write_feed(items, self.context, path=feed, url=feed, feed_type="rss", feed_title=name)
            indexes[base].append((name, url, len(items)))
        index_template = self.get_template("terms")
        for base, title in (("cum-thi-dua", "Cụm thi đua"), ("tinh", "Tỉnh, thành")):
            writer.write_file(
                f"{base}/index.html", index_template, self.context, page_title=title, terms=sorted(indexes[base])
            )


def get_generators(pelican):
    return TermsGenerator


def register():
    signals.article_generator_finalized.connect(add_related)
    signals.get_generators.connect(get_generators)
