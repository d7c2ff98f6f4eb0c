"""Authors' profiles: `content/authors/<slug>.md`, optional, for the page /tac-gia/<slug>/.

The file's name is the slug of the name articles write in `author:` ("Nguyễn Văn A" ->
nguyen-van-a.md). Front matter: `name` (as the page shows it; else the articles' spelling),
`role` ("Phóng viên", "Ban biên tập") and `photo` ({src, alt}, or a path with `alt` beside it);
the body is the biography. Read and checked like a standalone page (images must exist, have an
alt text); a slip is `path:line: message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Report, closest
from ..messages import t
from ..sitefiles import TEXT_LIMIT, SiteFiles
from .load import Content, LoadContext, _image_ok, read_parsed
from .models import LeadImage

FOLDER = "authors"
KEYS = {"name", "role", "photo", "alt"}


@dataclass
class AuthorProfile:
    slug: str
    path: Path
    name: str
    role: str
    photo: LeadImage | None
    html: str  # the biography


def load_authors(site_dir: Path, ctx: LoadContext, report: Report, files: SiteFiles, content: Content) -> None:
    """Every profile in content/authors/ into `content.authors`, by slug."""
    for path in files.walk(site_dir / "content" / FOLDER, ".md", hidden=False, limit=TEXT_LIMIT):
        read = read_parsed(path, ctx, report)
        if read is None:
            continue
        parsed = read[1]
        src = parsed.source
        before = report.error_count
        for key in src.meta:
            if key not in KEYS:
                meant = closest(str(key).lower(), KEYS, cutoff=0.6)
                hint = t("load.author_key_hint", choice=meant) if meant else ""
                report.error(path, src.line_of(str(key)), t("load.author_key", key=str(key), hint=hint))
        photo = None
        raw_photo = src.meta.get("photo")
        if raw_photo is not None:
            if isinstance(raw_photo, str):
                raw_photo = {"src": raw_photo, "alt": src.meta.get("alt")}
            if not isinstance(raw_photo, dict) or not raw_photo.get("src"):
                report.error(path, src.line_of("photo"), t("load.image_mapping"))
            elif _image_ok(
                src, src.line_of("photo"), str(raw_photo.get("alt") or ""), str(raw_photo["src"]), ctx, report
            ):
                photo = LeadImage(str(raw_photo["src"]).strip(), str(raw_photo["alt"]).strip())
        for img in parsed.rendered.images:
            _image_ok(src, src.body_line + img.line, img.alt, img.src, ctx, report)
        if report.error_count > before:
            continue
        slug = path.stem
        content.authors[slug] = AuthorProfile(
            slug,
            path,
            str(src.meta.get("name") or "").strip(),
            str(src.meta.get("role") or "").strip(),
            photo,
            parsed.html,
        )
