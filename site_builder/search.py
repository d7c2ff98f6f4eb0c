"""Full-text search: Pagefind indexes the finished site as the last step of a build.

Pagefind (`pip install 'site-builder[search]'`, which brings the `pagefind[bin]` package and its
binary) reads every page's `data-pagefind-body` element — the default theme puts it on articles
only — and writes a static index into `pagefind/`, which `/tim-kiem/` queries in the browser.
The index is written to a temporary folder and then copied into the staged output through
`StagedOutput.write`, so files that did not change keep the previous build's copy, and a build
that fails later still leaves the previous output as it was.

Without Pagefind the build prints a warning and goes on: the site works, only search is empty.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
INSTALL_HINT = "pip install 'site-builder[search]'  (the pagefind[bin] package)"


@dataclass
class SearchResult:
    ok: bool
    message: str = ""
    files: int = 0


def pagefind_command() -> list[str] | None:
    """The Pagefind binary: the one `pagefind[bin]` ships, else a `pagefind` on PATH."""
    try:
        import pagefind_bin  # the binary package that `pagefind[bin]` installs

        return [str(pagefind_bin.get_executable())]
    except (ImportError, FileNotFoundError):
        pass
    for name in ("pagefind_extended", "pagefind"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def index_site(staging: Path, out, language: str = "vi") -> SearchResult:
    """Run Pagefind over the staged site and add its bundle under `pagefind/` of the output.

    `out` is the build's StagedOutput; its `write` links files unchanged since the last build.
    Returns ok=False with a message when Pagefind is missing or fails (the build then fails: a
    search page without its index would find nothing).
    """
    command = pagefind_command()
    if command is None:
        return _skip(f"Pagefind is not installed, so the site has no search index; {INSTALL_HINT}, "
                     f"or build with --no-search")
    # Beside the output, not in the system's temporary folder: a build killed meanwhile leaves it
    # where the next build of this output deletes it (write.py).
    with tempfile.TemporaryDirectory(prefix=f".{out.target.name}.search-{os.getpid()}-", dir=out.parent) as tmp:
        bundle = Path(tmp) / OUTPUT_SUBDIR
        args = [*command, "--site", str(staging), "--output-path", str(bundle),
                "--force-language", language, "--silent"]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=600,
                                  env={**os.environ, "NO_COLOR": "1"}, preexec_fn=_end_with_parent())
        except (OSError, subprocess.TimeoutExpired) as exc:
            return _skip(f"Pagefind could not run ({exc})")
        if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            return _skip(f"Pagefind failed ({detail[0]})")
        canonicalize(bundle)
        files = 0
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                out.write(f"{OUTPUT_SUBDIR}/{path.relative_to(bundle).as_posix()}", path.read_bytes())
                files += 1
    return SearchResult(True, f"search index: {files} files", files)


def _end_with_parent():
    """On Linux, a function run in the child before Pagefind starts: the kernel ends Pagefind when
    the build that started it ends, even by `kill -9` (else it would go on indexing for nothing)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import signal

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()
    PR_SET_PDEATHSIG = 1

    def arrange() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the build ended before the call took effect
            os._exit(1)
    return arrange


def _skip(message: str) -> SearchResult:
    return SearchResult(False, message)  # (the build fails with it: build.py)


# --- reproducible output ----------------------------------------------------------------------------
# Pagefind writes each filter's values in hash-map order, which changes from run to run, and the
# file names (and so the meta file and pagefind-entry.json) follow from the bytes. Two builds of
# the same site must be identical, so the values are put in a fixed order and the files renamed
# by their content. The format is Pagefind's: "pagefind_dcd" then CBOR, gzip-compressed; a file
# that does not look like that is left as Pagefind wrote it.

SIGNATURE = b"pagefind_dcd"


def canonicalize(bundle: Path) -> bool:
    """Sort filter values and rename filter and meta files by content; False if left as written."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    entry_text = entry_path.read_text(encoding="utf-8")
    changed = False
    for info in languages.values():
        meta_hash = info.get("hash") if isinstance(info, dict) else None
        meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
        if not meta_hash or not meta_path.is_file():
            continue
        meta = _unpack(meta_path.read_bytes())
        if meta is None:
            continue
        for path in sorted((bundle / "filter").glob("*.pf_filter")):
            old = path.name[: -len(".pf_filter")]
            if old.encode() not in meta:
                continue
            data = _unpack(path.read_bytes())
            ordered = _sorted_filter(data) if data is not None else None
            if ordered is None:
                continue
            new = _renamed(old, ordered)
            path.unlink()
            (path.parent / f"{new}.pf_filter").write_bytes(_pack(ordered))
            meta = meta.replace(old.encode(), new.encode())
        meta = _sorted_meta(meta) or meta
        new_meta = _renamed(meta_hash, meta)
        meta_path.unlink()
        (bundle / f"pagefind.{new_meta}.pf_meta").write_bytes(_pack(meta))
        entry_text = entry_text.replace(f'"{meta_hash}"', f'"{new_meta}"')
        changed = True
    entry_path.write_text(entry_text, encoding="utf-8")
    return changed


def _unpack(raw: bytes) -> bytes | None:
    try:
        data = gzip.decompress(raw)
    except (OSError, EOFError):
        data = raw
    return data if data.startswith(SIGNATURE) else None


def _pack(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _renamed(old: str, data: bytes) -> str:
    """`vi_3f2a9c1` -> the same prefix and length, with hex digits from the content."""
    prefix, _, digits = old.rpartition("_")
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[: len(digits)]}" if prefix else old


def _sorted_filter(data: bytes) -> bytes | None:
    """A filter chunk [name, [[value, [pages]], ...]] with its values in byte order."""
    try:
        pos = len(SIGNATURE)
        count, pos = _head(data, pos, 4)
        if count != 2:
            return None
        name_end = _item_end(data, pos)
        values, body = _head(data, name_end, 4)
        starts, end = [], body
        for _ in range(values):
            starts.append(end)
            end = _item_end(data, end)
        if end != len(data):
            return None
        items = [data[a:b] for a, b in zip(starts, starts[1:] + [end])]
        return data[:body] + b"".join(sorted(items))
    except (IndexError, ValueError):
        return None


def _sorted_meta(data: bytes) -> bytes | None:
    """The meta chunk [version, pages, index chunks, filters, sorts, fields] with its filter and
    sort lists ([name, chunk] pairs, in hash-map order as written) in byte order."""
    try:
        pos = len(SIGNATURE)
        count, pos = _head(data, pos, 4)
        parts = []
        for _ in range(count):
            end = _item_end(data, pos)
            parts.append((pos, end))
            pos = end
        if pos != len(data) or count != 6:
            return None
        out = bytearray(data[: parts[0][0]])
        for number, (a, b) in enumerate(parts):
            out += _sorted_array(data, a, b) if number in (3, 4) else data[a:b]
        return bytes(out)
    except (IndexError, ValueError):
        return None


def _sorted_array(data: bytes, start: int, end: int) -> bytes:
    count, pos = _head(data, start, 4)
    items = []
    for _ in range(count):
        after = _item_end(data, pos)
        items.append(data[pos:after])
        pos = after
    if pos != end:
        raise ValueError("array does not end where expected")
    return data[start: start + (pos - start) - sum(map(len, items))] + b"".join(sorted(items))


def _head(data: bytes, pos: int, major: int | None = None) -> tuple[int, int]:
    """A CBOR item's head: (argument, position after the head)."""
    first = data[pos]
    if major is not None and first >> 5 != major:
        raise ValueError("unexpected CBOR type")
    info = first & 0x1F
    if info < 24:
        return info, pos + 1
    if info > 27:
        raise ValueError("indefinite or reserved CBOR length")
    size = 1 << (info - 24)
    return int.from_bytes(data[pos + 1: pos + 1 + size], "big"), pos + 1 + size


def _item_end(data: bytes, pos: int) -> int:
    """The position after one complete CBOR item (integers, strings, arrays, maps, simple values)."""
    major = data[pos] >> 5
    arg, pos = _head(data, pos)
    if major in (0, 1, 7):
        return pos
    if major in (2, 3):
        return pos + arg
    if major == 4:
        for _ in range(arg):
            pos = _item_end(data, pos)
        return pos
    if major == 5:
        for _ in range(2 * arg):
            pos = _item_end(data, pos)
        return pos
    if major == 6:
        return _item_end(data, pos)
    raise ValueError("unknown CBOR type")
