# Pelican settings equivalent to site-builder's default theme, for bench/run.py
# (content converted to Pelican's metadata by bench/convert.py).
SITENAME = "Liên hiệp các hội khoa học và kỹ thuật Việt Nam (bản thử tải)"
SITEURL = "https://bench.example.org"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = []
STATIC_PATHS = ["images"]
THEME = "theme"
PLUGIN_PATHS = ["."]
PLUGINS = ["bench_plugin"]  # related articles; cluster, province and event pages and feeds
DELETE_OUTPUT_DIRECTORY = False
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
DRAFT_URL = DRAFT_SAVE_AS = ""
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = "the/{slug}/index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ARCHIVES_SAVE_AS = ""
DIRECT_TEMPLATES = ["index"]
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "term": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_DOMAIN = SITEURL
FEED_ALL_RSS = "rss.xml"
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False


def _vslug(name):
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return slugify(name, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


JINJA_FILTERS = {"vslug": _vslug}
