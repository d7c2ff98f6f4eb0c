"""The CMS at /admin/: Decap CMS, shipped with the package, configured from the site's own schema.

Editors who do not use git write through a form. The build publishes, unless `_site.yaml` says
`cms: false`:

- `/admin/index.html`, which loads the CMS from the site itself (`/admin/decap/`, the files of the
  npm package `decap-cms`, pinned: see `theme/admin/decap/README.md`) and `/admin/init.js`;
- `/admin/config.yml`, made here from what the loader accepts, so that the form cannot drift from
  the schema: the clusters of `content/clusters/`, the 34 current provinces and the 63 of before
  2025 (from the registry), the site's sections, its articles for "Xem thêm", the timezone;
  every value goes through `yaml.safe_dump`.

Online the CMS saves through Git Gateway (Netlify Identity) or GitHub (`cms: {backend: github,
repo: owner/name}`); locally, `site-builder serve` answers the CMS's local-backend protocol itself
(serve.py, `LocalBackend`), so `/admin/` on 127.0.0.1 writes into `content/` with no account.
"""

from __future__ import annotations

import html
import json

import yaml

from .config import SiteConfig
from .content.markdown import PLACEHOLDER_ALTS
from .editions import LANGUAGE_NAMES
from .provinces import ProvinceRegistry
from .render.assets import Asset
from .render.env import THEME_DIR

DECAP_VERSION = "3.16.3"  # the npm package decap-cms; its files are in theme/admin/decap/
ADMIN_DIR = THEME_DIR / "admin"
ADMIN_URL = "/admin/"
MEDIA_FOLDER = "content/images"
PUBLIC_FOLDER = "/images"
FILES_FOLDER = "content/files"  # attachments (content/attachments.py)
FILES_PUBLIC = "/files"
RELATED_CHOICES = 2000  # the newest articles offered for "Xem thêm" (the config stays under ~300 KB)
# The shipped files that are not published (the update notes, the license is).
_UNPUBLISHED = {"README.md"}


def admin_assets() -> dict[str, Asset]:
    """The CMS's own files, {"admin/…": Asset}: published as they are named, not fingerprinted
    (decap-cms.js loads its chunks by their names, beside itself)."""
    found = {}
    for path in sorted(ADMIN_DIR.rglob("*")):
        if path.is_file() and path.name not in _UNPUBLISHED and not path.name.startswith("."):
            rel = "admin/" + path.relative_to(ADMIN_DIR).as_posix()
            found[rel] = Asset(path, "/" + rel)
    return found


def index_html(config: SiteConfig, style_url: str) -> bytes:
    """/admin/index.html: no inline script (the site's CSP allows none), the site's CSS for the preview."""
    title = html.escape(f"Quản trị nội dung – {config.title}")
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="site-builder:preview-style" content="{html.escape(style_url)}">
<meta name="site-builder:placeholder-alts" content="{html.escape(json.dumps(sorted(PLACEHOLDER_ALTS), ensure_ascii=False))}">
<title>{title}</title>
<link rel="cms-config-url" type="text/yaml" href="{ADMIN_URL}config.yml">
</head>
<body>
<noscript>Trang quản trị cần JavaScript: hãy bật JavaScript trong trình duyệt.</noscript>
<script src="{ADMIN_URL}setup.js"></script>
<script src="{ADMIN_URL}decap/decap-cms.js"></script>
<script src="{ADMIN_URL}init.js"></script>
</body>
</html>
""".encode()


def _province_choices(registry: ProvinceRegistry) -> list[dict]:
    """The 34 current units, then the units of before 2025 marked as such (for articles about the past)."""
    current = [{"label": p.name, "value": p.name} for p in registry.current()]
    former = []
    for p in registry.all():
        if p.exists_now:
            continue
        successor = registry.successor_of(p.slug)
        when = p.since.strftime("%d/%m/%Y") if p.since else "2025"
        former.append({"label": f"{p.name} (trước {when}; nay thuộc {successor.name})", "value": p.name})
    return current + former


def _datetime_field(name: str, label: str, hint: str, required: bool = True) -> dict:
    # No offset in the value: a date-time without one is in the site's timezone (README, "Dates"),
    # so what the editor picks is the site's wall-clock time, whatever the browser's zone.
    field = {
        "name": name,
        "label": label,
        "widget": "datetime",
        "format": "YYYY-MM-DDTHH:mm:ss",
        "date_format": "DD/MM/YYYY",
        "time_format": "HH:mm",
        "hint": hint,
        "required": required,
    }
    if required:
        field["default"] = "{{now}}"
    return field


def _language_fields(config: SiteConfig, originals: list[dict]) -> list[dict]:
    """`lang` (the main language unless chosen) and `translation_of` (an article of the main
    edition, by slug: the choices of Xem thêm, which are the main edition's newest)."""
    languages = [config.language, *config.languages]
    fields: list[dict] = [
        {
            "name": "lang",
            "label": "Ngôn ngữ",
            "widget": "select",
            "options": [{"label": LANGUAGE_NAMES.get(code, code), "value": code} for code in languages],
            "default": config.language,
            "required": False,
            "hint": "Bài tiếng Anh (en) thuộc bản tiếng Anh của trang, địa chỉ bắt đầu bằng /en/.",
        }
    ]
    if originals:
        fields.append(
            {
                "name": "translation_of",
                "label": "Bản dịch của bài",
                "widget": "select",
                "options": originals,
                "required": False,
                "hint": "Với bản dịch: bài gốc. Hai bài được nối với nhau (“Đọc bài này bằng…”).",
            }
        )
    return fields


def cms_config(config: SiteConfig, index, registry: ProvinceRegistry | None = None) -> dict:
    """The Decap CMS configuration for this site (the content of /admin/config.yml)."""
    assert config.cms is not None
    registry = registry or ProvinceRegistry.load()
    tz_hint = f"Giờ theo múi giờ của trang ({config.timezone})."
    clusters = [{"label": listing.name, "value": cid} for cid, listing in sorted(index.clusters.items())]
    sections = sorted({listing.name for listing in index.sections.values()})
    articles = index.articles[:RELATED_CHOICES]
    related = [
        {"label": f"{a.title} ({a.date.astimezone(config.tz):%d/%m/%Y})", "value": a.slug}
        for a in sorted(articles, key=lambda a: a.slug)
    ]
    provinces = _province_choices(registry)
    section_hint = "Một chuyên mục, ví dụ: " + ", ".join(sections[:8]) if sections else "Một chuyên mục."

    article_fields: list[dict] = [
        {"name": "title", "label": "Tiêu đề", "widget": "string", "hint": "Tên tệp và địa chỉ bài lấy từ tiêu đề."},
        _datetime_field("date", "Ngày giờ đăng", tz_hint + " Bài có ngày giờ trong tương lai chưa hiện trên trang."),
        {
            "name": "summary",
            "label": "Tóm tắt",
            "widget": "text",
            "required": False,
            "hint": "Một hai câu hiện dưới tiêu đề và trong danh sách tin; để trống thì lấy đoạn đầu của bài.",
        },
        {
            "name": "cluster",
            "label": "Cụm thi đua",
            "widget": "select",
            "options": clusters,
            "required": False,
            "hint": "Cụm thi đua mà bài viết nói về (các tệp trong content/clusters/).",
        },
        {
            "name": "provinces",
            "label": "Tỉnh, thành phố",
            "widget": "select",
            "multiple": True,
            "options": provinces,
            "required": False,
            "hint": "34 tỉnh, thành hiện nay; các tỉnh trước khi sáp nhập (ghi “trước …”) dùng cho bài về thời gian trước đó.",
        },
        {
            "name": "events",
            "label": "Sự kiện",
            "label_singular": "sự kiện",
            "widget": "list",
            "required": False,
            "summary": "{{fields.name}}",
            "fields": [
                {"name": "name", "label": "Tên sự kiện", "widget": "string"},
                {
                    "name": "date",
                    "label": "Ngày",
                    "widget": "datetime",
                    "format": "YYYY-MM-DD",
                    "date_format": "DD/MM/YYYY",
                    "time_format": False,
                    "required": False,
                },
                {"name": "place", "label": "Địa điểm", "widget": "string", "required": False},
            ],
            "hint": "Hội nghị, lễ ký kết… mà bài đưa tin; mỗi sự kiện có trang riêng.",
        },
        {
            "name": "tags",
            "label": "Thẻ",
            "widget": "list",
            "required": False,
            "hint": "Các từ khóa, cách nhau bằng dấu phẩy.",
        },
        {"name": "section", "label": "Chuyên mục", "widget": "string", "required": False, "hint": section_hint},
        {
            "name": "image",
            "label": "Ảnh đại diện",
            "widget": "object",
            "required": False,
            "collapsed": False,
            "fields": [
                {"name": "src", "label": "Ảnh", "widget": "image", "choose_url": False, "required": False},
                {
                    "name": "alt",
                    "label": "Mô tả ảnh (alt), bắt buộc khi có ảnh",
                    "widget": "string",
                    # Not `required`: Decap would demand it of articles without an image too. init.js
                    # refuses to save an image without a real one (the build's rule).
                    "required": False,
                    "hint": "Tả những gì thấy trong ảnh cho người không xem được ảnh "
                    "(không để trống, không ghi “ảnh”).",
                },
                {"name": "caption", "label": "Chú thích", "widget": "string", "required": False},
            ],
        },
        {
            "name": "attachments",
            "label": "Tài liệu đính kèm",
            "label_singular": "tài liệu",
            "widget": "list",
            "required": False,
            "collapsed": False,
            "summary": "{{fields.title}}",
            "hint": "Toàn văn báo cáo, biểu mẫu, số liệu (PDF, Word, Excel, PowerPoint, ZIP…): hiện cuối bài "
            "với loại tệp và dung lượng.",
            "fields": [
                # (the field's own folder: attachments live in content/files/, published at /files/)
                {
                    "name": "file",
                    "label": "Tệp",
                    "widget": "file",
                    "choose_url": False,
                    "media_folder": "/" + FILES_FOLDER,
                    "public_folder": FILES_PUBLIC,
                },
                {"name": "title", "label": "Tên hiện trên trang", "widget": "string", "required": False},
            ],
        },
        {
            "name": "related",
            "label": "Xem thêm",
            "widget": "select",
            "multiple": True,
            "options": related,
            "required": False,
            "hint": "Các bài chọn để hiện đầu mục “Xem thêm”; để trống thì trang tự chọn bài liên quan.",
        },
        {
            "name": "draft",
            "label": "Bản nháp",
            "widget": "boolean",
            "default": False,
            "required": False,
            "hint": "Bản nháp không hiện trên trang (chỉ hiện trong bản xem trước).",
        },
        {"name": "body", "label": "Nội dung", "widget": "markdown"},
    ]
    if config.languages:  # a site with other editions (editions.py): an article's language and original
        article_fields[-2:-2] = _language_fields(config, related)
    if not clusters:
        article_fields = [f for f in article_fields if f["name"] != "cluster"]
    if not related:
        article_fields = [f for f in article_fields if f["name"] != "related"]

    all_units = [{"label": o["label"], "value": o["value"]} for o in provinces]
    collections = [
        {
            "name": "articles",
            "label": "Bài viết",
            "label_singular": "bài viết",
            "description": "Tin bài của trang, mỗi năm một thư mục (content/articles/năm/).",
            "folder": "content/articles",
            "path": "{{year}}/{{slug}}",  # as `site-builder new` names them: content/articles/2026/tieu-de.md
            "slug": "{{slug}}",
            "create": True,
            "extension": "md",
            "format": "yaml-frontmatter",
            "identifier_field": "title",
            "summary": "{{title}} ({{date | date('DD/MM/YYYY')}})",
            "sortable_fields": [{"field": "date", "default_sort": "desc"}, "title"],  # newest first
            "view_groups": [{"label": "Năm", "field": "date", "pattern": r"\d{4}"}],
            # (Decap puts a collection with `path` beside its entries' files unless told: /content/images
            # from the site folder.)
            "media_folder": "/" + MEDIA_FOLDER,
            "public_folder": PUBLIC_FOLDER,
            "fields": article_fields,
        },
        {
            "name": "clusters",
            "label": "Cụm thi đua",
            "label_singular": "cụm thi đua",
            "description": "Mỗi cụm một tệp; tên tệp là mã cụm (cum-6). Ban điều hành theo năm (terms) sửa trong tệp.",
            "folder": "content/clusters",
            "slug": "{{slug}}",
            "create": True,
            "extension": "md",
            "format": "yaml-frontmatter",
            "identifier_field": "name",
            "fields": [
                {"name": "name", "label": "Tên cụm", "widget": "string"},
                {
                    "name": "provinces",
                    "label": "Các tỉnh, thành thành viên",
                    "widget": "select",
                    "multiple": True,
                    "options": all_units,
                },
                {
                    "name": "decision",
                    "label": "Quyết định thành lập",
                    "widget": "string",
                    "required": False,
                    "hint": "Ví dụ: 586/QĐ-LHHVN, 13/7/2022",
                },
                {"name": "body", "label": "Giới thiệu", "widget": "markdown", "required": False},
            ],
        },
        {
            "name": "pages",
            "label": "Trang",
            "label_singular": "trang",
            "description": "Các trang đứng riêng (Giới thiệu, Liên hệ…): địa chỉ /tên-trang/.",
            "folder": "content/pages",
            "slug": "{{slug}}",
            "create": True,
            "extension": "md",
            "format": "yaml-frontmatter",
            "identifier_field": "title",
            "fields": [
                {"name": "title", "label": "Tiêu đề", "widget": "string"},
                {"name": "summary", "label": "Tóm tắt", "widget": "text", "required": False},
                {"name": "draft", "label": "Bản nháp", "widget": "boolean", "default": False, "required": False},
                {"name": "body", "label": "Nội dung", "widget": "markdown"},
            ],
        },
    ]
    settings = config.cms
    backend: dict = {"name": settings.backend, "branch": settings.branch}
    if settings.backend == "github":
        backend["repo"] = settings.repo
    if settings.workflow:
        backend["squash_merges"] = True
    return {
        "backend": backend,
        **({"publish_mode": "editorial_workflow"} if settings.workflow else {}),
        "locale": "vi",
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        # File names as `site-builder new` makes them (slugs.slugify): diacritics removed, đ -> d,
        # lower case, hyphens.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }


def config_yml(config: SiteConfig, index, registry: ProvinceRegistry | None = None) -> bytes:
    return config_yml_of(cms_config(config, index, registry))


def config_yml_of(data: dict) -> bytes:
    """config.yml of `cms_config`'s data."""
    header = (
        f"# Decap CMS {DECAP_VERSION}: made by site-builder from the site's schema at every build; "
        f"do not edit (content/_site.yaml `cms:` sets the backend).\n"
    )
    # The safe dumper (in C where PyYAML has it: 2,000 articles take 0.03 s, not 0.18, at every build).
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=120)
    return (header + body).encode("utf-8")
