"""Decap CMS's local-backend protocol, answered by `site-builder serve` itself (no `npx decap-server`).

Decap CMS, opened on 127.0.0.1, asks `POST /api/v1` (`local_backend` in /admin/init.js) with a JSON
body `{"action": ..., "params": {...}}`: the actions and shapes of decap-server 3.11's
`localFsMiddleware` (`info`, `entriesByFolder`, `entriesByFiles`, `getEntry`, `persistEntry`,
`getMedia`, `getMediaFile`, `persistMedia`, `deleteFile`, `deleteFiles`, `getDeployPreview`).
What it saves lands in `content/`, where serve's watcher sees it and rebuilds, as with any edit.

Every path is confined here, stricter than decap-server: relative, `/`-separated, no `.` or `..`
part, no hidden part (`.git`, `.env`), no NUL or backslash; inside `content/articles`,
`content/clusters`, `content/pages` (Markdown files only) or `content/images` (image files only);
and, links followed, still inside the site's real `content/` folder (a link out is refused, for
reading and writing alike). Files are replaced atomically (a hidden temporary file, then
rename), so the watcher never builds half a file, and a link in the way is replaced, never
written through. Who may ask (loopback only, this server's own pages, JSON) is serve.py's job.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import stat
from pathlib import Path, PurePosixPath

from .sitefiles import FILE_LIMIT, TEXT_LIMIT

ENTRY_FOLDERS = ("content/articles", "content/clusters", "content/pages")
MEDIA_FOLDER = "content/images"
ENTRY_SUFFIXES = {".md"}
MEDIA_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".pdf"}
# Listed and read, never written through the CMS: an SVG is a document that can carry script.
# Served on this server's origin, it could act as one of its pages (serve sandboxes SVGs, and the
# API answers only its pages: this is the second lock). An SVG the site needs comes through git.
NOT_UPLOADED = {".svg"}
MAX_DEPTH = 8  # entriesByFolder: content/articles/{yyyy}/x.md is depth 2
MAX_FILES = 200_000  # files one listing returns at most (a listing of 10,000 articles is ~50 MB of JSON)


class BackendError(Exception):
    """A request the backend refuses: `status` and a message the CMS shows."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class LocalBackend:
    """The file operations behind the actions, confined to the site's content/ folder."""

    def __init__(self, site: Path):
        self.site = Path(site)

    # --- paths ------------------------------------------------------------------------------------

    @property
    def content_real(self) -> str:
        return os.path.realpath(self.site / "content")

    def _inside_content(self, real: str) -> bool:
        root = self.content_real
        return real == root or real.startswith(root + os.sep)

    def checked(self, path: object, kind: str) -> Path:
        """The file a CMS path names (`kind`: "entry", "media" or "folder"); BackendError when refused."""
        if not isinstance(path, str) or not path or len(path) > 1024:
            raise BackendError(422, "a path must be a non-empty string")
        if "\0" in path or "\\" in path or path.startswith("/") or ":" in path.split("/", 1)[0]:
            raise BackendError(403, f"path {path!r} must be relative to the site folder, with / between its parts")
        parts = PurePosixPath(path).parts
        if any(p in (".", "..") or p.startswith(".") for p in path.split("/")) or not parts:
            raise BackendError(403, f"path {path!r} has a hidden, '.' or '..' part")
        norm = "/".join(parts)
        if kind == "media":
            allowed = norm.startswith(MEDIA_FOLDER + "/") and PurePosixPath(norm).suffix.lower() in MEDIA_SUFFIXES
        elif kind == "entry":
            allowed = (
                any(norm.startswith(f + "/") for f in ENTRY_FOLDERS) and PurePosixPath(norm).suffix in ENTRY_SUFFIXES
            )
        else:  # a folder to list
            allowed = norm in (*ENTRY_FOLDERS, MEDIA_FOLDER) or any(
                norm.startswith(f + "/") for f in (*ENTRY_FOLDERS, MEDIA_FOLDER)
            )
        if not allowed:
            what = {
                "media": "an image under content/images/",
                "entry": "a .md file under content/articles/, content/clusters/ or content/pages/",
                "folder": "a folder of content/",
            }[kind]
            raise BackendError(403, f"path {path!r} is not {what}")
        target = self.site.joinpath(*parts)
        # The deepest part that exists, links followed, must be inside content/: a link anywhere on
        # the way (content/images -> /etc) is refused.
        probe = target
        while not os.path.lexists(probe) and probe != self.site:
            probe = probe.parent
        if not self._inside_content(os.path.realpath(probe)):
            raise BackendError(403, f"path {path!r} leads outside the site's content/ folder")
        return target

    # --- reading ----------------------------------------------------------------------------------

    def _read(self, target: Path, limit: int) -> bytes:
        """A regular file inside content/ (links followed), up to `limit` bytes; FileNotFoundError else."""
        real = os.path.realpath(target)
        if not self._inside_content(real):
            raise BackendError(403, f"{target.relative_to(self.site)} leads outside the site's content/ folder")
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except (FileNotFoundError, NotADirectoryError):
            raise FileNotFoundError(target) from None
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise FileNotFoundError(target)
            if st.st_size > limit:
                raise BackendError(413, f"{target.relative_to(self.site)} is larger than {limit >> 20} MiB")
            return f.read(limit + 1)[:limit]

    def entry(self, path: str, label: object = None) -> dict:
        """decap-server's entriesFromFiles item: {data, file: {path, label, id}}; data None when missing."""
        target = self.checked(path, "entry")
        file = {"path": path, "id": None}
        if isinstance(label, str):
            file["label"] = label
        try:
            raw = self._read(target, TEXT_LIMIT)
        except (FileNotFoundError, BackendError):
            return {"data": None, "file": file}
        file["id"] = hashlib.sha256(raw).hexdigest()
        return {"data": raw.decode("utf-8", errors="replace"), "file": file}

    def media_file(self, path: str) -> dict:
        target = self.checked(path, "media")
        try:
            raw = self._read(target, FILE_LIMIT)
        except FileNotFoundError:
            raise BackendError(404, f"no file {path}") from None
        return {
            "id": hashlib.sha256(raw).hexdigest(),
            "content": base64.b64encode(raw).decode("ascii"),
            "encoding": "base64",
            "path": path,
            "name": PurePosixPath(path).name,
        }

    def list_folder(self, folder: str, extension: str, depth: int) -> list[str]:
        """Paths of the files under `folder` ending in `extension`, `depth` levels deep at most; hidden
        names skipped, links not followed out of content/."""
        top = self.checked(folder.rstrip("/"), "folder")
        depth = max(0, min(int(depth), MAX_DEPTH))
        found: list[str] = []
        stack = [(top, 1)]
        while stack and len(found) < MAX_FILES:
            current, level = stack.pop()
            if level > depth:
                continue
            try:
                entries = sorted(os.scandir(current), key=lambda e: e.name)
            except OSError:
                continue
            for item in entries:
                if item.name.startswith((".", "#")) or item.name.endswith("~"):
                    continue
                if item.is_symlink() and not self._inside_content(os.path.realpath(item.path)):
                    continue
                try:
                    if item.is_dir():
                        if not item.is_symlink():  # (a link to a folder in content/ is listed where it is)
                            stack.append((Path(item.path), level + 1))
                    elif item.is_file() and item.name.endswith(extension):
                        found.append(Path(item.path).relative_to(self.site).as_posix())
                except OSError:
                    continue
        return sorted(found)

    # --- writing ----------------------------------------------------------------------------------

    def write(self, target: Path, data: bytes) -> None:
        """Replace (or create) a file atomically: a hidden temporary file beside it, then rename."""
        if len(data) > FILE_LIMIT:
            raise BackendError(413, f"{target.relative_to(self.site)} would be larger than {FILE_LIMIT >> 20} MiB")
        folder = target.parent
        folder.mkdir(parents=True, exist_ok=True)
        if not self._inside_content(os.path.realpath(folder)):  # (made through a link just now?)
            raise BackendError(403, f"{target.relative_to(self.site)} leads outside the site's content/ folder")
        if os.path.isdir(target) and not os.path.islink(target):
            raise BackendError(409, f"{target.relative_to(self.site)} is a folder")
        temporary = folder / f".{target.name}.site-builder-{os.getpid()}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(temporary, target)  # (replaces a link in the way; never writes through it)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def delete(self, path: str) -> None:
        kind = "media" if path.startswith(MEDIA_FOLDER + "/") else "entry"
        target = self.checked(path, kind)
        try:
            if os.path.isdir(target) and not os.path.islink(target):
                raise BackendError(409, f"{path} is a folder")
            os.unlink(target)  # (a link is removed, not what it points to)
        except FileNotFoundError:
            pass

    # --- the protocol -----------------------------------------------------------------------------

    def handle(self, body: object) -> object:
        """The answer to one request body, as decap-server gives it; BackendError when refused."""
        if not isinstance(body, dict) or not isinstance(body.get("action"), str):
            raise BackendError(422, 'the request must be a JSON object with an "action"')
        action = body["action"]
        params = body.get("params") or {}
        if not isinstance(params, dict):
            raise BackendError(422, '"params" must be an object')
        if action == "info":
            return {"repo": self.site.resolve().name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            folder, extension, depth = params.get("folder"), params.get("extension"), params.get("depth", 1)
            if not isinstance(extension, str) or not isinstance(depth, int):
                raise BackendError(422, "entriesByFolder needs folder, extension and depth")
            return [self.entry(p) for p in self.list_folder(_string(folder), extension, depth)]
        if action == "entriesByFiles":
            files = params.get("files")
            if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
                raise BackendError(422, "entriesByFiles needs files: [{path}]")
            return [self.entry(_string(f.get("path")), f.get("label")) for f in files]
        if action == "getEntry":
            return self.entry(_string(params.get("path")))
        if action == "persistEntry":
            return self._persist_entry(params)
        if action == "getMedia":
            folder = _string(params.get("mediaFolder"))
            return [self.media_file(p) for p in self.list_folder(folder, "", 1) if _media_name(p)]
        if action == "getMediaFile":
            return self.media_file(_string(params.get("path")))
        if action == "persistMedia":
            asset = params.get("asset")
            path = self._write_asset(asset)
            return self.media_file(path)
        if action == "deleteFile":
            path = _string(params.get("path"))
            self.delete(path)
            return {"message": f"deleted file {path}"}
        if action == "deleteFiles":
            paths = params.get("paths")
            if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
                raise BackendError(422, "deleteFiles needs paths: [path, ...]")
            for path in paths:  # every path is checked before any file is deleted
                self.checked(path, "media" if path.startswith(MEDIA_FOLDER + "/") else "entry")
            for path in paths:
                self.delete(path)
            return {"message": f"deleted files {', '.join(paths)}"}
        if action == "getDeployPreview":
            return None
        raise BackendError(422, f"Unknown action {action}")

    def _persist_entry(self, params: dict) -> dict:
        data_files = params.get("dataFiles")
        if data_files is None and isinstance(params.get("entry"), dict):
            data_files = [params["entry"]]
        assets = params.get("assets") or []
        if not isinstance(data_files, list) or not data_files or not isinstance(assets, list):
            raise BackendError(422, "persistEntry needs dataFiles (or entry) and assets")
        writes = []
        for data_file in data_files:
            if not isinstance(data_file, dict) or not isinstance(data_file.get("raw"), str):
                raise BackendError(422, "each data file needs a path and its raw text")
            target = self.checked(data_file.get("path"), "entry")
            raw = data_file["raw"].encode("utf-8")
            if len(raw) > TEXT_LIMIT:
                raise BackendError(413, f"{data_file['path']} would be larger than {TEXT_LIMIT >> 20} MiB")
            new = self.checked(data_file["newPath"], "entry") if data_file.get("newPath") else None
            writes.append((target, raw, new))
        media = [(self.checked(_string(a.get("path")) if isinstance(a, dict) else None, "media"), a) for a in assets]
        for target, _ in media:
            _uploadable(target)
        for target, asset in media:  # images first: the entry that shows them is built after them
            self.write(target, _decoded(asset))
        for target, raw, new in writes:
            self.write(target, raw)
            if new is not None and new != target:
                if os.path.lexists(new):
                    raise BackendError(409, f"{new.relative_to(self.site)} already exists")
                new.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, new)
        return {"message": "entry persisted"}

    def _write_asset(self, asset: object) -> str:
        if not isinstance(asset, dict):
            raise BackendError(422, "persistMedia needs asset: {path, content, encoding}")
        path = _string(asset.get("path"))
        self.write(_uploadable(self.checked(path, "media")), _decoded(asset))
        return path


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise BackendError(422, "a path must be a string")
    return value


def _uploadable(target: Path) -> Path:
    if target.suffix.lower() in NOT_UPLOADED:
        raise BackendError(
            415, f"{target.name}: SVG files are not uploaded through the CMS (they can carry script); add them with git"
        )
    return target


def _media_name(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in MEDIA_SUFFIXES


def _decoded(asset: object) -> bytes:
    if not isinstance(asset, dict) or asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
        raise BackendError(422, "a file must come as {path, content, encoding: base64}")
    try:
        return base64.b64decode(asset["content"], validate=True)
    except (binascii.Error, ValueError):
        raise BackendError(422, f"{asset.get('path')}: the content is not base64") from None
