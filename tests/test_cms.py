"""The 编辑后台's configuration is generated from the field tables: every required field is in its form, and
whatever the form can produce, the build accepts."""

from __future__ import annotations

import json
import re
from datetime import date

import yaml

from conftest import copy_example, run_build
from gongkai.cms_backend import handle
from gongkai.config_file import load_config
from gongkai.fields import Computed
from gongkai.problems import Problems
from gongkai.documents import KIND_LABELS
from gongkai.render.cms import NOT_IN_FORMS
from gongkai.schema import kind_fields


KIND_OF = {label: kind for kind, label in KIND_LABELS.items()}


def admin_config(root, name="config.yml") -> dict:
    return yaml.safe_load((root / "site/admin" / name).read_text("utf-8"))


def test_every_folder_is_a_collection_with_every_required_field(tmp_path):
    root = copy_example(tmp_path / "rongxian")
    result = run_build(root)
    assert result.written, result.problems.report()
    config = load_config(root, Problems())
    cms = admin_config(root)
    assert cms["locale"] == "zh_Hans" and cms["backend"]["name"] == "proxy"  # site.yml names no Git server
    folders = {c["folder"]: c for c in cms["collections"]}
    assert set(folders) == {p.parent.relative_to(root).as_posix() for p in (root / "content").rglob("_index.md")} - {"content"}
    for folder, collection in folders.items():
        kind = KIND_OF[collection["label_singular"]]
        fields = {f["name"]: f for f in collection["fields"]}
        wanted = {s.key for s in kind_fields(kind, config)
                  if s.required and not isinstance(s.type, Computed) and s.key not in NOT_IN_FORMS and s.key != "index_no"}
        assert wanted <= {name for name, f in fields.items() if f["required"]}, (folder, wanted)
        assert all(re.fullmatch(r"[\u4e00-\u9fff（）、A-Za-z0-9 /]+", f["label"]) for f in fields.values()), folder
        assert fields["body"]["widget"] == "markdown" and collection["media_folder"] == ""  # attachments beside
    items = {f["name"]: f for f in folders["content/xxgk/fdzdgknr"]["fields"]}
    assert [o["value"] for o in items["topic"]["options"]] == list(config.topic_names())
    assert [o["value"] for o in items["validity"]["options"]] == ["有效", "失效", "废止", "已修改"]
    assert {o["value"] for o in items["organ"]["options"]} == {o.short for o in config.organs}
    assert {"2019-一-三", "2019-五-三"} <= {o["value"] for o in items["plan_task"]["options"]}
    assert items["created"]["format"] == "YYYY-MM-DD" and items["published"]["format"] == "YYYY-MM-DD HH:mm"
    assert not items["index_no"]["required"]  # the ledger gives it when the form first saves the file
    assert {"czys-2019.md", "zcwj/wfgz-2019.md"} <= {o["value"] for o in items["superseded_by"]["options"]}
    interpretations = {f["name"]: f for f in folders["content/xxgk/fdzdgknr/zcjd"]["fields"]}
    assert {o["value"] for o in interpretations["interprets"]["options"]} == {
        "../zcwj/wfgz-2019.md", "../zcwj/khbf-2020.md", "../zcwj/wfgz-2016.md"}  # policies only, as paths from there
    # the preview's variant edits the project folder, whatever Git server the published one names
    assert admin_config(root, "config.local.yml")["backend"] == {"name": "proxy", "proxy_url": "/admin/api/v1",
                                                                 "branch": "main"}


def sample(field: dict, n: int, spec=None):
    """A value the form could hold for this field, as the CMS writes it: a text the field's pattern admits is the
    field's own example, which the pattern is checked to admit."""
    widget = field["widget"]
    if widget == "select":
        value = field["options"][n % len(field["options"])]["value"]
        return [value] if field.get("multiple") else value
    if widget == "boolean":
        return False
    if widget == "number":
        return field.get("min", 0) if field.get("min", 0) > 0 else 1
    if widget == "datetime":
        return "2020-03-2%d 09:30" % (n % 9) if "HH" in field["format"] else "2020-03-1%d" % (n % 9)
    if widget == "list" and "fields" in field:
        inner = {s.key: s for s in getattr(spec.type, "specs", ())} if spec is not None else {}
        return [{f["name"]: sample(f, n, inner.get(f["name"])) for f in field["fields"] if f["required"]}]
    if widget == "list":
        return ["政务公开"]
    if widget == "object":
        return None
    pattern = field.get("pattern")
    if pattern:
        example = spec.type.example if spec is not None else ""
        assert re.fullmatch(pattern[0].replace("(?<", "(?P<"), example), (field["name"], pattern, example)
        return example
    return "测试内容"


def test_what_the_forms_can_produce_the_build_accepts(tmp_path):
    """Each collection's form, filled with what its widgets allow (every required field, and the optional ones
    that are choices, dates or numbers), saved through the local backend as the CMS saves: the build refuses
    no field of any of them."""
    root = copy_example(tmp_path / "rongxian")
    run_build(root)
    saved = []
    config = load_config(root, Problems())
    for n, collection in enumerate(admin_config(root)["collections"]):
        specs = {s.key: s for s in kind_fields(KIND_OF[collection["label_singular"]], config)}
        front = {}
        for field in collection["fields"]:
            if field["name"] in ("body", "slug", "draft", "expires", "updated", "columns", "superseded_by",
                                 "interpretations", "source") or field["widget"] == "object":
                continue
            value = sample(field, n, specs.get(field["name"]))
            if value is not None and (field["required"] or field["widget"] in ("select", "datetime", "number")):
                front[field["name"]] = value
        if "title" not in front:
            continue
        front["title"] = f"表单保存的测试{n}"
        raw = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n正文。\n"
        path = f"{collection['folder']}/cms-form-{n}.md"
        status, answer = handle(root, json.dumps({"action": "persistEntry", "params": {
            "entry": {"path": path, "raw": raw, "slug": f"cms-form-{n}"}, "assets": []}}).encode(), date(2020, 3, 31))
        assert status == 200, answer
        saved.append(path)
    result = run_build(root, write=False)
    by_field = [p for p in result.problems.items if p.path in saved and p.code[:3] in ("GK1", "GK2")]
    assert not by_field, "\n".join(p.format() for p in by_field)
    assert len(saved) > 20


def test_the_preview_variant_differs_only_where_site_yml_names_a_git_server(make_site, monkeypatch):
    """Without a Git server both files name the preview's own backend: one configuration, made once (the forms
    list every folder of the site: at 10,000 items, 0.05 s a build)."""
    import gongkai.render.cms as cms

    made = []
    real = cms.cms_config
    monkeypatch.setattr(cms, "cms_config", lambda site, local=False: made.append(local) or real(site, local))
    root = make_site()
    assert run_build(root).written
    assert made == [False]
    assert (root / "site/admin/config.yml").read_bytes() == (root / "site/admin/config.local.yml").read_bytes()
    assert admin_config(root)["backend"]["name"] == "proxy"

    site_yml = root / "site.yml"
    site_yml.write_text(site_yml.read_text("utf-8") + "cms:\n  backend: gitlab\n  repo: zwgk/rongxian-site\n"
                        "  base_url: https://git.rongxian.gov.cn\n  editorial_workflow: true\n", "utf-8")
    made.clear()
    result = run_build(root)
    assert result.written, result.problems.report()
    assert made == [False, True]
    published, local = admin_config(root), admin_config(root, "config.local.yml")
    assert published["backend"]["name"] == "gitlab" and published["publish_mode"] == "editorial_workflow"
    assert local["backend"]["name"] == "proxy" and "publish_mode" not in local
    assert {k: v for k, v in published.items() if k not in ("backend", "publish_mode")} == \
        {k: v for k, v in local.items() if k != "backend"}
