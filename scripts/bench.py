#!/usr/bin/env python3
"""Benchmark gongkai at county scale: `python scripts/bench.py N [--json FILE]`.

Generates a deterministic synthetic site of N items in a temporary folder and measures, as whole processes:
the bare floor loop (python-frontmatter + Python-Markdown + one Jinja2 template + write, 2 processes) and a
cold build, each the median of three runs taken in turns; a cold build with the search index, publishing one
new item with the search index after it, no-op
rebuild, rebuilds after a template edit (the news pages' template, then base.html), a body edit, a
front-matter edit and a deletion, the preview's latency after one edit, and peak memory (on a cold build with
the search index and the preview server, apart from the timed runs).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
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


ROUNDS = 3  # the floor and the cold build are each the median of this many runs
PEAK = {"mb": 0.0}  # the largest memory of a measured process and all its descendants at one moment


def run(cmd: list[str], cwd: Path, watch_memory: bool = False) -> float:
    """Run a step and return its time. Watching its memory reads /proc/<pid>/smaps_rollup, which walks each
    process's page tables and holds up its page faults: a 10k cold build took 0.6 s longer while watched (the
    floor 0.2 s). So the timed steps are not watched; memory is taken on separate runs."""
    os.sync()  # the last step's writes go to disk now, not during this one (on a slow disk it decides the figure)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None:
        if watch_memory:
            PEAK["mb"] = max(PEAK["mb"], tree_rss_mb(proc.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return elapsed


def tree_rss_mb(pid: int) -> float:
    """Memory of a process and its descendants, from /proc: the sum of their proportional set sizes (PSS),
    so that pages forked workers share with the build process count once, not three times."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("Pss:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def children_peak_mb() -> float:
    """The larger of: the biggest single process, and the biggest sum over one build's process tree."""
    return max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, PEAK["mb"])


def measure(n: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    try:
        root = tmp / "site-root"
        generate(root, n)
        build = [sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--today", "2020-03-31"]
        (tmp / "floor.py").write_text(FLOOR, "utf-8")
        figures = {"n": n}
        cache = root / ".cache"
        floors, colds = [], []
        for _ in range(ROUNDS):  # in turns, so that a slow spell of a shared machine slows both alike
            shutil.rmtree(tmp / "floor-out", ignore_errors=True)
            floors.append(run([sys.executable, str(tmp / "floor.py"), str(root / "content"), str(tmp / "floor-out")], tmp))
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(root / "site", ignore_errors=True)
            colds.append(run(build + ["--no-search"], root))
        figures["floor_s"], figures["cold_s"] = statistics.median(floors), statistics.median(colds)
        time.sleep(3)  # let the background deletion of the previous site finish, as between real edits
        figures["noop_s"] = run(build + ["--no-search"], root)
        template = root / "templates/single.html"
        template.write_text(template.read_text("utf-8").replace("发布日期：", "发布时间："), "utf-8")
        time.sleep(3)
        figures["template_s"] = run(build + ["--no-search"], root)  # news pages' template: the others are kept
        base = root / "templates/base.html"  # the template every page extends: every page is rendered again
        base.write_text(base.read_text("utf-8").replace("跳到正文", "跳到正文内容"), "utf-8")
        time.sleep(3)
        figures["template_base_s"] = run(build + ["--no-search"], root)
        item = next(iter(sorted((root / "content/news").glob("n*.md"))))
        item.write_text(item.read_text("utf-8") + "\n补充一段正文。\n", "utf-8")
        time.sleep(3)
        figures["edit_body_s"] = run(build + ["--no-search"], root)
        item.write_text(item.read_text("utf-8").replace("title: ", "title: 修改后的", 1), "utf-8")
        time.sleep(3)
        figures["edit_meta_s"] = run(build + ["--no-search"], root)
        item.unlink()
        time.sleep(3)
        figures["delete_s"] = run(build + ["--no-search"], root)
        shutil.rmtree(cache, ignore_errors=True)
        figures["cold_search_s"] = run(build, root)
        time.sleep(3)
        (root / "content/news/published-today.md").write_text(  # the daily case: one new item, with search
            "---\ntitle: 县政府召开政务公开工作推进会\npublished: 2020-03-30 10:00\norgan: 县政府办公室\n---\n"
            + body(random.Random(1)) + "\n", "utf-8")
        figures["publish_one_search_s"] = run(build, root)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)
        run(build, root, watch_memory=True)  # the most memory: a cold build, then Pagefind
        figures["preview_edit_s"] = preview_latency(root)
        figures["peak_rss_mb"] = round(children_peak_mb(), 1)
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def preview_latency(root: Path) -> float:
    """From saving one item's file to its new page being on disk, with the preview server running."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port),
                             "--today", "2020-03-31"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        elapsed = time.perf_counter() - start
        PEAK["mb"] = max(PEAK["mb"], tree_rss_mb(proc.pid))  # the preview keeps the site's model in memory
        return elapsed
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of items")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    figures = measure(args.n)
    floor = figures["floor_s"]
    print(f"{'measure':<16}{'seconds':>10}{'× floor':>10}")
    for key, value in figures.items():
        if key.endswith("_s"):
            print(f"{key:<16}{value:>10.2f}{value / floor:>10.2f}")
    print(f"{'peak_rss_mb':<16}{figures['peak_rss_mb']:>10.1f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
