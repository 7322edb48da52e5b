#!/usr/bin/env python3
"""Benchmark gongkai at county scale: `python scripts/bench.py N [--json FILE]`.

Generates a deterministic synthetic site of N items in a temporary folder (`generate(root, n)`, reusable by
other tools) and measures, as whole processes: the bare floor loop (python-frontmatter + Python-Markdown + one
Jinja2 template + write, 2 processes) and a cold build, each the median of three runs taken in turns; then a
no-op rebuild, rebuilds after a template edit (the news pages' template, then base.html), a body edit, a
front-matter edit, a deletion and one file with a front-matter error (the build stops), a cold build with the
search index (the median of three, in turns with three more runs of the floor loop), publishing one new item
with the search index after it (the median of three, the item taken back between them), and the preview's
latency after one edit. Each path's peak memory (its largest process) is in `rss_mb`; every timed run of the
medians is in `runs`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PHRASES = [
    "深化重点领域信息公开", "推进政务服务事项清单、办事指南和办理状态同源发布", "加强政策解读和回应社会关切",
    "落实行政执法公示制度", "公开财政预决算和政府债务信息", "做好就业、教育、医疗、养老等民生领域信息公开",
    "推进棚户区改造和农村危房改造信息公开", "公开扶贫项目、扶贫资金和扶贫成效", "加强生态环境监测信息发布",
    "公开重大建设项目批准和实施情况", "规范政府网站和政务新媒体管理", "按季度发布人力资源市场供求分析",
]
TOPICS = ["综合政务\\政务公开", "财政、金融、审计\\财政预决算", "城乡建设、环境保护\\生态环境", "劳动、人事、监察\\就业创业",
          "民政、扶贫、救灾\\扶贫", "教育\\义务教育"]
ORGANS = [("zfb", "荣县人民政府办公室", "县政府办公室"), ("fgj", "荣县发展和改革局", "县发改局"),
          ("rxczj", "荣县财政局", "荣县财政局简称"), ("sthj", "荣县生态环境局", "县生态环境局"),
          ("jtyj", "荣县教育和体育局", "县教育体育局"), ("scjg", "荣县市场监督管理局", "县市场监管局")]


def body(rng: random.Random) -> str:
    """600–1500 characters of government prose with headings, a list and a table."""
    parts = []
    for h in range(rng.randint(2, 3)):
        parts.append(f"## {'一二三'[h]}、{rng.choice(PHRASES)}")
        parts.append("，".join(rng.choice(PHRASES) for _ in range(rng.randint(6, 12))) + "。")
        parts.append("\n".join(f"- {rng.choice(PHRASES)}，完成率 {rng.randint(60, 100)}%；" for _ in range(3)))
    parts.append("| 项目 | 数量 | 金额（万元） |\n| --- | ---: | ---: |\n" + "\n".join(
        f"| {rng.choice(PHRASES)[:8]} | {rng.randint(1, 99)} | {rng.randint(10, 9999)} |" for _ in range(4)))
    return "\n\n".join(parts)


def generate(root: Path, n: int) -> None:
    """A synthetic county site: the example's configuration and theme, n items over sections and years."""
    rng = random.Random(n)
    shutil.copytree(REPO / "templates", root / "templates")
    config = (REPO / "tests/fixtures/sites/minimal/site.yml").read_text("utf-8")
    organs = "".join(f"  - {{id: {i}, name: {name}, short: {short}, code: \"00829{k:04d}\", level: department}}\n"
                     for k, (i, name, short) in enumerate(ORGANS))
    config = config.replace("organs:\n", "organs:\n" + organs)
    config = config.replace("topics:\n", "topics:\n" + "".join(f"  t{k}: {t}\n" for k, t in enumerate(TOPICS)))
    config = config.replace("  gk/items: item\n", "  gk/items: item\n  gk/items/zc: policy\n  gk/items/jd: interpretation\n"
                            "  zt: news\n")
    config = config.replace("page_size: 5", "page_size: 20")
    (root / "site.yml").write_text(config, "utf-8")
    shutil.copytree(REPO / "tests/fixtures/sites/minimal/content", root / "content")
    files: dict[str, str] = {
        "content/gk/items/zc/_index.md": "---\ntitle: 政策文件\n---\n",
        "content/gk/items/jd/_index.md": "---\ntitle: 政策解读\n---\n",
        "content/zt/_index.md": "---\ntitle: 专题专栏\n---\n",
        "content/zfgs/_index.md": "---\ntitle: 行政执法公示\n---\n",
        "content/zfgs/sc/_index.md": "---\ntitle: 县市场监管局执法公示\nkind: enforcement\norgan: 县市场监管局\n---\n",
    }
    for k in range(4):
        files[f"content/zt/c{k}/_index.md"] = f"---\ntitle: 专题{k}\nkind: topic\n---\n"
    ledger: dict[tuple[str, int], int] = {}
    for i in range(n):
        year = 2016 + i % 4
        organ_id, organ, short = ORGANS[i % len(ORGANS)]
        code = f"00829{ORGANS.index((organ_id, organ, short)):04d}"
        published = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d} 10:00"
        kind = i % 10
        title = f"{short}{year}年{rng.choice(PHRASES)}（第{i}号）"
        columns = f"columns: [c{i % 4}]\n" if i % 3 == 0 else ""
        if kind < 4:  # news
            files[f"content/news/n{i:05d}.md"] = (f"---\ntitle: {title}\npublished: {published}\norgan: {short}\n{columns}---\n"
                                                  f"{body(rng)}\n")
        elif kind < 8 or kind == 9:  # catalogue items, policies with interpretations
            serial = ledger.get((code, year), 0) + 1
            ledger[(code, year)] = serial
            meta = (f"index_no: {code}/{year}-{serial:05d}\ntopic: {TOPICS[i % len(TOPICS)]}\ncreated: {published[:10]}\n"
                    f"published: {published}\norgan: {short}\n")
            if kind == 9:
                files[f"content/gk/items/zc/p{i:05d}.md"] = (f"---\ntitle: {title}\n{meta}doc_type: 其他文件\n{columns}---\n"
                                                             f"{body(rng)}\n")
                serial = ledger[(code, year)] + 1
                ledger[(code, year)] = serial
                files[f"content/gk/items/jd/j{i:05d}.md"] = (
                    f"---\ntitle: {title}解读\n{meta.replace(f'-{serial - 1:05d}', f'-{serial:05d}')}form: 文字\n"
                    f"interprets: ../zc/p{i:05d}.md\nmain_content: 主要内容\nbackground_basis: 背景\nbenefits: 举措\n---\n{body(rng)}\n")
            else:
                files[f"content/gk/items/i{i:05d}.md"] = f"---\ntitle: {title}\n{meta}{columns}---\n{body(rng)}\n"
        else:  # enforcement decisions
            files[f"content/zfgs/sc/d{i:05d}.md"] = (
                f"---\ntitle: 某公司第{i}号行政处罚\ndecision_no: 荣市监罚〔{year}〕{i}号\ncategory: 行政检查\n"
                f"target_type: 法人及非法人组织\ntarget_name: 荣县某某公司{i}\ncredit_code: 91510321MA62XR3K1B\n"
                f"result: 检查合格。\ndecided: {published[:10]}\npublished: {published}\norgan: 县市场监管局\n"
                f"display_until: 2030-01-01\n---\n{body(rng)}\n")
    ledger[("12345678X", 2018)] = 5  # the fixture's own items
    ledger[("12345678X", 2019)] = 3
    files["content/_data/enforcement/scjg.yml"] = (REPO / "content/_data/enforcement/scjg.yml").read_text("utf-8")
    files["content/_data/ledger.yml"] = "".join(
        f'"{code}":\n' + "".join(f'  "{y}": {s}\n' for (c, y), s in sorted(ledger.items()) if c == code)
        for code in sorted({c for c, _ in ledger}))
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


FLOOR = r'''
import sys
from multiprocessing import Pool
from pathlib import Path

import frontmatter
import jinja2
import markdown

TEMPLATE = jinja2.Template("<!DOCTYPE html><html lang=zh-CN><head><title>{{ title }}</title></head>"
                           "<body><h1>{{ title }}</h1>{{ body }}</body></html>")


def one(path):
    post = frontmatter.load(path)
    html = markdown.markdown(post.content, extensions=["tables"])
    out = Path(sys.argv[2]) / Path(path).relative_to(sys.argv[1]).with_suffix(".html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(TEMPLATE.render(title=post.get("title", ""), body=html), "utf-8")


if __name__ == "__main__":
    with Pool(2) as pool:
        pool.map(one, sorted(str(p) for p in Path(sys.argv[1]).rglob("*.md")), chunksize=64)
'''


ROUNDS = 3  # the floor, the cold builds and publishing one item are each the median of this many runs
# Every step runs as an installed gongkai does, with its compiled bytecode kept: a machine that sets
# PYTHONDONTWRITEBYTECODE would otherwise compile gongkai's modules again in every step (0.3 s each).
INSTALLED = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
RSS: dict[str, float] = {}  # per path: the largest single process of the step (the build or any of its workers)


def run(cmd: list[str], cwd: Path, rss: str = "", fails: bool = False) -> float:
    """Run a step and return its time; with `rss`, record the peak memory of its largest process under that
    name. wait4 gives it for free (the kernel keeps each process's high-water mark and the largest among the
    children it waited for), so timed steps are not slowed by sampling /proc. `fails`: a step expected to
    stop with an error."""
    os.sync()  # the last step's writes go to disk now, not during this one (on a slow disk it decides the figure)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=INSTALLED)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if rss:
        RSS[rss] = max(RSS.get(rss, 0.0), usage.ru_maxrss / 1024)
    if (proc.returncode != 0) != fails:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return elapsed


def generate_apart(root: Path, n: int) -> None:
    """generate() in a process of its own. Linux starts a child's peak memory (what wait4 reports) at its
    parent's size when it forked, even across exec: a bench process that had generated 100,000 items itself
    (250 MB) would give that as the floor of every step's peak."""
    process = multiprocessing.get_context("spawn").Process(target=generate, args=(root, n))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"generating {n} items failed ({process.exitcode})")


def measure(n: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    try:
        root = tmp / "site-root"
        generate_apart(root, n)
        build = [sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--today", "2020-03-31"]
        (tmp / "floor.py").write_text(FLOOR, "utf-8")
        figures: dict = {"n": n}
        cache = root / ".cache"
        floors, colds = [], []
        for _ in range(ROUNDS):  # in turns, so that a slow spell of a shared machine slows both alike
            shutil.rmtree(tmp / "floor-out", ignore_errors=True)
            floors.append(run([sys.executable, str(tmp / "floor.py"), str(root / "content"), str(tmp / "floor-out")], tmp))
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(root / "site", ignore_errors=True)
            colds.append(run(build + ["--no-search"], root, "cold"))
        figures["floor_s"], figures["cold_s"] = statistics.median(floors), statistics.median(colds)

        def step(name: str, rss: str, change=None, search: bool = False, fails: bool = False) -> None:
            if change is not None:
                change()
            time.sleep(3)  # let the background deletion of the previous site finish, as between real edits
            figures[name] = run(build + ([] if search else ["--no-search"]), root, rss, fails)

        template = root / "templates/single.html"
        base = root / "templates/base.html"  # the template every page extends: every page is rendered again
        item = next(iter(sorted((root / "content/news").glob("n*.md"))))
        bad = sorted((root / "content/news").glob("n*.md"))[2]
        good = bad.read_text("utf-8")
        step("noop_s", "noop")
        step("template_s", "template", lambda: template.write_text(  # news pages' template: the others are kept
            template.read_text("utf-8").replace("发布日期：", "发布时间："), "utf-8"))
        step("template_base_s", "template", lambda: base.write_text(
            base.read_text("utf-8").replace("跳到正文", "跳到正文内容"), "utf-8"))
        step("edit_body_s", "edit", lambda: item.write_text(item.read_text("utf-8") + "\n补充一段正文。\n", "utf-8"))
        step("edit_front_s", "edit_front", lambda: item.write_text(
            item.read_text("utf-8").replace("title: ", "title: 修改后的", 1), "utf-8"))
        step("delete_s", "delete", item.unlink)
        step("error_s", "error", lambda: bad.write_text(good.replace("published: ", "published: 2019-13-45 #", 1),
                                                        "utf-8"), fails=True)  # the build stops; site/ stays
        bad.write_text(good, "utf-8")
        # Cold with search is compared with the floor too: like the cold build, the median of ROUNDS runs taken in
        # turns with the floor loop's (the machine's speed drifts in the minutes since the first ones). Past 20,000
        # items one run: each takes minutes there, and no goal is set on it.
        searches = []
        for _ in range(ROUNDS if n <= 20_000 else 1):
            shutil.rmtree(tmp / "floor-out", ignore_errors=True)
            floors.append(run([sys.executable, str(tmp / "floor.py"), str(root / "content"), str(tmp / "floor-out")], tmp))
            shutil.rmtree(cache, ignore_errors=True)
            step("cold_search_s", "search", lambda: shutil.rmtree(root / "site", ignore_errors=True), search=True)
            searches.append(figures["cold_search_s"])
        figures["cold_search_s"], figures["floor_s"] = statistics.median(searches), statistics.median(floors)
        # The daily case: one new item, with search. Like the cold build it is compared with, the median of
        # ROUNDS runs; the item is taken back (untimed) between them.
        published = root / "content/news/published-today.md"
        item_text = ("---\ntitle: 县政府召开政务公开工作推进会\npublished: 2020-03-30 10:00\norgan: 县政府办公室\n---\n"
                     + body(random.Random(1)) + "\n")
        publishes = []
        for number in range(ROUNDS):
            if number:
                published.unlink()
                time.sleep(3)
                run(build, root)
            step("publish_one_search_s", "publish_one_search", lambda: published.write_text(item_text, "utf-8"),
                 search=True)
            publishes.append(figures["publish_one_search_s"])
        figures["publish_one_search_s"] = statistics.median(publishes)
        runs = {"floor": floors, "cold": colds, "cold_search": searches, "publish_one_search": publishes}
        figures["preview_edit_s"] = preview_latency(root)
        figures = {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}
        figures["runs"] = {name: [round(value, 2) for value in values] for name, values in runs.items()}  # (the spread)
        figures["rss_mb"] = {k: round(v, 1) for k, v in sorted(RSS.items())}
        figures["peak_rss_mb"] = max(figures["rss_mb"].values())
        return figures
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def preview_latency(root: Path) -> float:
    """From saving one item's file to its new page being on disk, with the preview server running."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port),
                             "--today", "2020-03-31"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=INSTALLED)
    try:
        item = sorted((root / "content/news").glob("n*.md"))[1]
        out = root / ".cache/preview/news" / item.stem / "index.html"  # serve.preview_folder
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:  # the server answers once its first build is done
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                    break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)
        stamp = f"预览延迟测量{time.time_ns()}"
        start = time.perf_counter()
        item.write_text(item.read_text("utf-8") + f"\n{stamp}\n", "utf-8")
        while time.monotonic() < deadline:
            try:
                if stamp in out.read_text("utf-8"):
                    break
            except OSError:
                pass
            time.sleep(0.01)
        return time.perf_counter() - start
    finally:
        proc.terminate()
        _, _, usage = os.wait4(proc.pid, 0)  # the preview keeps the site's model in memory
        RSS["preview"] = usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of items")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    figures = measure(args.n)
    floor = figures["floor_s"]
    print(f"{'measure':<24}{'seconds':>10}{'× floor':>10}")
    for key, value in figures.items():
        if key.endswith("_s"):
            print(f"{key:<24}{value:>10.2f}{value / floor:>10.2f}")
    for path, mb in figures["rss_mb"].items():
        print(f"{'rss_mb.' + path:<24}{mb:>10.1f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
