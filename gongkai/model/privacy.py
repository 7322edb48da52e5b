"""No page publishes a citizen's ID number: every document's title, summary, body and attachments (their
names, titles and, for CSV, TXT and DOCX files, the text load read) are looked at, whatever the kind.
Decisions get the full guard in enforcement.py."""

from __future__ import annotations

from gongkai.documents import DecisionMeta, Document
from gongkai.invisible import visible
from gongkai.personal import find_personal_data
from gongkai.problems import Problems

HINT = "删除或改写这部分内容；个人身份证号、电话、银行账号、住址一律不公开"


def check_written_ids(doc: Document, problems: Problems) -> None:
    """The document's own title, summary and body (a decision's are guarded in enforcement.py)."""
    if isinstance(doc.meta, DecisionMeta):
        return
    for key in ("title", "summary"):
        for finding in find_personal_data(getattr(doc.meta, key, "") or "", False, ids_only=True):
            problems.error("GK366", doc.label, doc.line(key), f"含有不得公开的{finding.what}“{finding.text}”",
                           HINT, key=key)
    body = visible(doc.body)
    for finding in find_personal_data(body, False, ids_only=True):
        problems.error("GK366", doc.label, doc.body_line + body.count("\n", 0, finding.offset),
                       f"正文含有不得公开的{finding.what}“{finding.text}”", HINT)


def check_attachment_ids(docs: tuple[Document, ...], problems: Problems, assets: tuple = ()) -> None:
    """Every document's attachments: their names, titles and the text load read of them."""
    texts = {asset.src_path: asset.text for asset in assets}
    for doc in docs:
        decision = isinstance(doc.meta, DecisionMeta)
        natural = decision and doc.meta.target_type != "法人及非法人组织"
        for number, attachment in enumerate(getattr(doc.meta, "attachments", ()), start=1):
            content = texts.get(attachment.src_path, "")
            for part, text in (("文件名", attachment.src_path.name), ("标题", attachment.title), ("内容", content)):
                for finding in find_personal_data(text, natural, ids_only=not decision):
                    problems.error("GK366", doc.label, doc.line("attachments"),
                                   f"第 {number} 个附件的{part}含有不得公开的{finding.what}“{finding.text}”",
                                   "给附件文件改名、改写附件标题，去掉个人信息", key="attachments", label="附件")
