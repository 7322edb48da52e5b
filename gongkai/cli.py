"""Command line: build, check, serve, new. The only code that reads the clock."""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import traceback
from datetime import date, datetime, timezone
from pathlib import Path

from gongkai import __version__
from gongkai.argparse_zh import Parser
from gongkai.config import KINDS
from gongkai.config_file import load_config
from gongkai.fields import check_date
from gongkai.documents import KIND_LABELS
from gongkai.pipeline import BuildOptions, BuildResult, build, day_in
from gongkai.problems import ERROR, Problems, grouped_report

def now() -> datetime:
    """The one place gongkai reads the clock; the build takes its day in the site's time zone (site.yml)."""
    return datetime.now(timezone.utc)


def _kind(text: str) -> str:
    """A kind by its code or its Chinese name (政务动态, 主动公开信息 …): editors know the names."""
    by_label = {KIND_LABELS[k]: k for k in KINDS}
    if text in KINDS or text in by_label:
        return by_label.get(text, text)
    raise argparse.ArgumentTypeError(f"没有“{text}”这种内容类型；可用：" + "、".join(f"{k}（{KIND_LABELS[k]}）" for k in KINDS))


def _day(text: str) -> date:
    try:
        y, m, d = (int(x) for x in text.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是“年-月-日”格式的日期，例如 2020-03-31") from None
    why = check_date(y, m, d)
    if why:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期：{why}")
    return date(y, m, d)


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="build.py", description="政务公开网站生成器：把 content/ 中的 Markdown 文件生成为网站。",
               epilog="每个命令的说明：build.py 命令 -h，例如 build.py new -h")
    p.add_argument("--version", action="version", version=f"gongkai {__version__}", help="显示版本号并退出")
    p.add_argument("--root", type=Path, metavar="文件夹", default=Path("."), help="项目文件夹（含 site.yml、content、templates），默认当前文件夹")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令", title="命令", help="下列之一")

    b = sub.add_parser("build", help="生成网站到 site/")
    b.add_argument("--out", type=Path, metavar="文件夹", default=None, help="输出文件夹，默认 site/")
    b.add_argument("--base-url", metavar="网址", default=None, help="网站地址，覆盖 site.yml 的 base_url")
    b.add_argument("--drafts", action="store_true", help="同时生成草稿、定时发布和已下线的信息（仅供预览）")
    b.add_argument("--today", type=_day, metavar="日期", default=None, help="按这一天计算发布、下线和期限（年-月-日）")
    b.add_argument("--strict", action="store_true", help="有警告也视为失败")
    b.add_argument("--no-search", action="store_true", help="不建立站内搜索索引（更快，预览时使用）")

    c = sub.add_parser("check", help="检查全部内容，不改动 site/")
    c.add_argument("--today", type=_day, metavar="日期", default=None, help="按这一天检查（年-月-日）")
    c.add_argument("--json", type=Path, metavar="文件", default=None, help="把检查结果另存为 JSON 文件")
    c.add_argument("--strict", action="store_true", help="有警告也视为失败")
    c.add_argument("--drafts", action="store_true", help="把草稿也当作已发布来检查")

    s = sub.add_parser("serve", help="生成网站并在本机预览，修改后自动刷新")
    s.add_argument("--host", metavar="地址", default="127.0.0.1", help="预览服务器的地址，默认 127.0.0.1（只有本机能访问）")
    s.add_argument("--port", type=int, metavar="端口", default=8000, help="端口，默认 8000")
    s.add_argument("--today", type=_day, metavar="日期", default=None, help="按这一天预览（年-月-日）")
    s.add_argument("--no-drafts", dest="drafts", action="store_false",
                   help="不显示草稿（默认显示草稿，并标明“草稿”，方便写好后预览）")

    n = sub.add_parser("new", help="新建一篇信息，必填字段已预先填好")
    n.add_argument("kind", type=_kind, metavar="类型",
                   help="内容类型，英文或中文：" + "、".join(f"{k}（{KIND_LABELS[k]}）" for k in KINDS))
    n.add_argument("path", nargs="?", metavar="路径", default=None,
                   help="content 中的文件路径（如 content/zwdt/hy-20200401.md）或栏目文件夹，默认为该类型的栏目")
    n.add_argument("--title", metavar="标题", required=True, help="标题")
    n.add_argument("--organ", metavar="机构", default=None, help="发布机构（全称或简称）")
    n.add_argument("--today", type=_day, metavar="日期", default=None, help="按这一天填写日期和索引号年份（年-月-日），默认同 build")

    sub.add_parser("ledger", help="把 content 中已有的索引号登记到索引号台账（迁移旧网站时使用）")
    sub.add_parser("assign", help="给编辑后台新建、还没有索引号的主动公开信息分配索引号（持续集成或提交前运行）")

    i = sub.add_parser("import-plan", help="把政务公开工作要点文件（.txt/.docx/.md）导入为工作要点页面")
    i.add_argument("file", type=Path, metavar="文件", help="工作要点文件：UTF-8 或 GBK 文本、Word（.docx）或 Markdown")
    i.add_argument("--section", metavar="栏目", default="gzyd", help="工作要点栏目文件夹，默认 gzyd")
    i.add_argument("--dry-run", action="store_true", help="只列出将要新建或修改的文件，不写入")
    i.add_argument("--add-organs", action="store_true", help="把 site.yml 中没有的单位登记为新机构")
    return p


class ProgressBar:
    """Draws a bar on a terminal once a build has run for more than a second."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.start = time.perf_counter()
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.stream.isatty() or time.perf_counter() - self.start < 1.0:
            return
        if done != total and done % 50:
            return
        width = 30
        filled = width * done // max(total, 1)
        self.stream.write(f"\r生成页面 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")


def options_for(args, root: Path, write: bool, progress=None) -> BuildOptions:
    out = getattr(args, "out", None) or root / "site"
    extra = {"progress": progress} if progress else {}
    return BuildOptions(root=root, out_dir=out, clock_today=now(), today=args.today,
                        drafts=getattr(args, "drafts", False), base_url=getattr(args, "base_url", None),
                        write=write, inspection=not write, search=write and not getattr(args, "no_search", True),
                        **extra)


def summary(result: BuildResult, seconds: float) -> str:
    kinds = {k: n for k, n in result.counts.items() if k not in ("asset", "data")}
    pages = sum(kinds.values())
    per_kind = "、".join(f"{KIND_LABELS.get(k, k)} {n}" for k, n in kinds.items())
    files = result.counts.get("asset", 0)
    found = result.problems.sorted()
    errors = sum(p.severity == ERROR for p in found)
    return (f"页面 {pages} 个（{per_kind or '无'}），附件与样式 {files} 个，数据文件 {result.counts.get('data', 0)} 个；"
            f"{errors} 个错误，{len(found) - errors} 个警告；用时 {seconds:.2f} 秒")


def cmd_build(args) -> int:
    root = args.root.resolve()
    bar = ProgressBar()
    start = time.perf_counter()
    result = build(options_for(args, root, write=True, progress=bar))
    bar.finish()
    failed = result.problems.has_errors() or (args.strict and bool(result.problems.warnings))
    if result.problems.items:
        print(result.problems.report(site_updated=result.written), file=sys.stderr)
    if result.written:
        note = "（内容没有变化，网站保持不变）" if result.unchanged else ""
        print(summary(result, time.perf_counter() - start) + note)
    return 1 if failed else 0


def cmd_check(args) -> int:
    root = args.root.resolve()
    start = time.perf_counter()
    result = build(options_for(args, root, write=False))
    problems = result.problems
    print(grouped_report(problems))
    if result.external_links:
        print(f"外部链接 {len(result.external_links)} 个（未访问，仅列出）：")
        for link in result.external_links:
            print(f"  {link}")
    print(summary(result, time.perf_counter() - start))
    if args.json:
        args.json.write_text(json.dumps(check_json(result), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                             "utf-8")
    failed = problems.has_errors() or (args.strict and bool(problems.warnings))
    return 1 if failed else 0


def check_json(result: BuildResult) -> dict:
    problems = result.problems.sorted()
    return {
        "version": 1,
        "today": result.today.isoformat() if result.today else None,
        "errors": sum(p.severity == "error" for p in problems),
        "warnings": sum(p.severity == "warning" for p in problems),
        "findings": [p.as_json() for p in problems],
        "external_links": list(result.external_links),
        "pages": result.counts,
    }


def _config(root: Path):
    """The site configuration, or None after printing why it cannot be used."""
    problems = Problems()
    config = load_config(root, problems)
    if config is None:
        print(problems.report(), file=sys.stderr)
    return config


def cmd_new(args) -> int:
    from gongkai.scaffold import plan_new, write_new

    root = args.root.resolve()
    config = _config(root)
    if config is None:
        return 1
    today = args.today or config.as_of or day_in(now(), config)
    try:
        new = plan_new(root, config, args.kind, args.path, args.title, args.organ, today)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    write_new(root, new)
    print(f"已新建草稿 {new.path.relative_to(root).as_posix()}。\n"
          "填好空着的字段、内容概述和正文；预览（make serve）中可以看到草稿。写好后删去 draft: true 一行，网站才会发布。")
    return 0


def cmd_ledger(args) -> int:
    from gongkai.scaffold import LEDGER, sync_ledger

    root = args.root.resolve()
    text, raised = sync_ledger(root)
    (root / LEDGER).parent.mkdir(parents=True, exist_ok=True)
    (root / LEDGER).write_text(text, "utf-8")
    print(f"索引号台账已更新（{raised} 处调高），见 {LEDGER}")
    return 0


def cmd_assign(args) -> int:
    from gongkai.cms_backend import assign

    root = args.root.resolve()
    done = assign(root, date.today())
    for path in done:
        print(f"已分配索引号：{path.relative_to(root).as_posix()}")
    print(f"共分配 {len(done)} 个索引号。" if done else "没有需要分配索引号的信息。")
    return 0


def cmd_import_plan(args) -> int:
    from gongkai.importer import PlanFormatError, import_plan

    root = args.root.resolve()
    config = _config(root)
    if config is None:
        return 1
    if not args.file.is_file():
        print(f"错误：找不到文件 {args.file}", file=sys.stderr)
        return 1
    try:
        result = import_plan(root, args.file, args.section.strip("/"), config, args.dry_run, args.add_organs)
    except PlanFormatError as exc:
        print(f"错误：无法导入 {args.file}：{exc}", file=sys.stderr)
        return 1
    plan = result.plan
    for change in result.changes:
        rel = change.path.relative_to(root).as_posix()
        depth = rel.count("/") - 2
        print(f"{'  ' * depth}{change.action}  {rel}  {change.label}")
    counts = {a: sum(c.action == a for c in result.changes) for a in ("新建", "更新", "不变")}
    tasks = sum(len(a.children) for a in plan.areas)
    subs = sum(len(t.children) for a in plan.areas for t in a.children)
    verb = "将" if args.dry_run else "已"
    print(f"{plan.title}：{len(plan.areas)} 个领域、{tasks} 项任务" + (f"、{subs} 项子任务" if subs else "")
          + f"；{verb}新建 {counts['新建']} 个文件，{verb}更新 {counts['更新']} 个，不变 {counts['不变']} 个。")
    if result.conflicts:
        print("以下字段在上次导入后由编辑改过，新文件也改了它：保留了编辑的内容，请核对后手工决定：", file=sys.stderr)
        for conflict in result.conflicts:
            print(f"  {conflict.path.relative_to(root).as_posix()}  {conflict.field}\n    现在（保留）：{conflict.kept}"
                  f"\n    新文件：{conflict.offered}", file=sys.stderr)
    if result.missing:
        print("以下单位在 site.yml 中没有登记：", file=sys.stderr)
        for name, guess in result.missing:
            print(f"  {name}" + (f"（是不是“{guess}”？）" if guess else ""), file=sys.stderr)
        if not args.add_organs:
            print("请在 site.yml 的 organs 或 groups 中登记，或加 --add-organs 自动登记；本次未写入任何文件。", file=sys.stderr)
            return 1
        print("已用 --add-organs 登记到 site.yml，请补全全称和机构代码。", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from gongkai.serve import preview_folder, serve

    from gongkai.cms_backend import handle

    root = args.root.resolve()
    args.out = preview_folder(root)  # never site/: what is published there comes from build alone
    return serve(root, args.host, args.port, lambda: options_for(args, root, write=True),
                 api=lambda body: handle(root, body, date.today()))


COMMANDS = {"build": cmd_build, "check": cmd_check, "new": cmd_new, "serve": cmd_serve, "ledger": cmd_ledger,
            "assign": cmd_assign, "import-plan": cmd_import_plan}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # A county site's model is a few million long-lived objects and makes few reference cycles: the default
    # thresholds walk it over and over while it is built (7% of a 10,000-item build).
    gc.set_threshold(50_000, 50, 50)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception:  # a crash is a bug in gongkai, not in the content
        print("这是 gongkai 的缺陷，请报告（附上以下信息）：", file=sys.stderr)
        traceback.print_exc()
        return 2
