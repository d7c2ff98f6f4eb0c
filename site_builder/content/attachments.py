"""Attachments: the documents a report publishes beside it (`attachments:` in front matter).

Files live in `content/files/` and are published at `/files/…` as they are. An article names
them as a list of `{file, title}` or of plain paths; the path may be written from `content/files/`
(`bao-cao.pdf`), from the site (`files/bao-cao.pdf`, `/files/bao-cao.pdf`) or from the folder
(`content/files/bao-cao.pdf`). Only the kinds of document readers open (PDF, office documents,
archives, plain data) are accepted: each has a MIME type feeds must state (RSS `<enclosure>`).

An article keeps only the URL and title; the size is read from the file's stamp when a page or a
feed shows it, so a replaced PDF shows its new size without the article being edited (the pages
that show it depend on the file's stamp: fingerprints.article_digests).
"""

from __future__ import annotations

from urllib.parse import quote

from ..errors import Report, did_you_mean_file, shown
from ..messages import t
from .models import Attachment
from .source import Source

FOLDER = "files"  # content/files/ -> /files/

# What a reader's browser or office suite opens; the label readers see, and the MIME type.
KINDS = {
    ".pdf": ("PDF", "application/pdf"),
    ".doc": ("DOC", "application/msword"),
    ".docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xls": ("XLS", "application/vnd.ms-excel"),
    ".xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".ppt": ("PPT", "application/vnd.ms-powerpoint"),
    ".pptx": ("PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": ("ODT", "application/vnd.oasis.opendocument.text"),
    ".ods": ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    ".odp": ("ODP", "application/vnd.oasis.opendocument.presentation"),
    ".rtf": ("RTF", "application/rtf"),
    ".csv": ("CSV", "text/csv"),
    ".txt": ("TXT", "text/plain"),
    ".zip": ("ZIP", "application/zip"),
    ".7z": ("7Z", "application/x-7z-compressed"),
    ".mp3": ("MP3", "audio/mpeg"),
}


def published_files(attached: dict) -> dict:
    """The files of content/files/ (path below it -> file) by their output paths (files/…)."""
    return {f"{FOLDER}/{rel}": path for rel, path in attached.items()}


def href(url: str) -> str:
    """The URL as pages and feeds link it: a file name's spaces and other letters percent-escaped
    (the file a host serves for it is the one of that name)."""
    return quote(url, safe="/-._~")


def kind_of(url: str) -> tuple[str, str]:
    """(label, MIME type) of an attachment, by its extension (validated when the article was read)."""
    dot = url.rfind(".")
    return KINDS.get(url[dot:].lower() if dot >= 0 else "", ("", "application/octet-stream"))


def size_text(size: int, language: str) -> str:
    """'1,2 MB' for a Vietnamese site (the decimal comma), '1.2 MB' otherwise; kB under a megabyte."""
    if size < 1000 * 1000:
        text = f"{max(1, round(size / 1000))} kB"
    else:
        text = f"{size / 1_000_000:.1f} MB"
    return text.replace(".", ",") if language.lower().startswith("vi") else text


def _url_of(written: str) -> str:
    """The /files/… URL of a path as an editor may write it."""
    path = written.strip().lstrip("/")
    for prefix in ("content/", f"{FOLDER}/"):
        if path.startswith(prefix):
            path = path[len(prefix) :]
    return f"/{FOLDER}/{path}"


def read_attachments(src: Source, published: dict | None, report: Report) -> tuple[Attachment, ...]:
    """`attachments:` of an article validated: each file exists in content/files/ and is of a
    known kind. Problems are reported at the line naming the file."""
    raw = src.meta.get("attachments")
    if raw is None:
        return ()
    line = src.line_of("attachments")
    if not isinstance(raw, list):
        raw = [raw]
    found: list[Attachment] = []
    available = sorted(rel[len(FOLDER) + 1 :] for rel in (published or {}) if rel.startswith(f"{FOLDER}/"))
    for item in raw:
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"].strip():
            report.error(src.path, line, t("load.attachment_form"))
            continue
        written = item["file"].strip()
        where = src.line_of("attachments", written)
        title = item.get("title")
        if title is not None and not isinstance(title, (str, int, float)):
            report.error(src.path, where, t("load.attachment_form"))
            continue
        url = _url_of(written)
        name = url[len(FOLDER) + 2 :]
        if ".." in name.split("/") or "\\" in name or "\0" in name:
            report.error(src.path, where, t("load.attachment_missing", file=shown(written), hint=""))
            continue
        # (missing first: "bao-cao.pfd" is a slip of the file's name, told with the name it has)
        if published is not None and f"{FOLDER}/{name}" not in published:
            hint = did_you_mean_file(name, available)
            report.error(src.path, where, t("load.attachment_missing", file=shown(written), hint=hint))
            continue
        dot = name.rfind(".")
        if name[dot:].lower() not in KINDS or dot < 0:
            known = ", ".join(label for label, _ in dict.fromkeys(KINDS.values()))
            report.error(src.path, where, t("load.attachment_kind", file=shown(written), kinds=known))
            continue
        shown_title = str(title).strip() if title is not None and str(title).strip() else name.rsplit("/", 1)[-1]
        found.append(Attachment(url, shown_title))
    return tuple(found)
