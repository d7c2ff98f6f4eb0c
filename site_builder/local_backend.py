"""Decap CMS's local-backend protocol, answered by `site-builder serve` itself (no `npx decap-server`).

Decap CMS, opened on 127.0.0.1, asks `POST /api/v1` (`local_backend` in /admin/init.js) with a JSON
body `{"action": ..., "params": {...}}`: the actions and shapes of decap-server 3.11's
`localFsMiddleware` (`info`, `entriesByFolder`, `entriesByFiles`, `getEntry`, `persistEntry`,
`getMedia`, `getMediaFile`, `persistMedia`, `deleteFile`, `deleteFiles`, `getDeployPreview`).
What it saves lands in `content/`, where serve's watcher sees it and rebuilds, as with any edit.

Every path is confined here, stricter than decap-server: relative, `/`-separated, no `.` or `..`
part, no hidden part (`.git`, `.env`), no NUL or backslash; inside `content/articles`,
`content/clusters`, `content/pages` (Markdown files only) or `content/images` (media files only,
and no SVG written: NOT_UPLOADED). No link below `content/` is followed, whether it points out of
the folder or to another file in it (content/_site.yaml is not the CMS's to read): each folder is
opened from the descriptor of the one above it with O_NOFOLLOW, and the file from its folder's
descriptor (`open_folder`), so a check and the write, read or delete that follows are one step,
and a folder swapped for a link in between is refused, never followed. Files are replaced
atomically, keeping their permissions: written to a temporary file with a random name, created
exclusively in the same folder (never a file someone planted there), then renamed over the old
one, so the watcher never builds half a file. Who may ask (loopback only, this server's own pages,
JSON) is serve.py's job.

This needs a system that opens files relative to a folder's descriptor (Linux, macOS, the BSDs);
elsewhere (Windows) every action that touches a file answers 501.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from .content.attachments import KINDS as ATTACHED_KINDS
from .sitefiles import FILE_LIMIT, TEXT_LIMIT

ENTRY_FOLDERS = ("content/articles", "content/clusters", "content/pages")
MEDIA_FOLDER = "content/images"
ENTRY_SUFFIXES = {".md"}
MEDIA_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".pdf"}
# Attachments (an article's `attachments:`): documents of the kinds the build accepts, in content/files/.
FILES_FOLDER = "content/files"
FILES_SUFFIXES = set(ATTACHED_KINDS)
# Listed and read, never written through the CMS: an SVG is a document that can carry script.
# Served on this server's origin, it could act as one of its pages (serve sandboxes SVGs, and the
# API answers only its pages: this is the second lock). An SVG the site needs comes through git.
NOT_UPLOADED = {".svg"}
MAX_DEPTH = 8  # entriesByFolder: content/articles/{yyyy}/x.md is depth 2
MAX_FILES = 200_000  # files one listing returns at most (a listing of 10,000 articles is ~50 MB of JSON)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_FOLDER = os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC
# What open(O_NOFOLLOW) says of a link: ELOOP (Linux, macOS), EMLINK (FreeBSD), EFTYPE (NetBSD).
_LINK_ERRNOS = {errno.ELOOP, errno.EMLINK, getattr(errno, "EFTYPE", errno.ELOOP)}
# Whether this system can walk folders by descriptor (not Windows). (os.replace takes dir_fd
# wherever os.rename does, but only os.rename is listed.)
WALKS_BY_DESCRIPTOR = (
    bool(_NOFOLLOW and _DIRECTORY)
    and {os.open, os.mkdir, os.stat, os.unlink, os.rename} <= os.supports_dir_fd
    and os.scandir in os.supports_fd
)


class BackendError(Exception):
    """A request the backend refuses: `status` and a message the CMS shows."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Target(NamedTuple):
    """A file or folder the CMS names: `path` as the CMS writes it (content/…), `parts` below content/."""

    path: str
    parts: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.parts[-1]


class LocalBackend:
    """The file operations behind the actions, confined to the site's content/ folder."""

    def __init__(self, site: Path):
        self.site = Path(site)

    # --- paths ------------------------------------------------------------------------------------

    def checked(self, path: object, kind: str) -> Target:
        """The file a CMS path names (`kind`: "entry", "media" or "folder"); BackendError when refused.
        (The path's words only: a link on the way is refused when the file is opened, `open_folder`.)"""
        if not isinstance(path, str) or not path or len(path) > 1024:
            raise BackendError(422, "a path must be a non-empty string")
        if "\0" in path or "\\" in path or path.startswith("/") or ":" in path.split("/", 1)[0]:
            raise BackendError(403, f"path {path!r} must be relative to the site folder, with / between its parts")
        parts = PurePosixPath(path).parts
        if any(p in (".", "..") or p.startswith(".") for p in path.split("/")) or not parts:
            raise BackendError(403, f"path {path!r} has a hidden, '.' or '..' part")
        norm = "/".join(parts)
        if kind == "media":
            allowed = _media_name(norm)
        elif kind == "entry":
            allowed = (
                any(norm.startswith(f + "/") for f in ENTRY_FOLDERS) and PurePosixPath(norm).suffix in ENTRY_SUFFIXES
            )
        else:  # a folder to list
            allowed = norm in (*ENTRY_FOLDERS, MEDIA_FOLDER, FILES_FOLDER) or any(
                norm.startswith(f + "/") for f in (*ENTRY_FOLDERS, MEDIA_FOLDER, FILES_FOLDER)
            )
        if not allowed:
            what = {
                "media": "an image under content/images/ or a document under content/files/",
                "entry": "a .md file under content/articles/, content/clusters/ or content/pages/",
                "folder": "a folder of content/",
            }[kind]
            raise BackendError(403, f"path {path!r} is not {what}")
        return Target(norm, parts[1:])

    def open_folder(self, parts: tuple[str, ...], create: bool = False) -> int:
        """A descriptor of the folder content/<parts>, each folder opened from the descriptor of the
        one above it without following a link (made first when `create`). BackendError (403) when a
        part is a link, FileNotFoundError when one is missing. The caller closes the descriptor.

        content/ itself is opened as the site has it (a site may keep its content elsewhere)."""
        if not WALKS_BY_DESCRIPTOR:
            raise BackendError(501, "the CMS's local backend needs Linux, macOS or a BSD (files opened by folder)")
        fd = os.open(self.site / "content", os.O_RDONLY | _DIRECTORY | _CLOEXEC)
        try:
            for at, name in enumerate(parts):
                if create:
                    with contextlib.suppress(FileExistsError):  # (a link there is refused just below)
                        os.mkdir(name, 0o777, dir_fd=fd)
                try:
                    inner = os.open(name, _FOLDER, dir_fd=fd)
                except OSError as exc:
                    raise _refused(exc, fd, name, "/".join(("content", *parts[: at + 1]))) from None
                os.close(fd)
                fd = inner
        except BaseException:
            os.close(fd)
            raise
        return fd

    @contextlib.contextmanager
    def folder(self, parts: tuple[str, ...], create: bool = False) -> Iterator[int]:
        fd = self.open_folder(parts, create)
        try:
            yield fd
        finally:
            os.close(fd)

    # --- reading ----------------------------------------------------------------------------------

    def _read(self, target: Target, limit: int) -> bytes:
        """A regular file (not a link), up to `limit` bytes; FileNotFoundError when there is none."""
        with self.folder(target.parts[:-1]) as folder:
            try:
                fd = os.open(
                    target.name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0), dir_fd=folder
                )
            except OSError as exc:
                raise _refused(exc, folder, target.name, target.path) from None
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise FileNotFoundError(target.path)
            if st.st_size > limit:
                raise BackendError(413, f"{target.path} is larger than {limit >> 20} MiB")
            return f.read(limit + 1)[:limit]

    def _kind(self, target: Target) -> int | None:
        """The file type (stat.S_IFMT) of what is at `target`, links not followed; None when nothing."""
        try:
            with self.folder(target.parts[:-1]) as folder:
                return stat.S_IFMT(os.stat(target.name, dir_fd=folder, follow_symlinks=False).st_mode)
        except FileNotFoundError:
            return None

    def entry(self, path: str, label: object = None) -> dict:
        """decap-server's entriesFromFiles item: {data, file: {path, label, id}}; data None when missing."""
        target = self.checked(path, "entry")
        file = {"path": path, "id": None}
        if isinstance(label, str):
            file["label"] = label
        try:
            raw = self._read(target, TEXT_LIMIT)
        except FileNotFoundError:
            return {"data": None, "file": file}
        except BackendError as exc:
            if exc.status != 413:  # (a link is refused)
                raise
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
        """Paths of the files under `folder` ending in `extension`, `depth` levels deep at most;
        hidden names and links skipped. Each folder is opened from its parent's descriptor, so at
        most `depth` descriptors are open at once."""
        top = self.checked(folder.rstrip("/"), "folder")
        depth = max(0, min(int(depth), MAX_DEPTH))
        found: list[str] = []

        def visit(fd: int, rel: str, level: int) -> None:
            try:
                with os.scandir(fd) as listing:
                    items = sorted(listing, key=lambda e: e.name)
            except OSError:
                return
            for item in items:
                if len(found) >= MAX_FILES:
                    return
                if item.name.startswith((".", "#")) or item.name.endswith("~"):
                    continue
                try:
                    if item.is_symlink():
                        continue
                    if item.is_dir(follow_symlinks=False):
                        if level < depth:
                            inner = os.open(item.name, _FOLDER, dir_fd=fd)
                            try:
                                visit(inner, f"{rel}/{item.name}", level + 1)
                            finally:
                                os.close(inner)
                    elif item.is_file(follow_symlinks=False) and item.name.endswith(extension):
                        found.append(f"{rel}/{item.name}")
                except OSError:  # gone meanwhile, or swapped for a link (ELOOP): not listed
                    continue

        if depth < 1:
            return []
        try:
            with self.folder(top.parts) as fd:
                visit(fd, top.path, 1)
        except FileNotFoundError:
            return []
        return sorted(found)

    # --- writing ----------------------------------------------------------------------------------

    def write(self, target: Target, data: bytes) -> None:
        """Replace (or create) a file atomically, keeping its permissions: a temporary file with a
        random name, created exclusively beside it, then renamed over it. A link there is refused."""
        if len(data) > FILE_LIMIT:
            raise BackendError(413, f"{target.path} would be larger than {FILE_LIMIT >> 20} MiB")
        try:
            folder = self.open_folder(target.parts[:-1], create=True)
        except FileNotFoundError:  # (made just now: a file where a folder should be)
            raise BackendError(409, f"{target.path}: a part of its folder is a file") from None
        try:
            try:
                old: os.stat_result | None = os.stat(target.name, dir_fd=folder, follow_symlinks=False)
            except FileNotFoundError:
                old = None
            if old is not None and stat.S_ISLNK(old.st_mode):
                raise BackendError(403, f"{target.path} is a link: links in content/ are not followed nor replaced")
            if old is not None and stat.S_ISDIR(old.st_mode):
                raise BackendError(409, f"{target.path} is a folder")
            temporary, fd = _temporary(folder)  # (a planted hard link cannot be it: created here, now)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    if old is not None and stat.S_ISREG(old.st_mode):
                        os.fchmod(f.fileno(), stat.S_IMODE(old.st_mode) & 0o777)
                os.replace(temporary, target.name, src_dir_fd=folder, dst_dir_fd=folder)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=folder)
                raise
        finally:
            os.close(folder)

    def delete(self, target: Target) -> None:
        try:
            with self.folder(target.parts[:-1]) as folder:
                kind = stat.S_IFMT(os.stat(target.name, dir_fd=folder, follow_symlinks=False).st_mode)
                if kind == stat.S_IFLNK:
                    raise BackendError(403, f"{target.path} is a link: links in content/ are not followed nor removed")
                if kind == stat.S_IFDIR:
                    raise BackendError(409, f"{target.path} is a folder")
                os.unlink(target.name, dir_fd=folder)
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
            self.delete(self.checked(path, _kind_of(path)))
            return {"message": f"deleted file {path}"}
        if action == "deleteFiles":
            paths = params.get("paths")
            if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
                raise BackendError(422, "deleteFiles needs paths: [path, ...]")
            targets = [self.checked(path, _kind_of(path)) for path in paths]  # all checked before any is deleted
            for target in targets:
                self.delete(target)
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
        for target, _, new in writes:  # a new name must be free before anything is written
            if new is not None and new != target and self._kind(new) is not None:
                raise BackendError(409, f"{new.path} already exists")
        for target, asset in media:  # images first: the entry that shows them is built after them
            self.write(target, _decoded(asset))
        for target, raw, new in writes:
            self.write(target, raw)
            if new is not None and new != target:  # renamed: moved as decap-server does, after the write
                with self.folder(target.parts[:-1]) as old, self.folder(new.parts[:-1], create=True) as to:
                    os.replace(target.name, new.name, src_dir_fd=old, dst_dir_fd=to)
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


def _kind_of(path: str) -> str:
    return "media" if path.startswith((MEDIA_FOLDER + "/", FILES_FOLDER + "/")) else "entry"


def _uploadable(target: Target) -> Target:
    if PurePosixPath(target.name).suffix.lower() in NOT_UPLOADED:
        raise BackendError(
            415, f"{target.name}: SVG files are not uploaded through the CMS (they can carry script); add them with git"
        )
    return target


def _refused(exc: OSError, folder: int, name: str, shown: str) -> Exception:
    """What to raise when opening `name` in the folder `folder` failed: BackendError (403) for a
    link, FileNotFoundError for a file missing or a file where a folder should be, else `exc`."""
    if exc.errno in _LINK_ERRNOS:
        return BackendError(403, f"{shown} is a link: links in content/ are not followed")
    if exc.errno == errno.ENOTDIR:  # (O_DIRECTORY on a link says so on some systems)
        with contextlib.suppress(OSError):
            if stat.S_ISLNK(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
                return BackendError(403, f"{shown} is a link: links in content/ are not followed")
        return FileNotFoundError(errno.ENOENT, "not a folder", shown)
    return exc


def _temporary(folder: int) -> tuple[str, int]:
    """A new hidden file in the folder `folder`, with a random name, opened for writing: created
    exclusively, so never a file or link someone put there (serve's watcher skips the name)."""
    for _ in range(100):
        name = f".site-builder-{secrets.token_hex(8)}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
            return name, os.open(name, flags, 0o644, dir_fd=folder)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file")


def _media_name(path: str) -> bool:
    """An image of content/images/, or a document of content/files/ (an attachment)."""
    suffix = PurePosixPath(path).suffix.lower()
    if path.startswith(FILES_FOLDER + "/"):
        return suffix in FILES_SUFFIXES
    return path.startswith(MEDIA_FOLDER + "/") and suffix in MEDIA_SUFFIXES


def _decoded(asset: object) -> bytes:
    if not isinstance(asset, dict) or asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
        raise BackendError(422, "a file must come as {path, content, encoding: base64}")
    try:
        return base64.b64decode(asset["content"], validate=True)
    except (binascii.Error, ValueError):
        raise BackendError(422, f"{asset.get('path')}: the content is not base64") from None
