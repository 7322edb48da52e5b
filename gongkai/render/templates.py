"""The Jinja2 environment, template lookup and template errors as Problems."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import traceback
from pathlib import Path

import jinja2
from jinja2 import meta
from markupsafe import Markup

from gongkai.config import topic_label
from gongkai.model.urls import TemplateUrls, absolute, relative
from gongkai.problems import Problems


def make_environment(root: Path, base_url: str, compiled: Path | None = None) -> jinja2.Environment:
    """The environment templates render in; `compiled`, a folder that keeps the templates Jinja compiled
    for the next build (each render process would otherwise compile every template again)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one environment per build: no need to stat every template at every include
        bytecode_cache=CompiledTemplates(str(compiled)) if compiled is not None else None,
    )
    env.filters["rel"] = _rel
    env.globals["fragment"] = jinja2.pass_context(functools.partial(_fragment, {}))  # (one environment per build)
    env.filters["abs"] = lambda url: absolute(url, base_url)
    # Pages show a few thousand distinct dates a hundred thousand times: each is formatted once.
    env.filters["ymd"] = functools.lru_cache(4096)(lambda d: d.strftime("%Y-%m-%d") if d else "")
    env.filters["ymdhm"] = functools.lru_cache(4096)(lambda d: d.strftime("%Y-%m-%d %H:%M") if d else "")
    env.filters["cn_date"] = functools.lru_cache(4096)(lambda d: f"{d.year}年{d.month}月{d.day}日" if d else "")
    env.filters["filesize"] = _filesize
    env.filters["topic"] = topic_label
    env.globals["Markup"] = Markup
    env.globals["urls"] = TemplateUrls()  # the generator's own addresses: no template spells one out
    return env


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache, which never fails a build: a template it cannot keep (the folder was deleted
    under the build, the disk is full) is compiled again by the next one."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@jinja2.pass_context
def _rel(context, url: str) -> str:
    """Make a site-relative URL relative to the page being rendered, so any base path works."""
    return relative(url, context["page"].url)


FRAGMENTS_KEPT = 4096  # distinct fragments a render process keeps (a key that differs on every page keeps none)


def _fragment(kept: dict, context, name: str, *key, caller) -> str:
    """`{% call fragment("name", key...) %}…{% endcall %}`: rendered once per render process for each `key`,
    which must therefore hold all the block shows that differs between pages, where its relative links start
    from included (ColumnNav.where gives both for the column tree)."""
    found = (context.name, name, *key)
    html = kept.get(found)
    if html is None:
        if len(kept) >= FRAGMENTS_KEPT:
            kept.clear()
        html = kept[found] = caller()
    return html


def _filesize(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def candidates(kind: str, layout: str, explicit: str | None) -> list[str]:
    """Template lookup, specific to general: <kind>/<layout>.html, then <layout>.html.

    A front-matter `template:` is the only candidate: a misspelt name must fail, not fall back.
    """
    if explicit:
        return [explicit]
    return [f"{kind}/{layout}.html", f"{layout}.html"]


class Templates:
    """Finds and renders templates, turning template errors into Problems."""

    def __init__(self, root: Path, env: jinja2.Environment, problems: Problems):
        self.root = root
        self.env = env
        self.problems = problems
        self._cache: dict[tuple[str, ...], jinja2.Template | None] = {}
        self.rendered: set[str] = set()  # the names of the templates render() was given
        self._digests: dict[str, str | None] = {}
        self._parsed: Parsed = {}

    def digest(self, name: str) -> str | None:
        """Of the template and of all it extends, includes or imports: what it renders from, besides its
        context. None when one of those is chosen at render time (an include of a variable)."""
        if name not in self._digests:
            self._digests[name] = _closure_digest(self.env, name, self._parsed)
        return self._digests[name]

    def read_references(self, memo: Path | None) -> None:
        """Know which templates each template pulls in before the render workers fork: else each of them
        parses every template again to key its pages."""
        self._parsed.update(read_references(self.env, memo))

    def find(self, names: list[str], origin: str) -> jinja2.Template | None:
        key = tuple(names)
        if key not in self._cache:
            self._cache[key] = self._load(names, origin)
        return self._cache[key]

    def _load(self, names: list[str], origin: str) -> jinja2.Template | None:
        try:
            return self.env.select_template(names)
        except jinja2.TemplateSyntaxError as exc:
            self._syntax_error(exc)
        except jinja2.TemplatesNotFound:
            self.problems.error("GK403", origin, 0, f"找不到模板（依次查找了 {'、'.join(names)}）",
                                f"在 templates 文件夹中建立 {names[-1]}，或改正 template 字段")
        return None

    def render(self, template: jinja2.Template, context: dict, origin: str) -> str | None:
        self.rendered.add(template.name)
        try:
            return template.render(context)
        except jinja2.TemplateSyntaxError as exc:  # an {% include %} is compiled only when it runs
            self._syntax_error(exc)
        except Exception as exc:  # a template bug must name its line, not crash the build
            where, line = self._template_frame(exc)
            self.problems.error("GK402", where, line, f"模板出错：{_explain(exc)}",
                                "检查模板中这一行用到的变量名是否拼写正确", others=((origin, 0),))
        return None

    def _syntax_error(self, exc: jinja2.TemplateSyntaxError) -> None:
        self.problems.error("GK401", f"templates/{exc.name or exc.filename}", exc.lineno or 0,
                            f"模板语法错误：{exc.message}", "检查这一行的 {{ }}、{% %} 是否成对、拼写是否正确")

    def _template_frame(self, exc: Exception) -> tuple[str, int]:
        templates = str(self.root / "templates")
        found = ("templates", 0)
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename.startswith(templates):
                found = (Path(frame.filename).relative_to(self.root).as_posix(), frame.lineno or 0)
        return found


Parsed = dict[str, tuple[str, list]]  # template name -> its source and the templates it names


def read_references(env: jinja2.Environment, memo: Path | None) -> Parsed:
    """Every template with the templates it names, parsed only when its source is not one `memo` knows (Jinja's
    compiled templates do not say); `memo` then keeps them for the next build."""
    try:
        with open(memo, "rb") as handle:  # type: ignore[arg-type]
            known = pickle.load(handle)
    except (OSError, TypeError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        known = {}
    parsed: Parsed = {}
    found = {}
    for name in env.list_templates(filter_func=lambda name: not name.startswith("static/")):
        try:
            source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
            key = hashlib.sha256(source.encode("utf-8")).hexdigest()
            references = known[key] if key in known else list(meta.find_referenced_templates(env.parse(source)))
        except (jinja2.TemplateError, OSError, UnicodeError):
            continue  # told when the template is used
        parsed[name] = (source, references)
        found[key] = references
    if memo is not None and found != known:
        tmp = memo.with_suffix(f".{os.getpid()}")
        try:
            tmp.write_bytes(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, memo)
        except OSError:
            pass  # parsed again next time
    return parsed


def closure(env: jinja2.Environment, name: str, parsed: Parsed | None = None) -> dict[str, str] | None:
    """The template and all it extends, includes or imports, each with its source; None if one of those is
    chosen at render time. `parsed` keeps each template's parse for the next call (base.html is in every closure)."""
    parsed = {} if parsed is None else parsed
    sources: dict[str, str] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in sources:
            continue
        if current not in parsed:
            try:
                source = env.loader.get_source(env, current)[0]  # type: ignore[union-attr]
                parsed[current] = (source, list(meta.find_referenced_templates(env.parse(source))))
            except (jinja2.TemplateError, OSError):
                return None
        sources[current], references = parsed[current]
        if any(ref is None for ref in references):
            return None
        todo += references
    return sources


def _closure_digest(env: jinja2.Environment, name: str, parsed: Parsed) -> str | None:
    sources = closure(env, name, parsed)
    if sources is None:
        return None
    digest = hashlib.sha256()
    for current, source in sorted(sources.items()):
        digest.update(f"{current}\0{source}\0".encode("utf-8"))
    return digest.hexdigest()


_VIEW_NAMES = {"PageView": "page", "ListView": "section", "SiteView": "site", "SiteConfig": "config"}


def _explain(exc: Exception) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        message = exc.message or ""
        attr = re.fullmatch(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'", message)
        if attr:
            owner = _VIEW_NAMES.get(attr.group(1), attr.group(1))
            return f"用到了不存在的变量 {owner}.{attr.group(2)}"
        name = re.fullmatch(r"'(\w+)' is undefined", message)
        if name:
            return f"用到了未定义的变量 {name.group(1)}"
        return f"用到了不存在的变量（{message}）"
    return f"{type(exc).__name__}: {exc}"
