"""依申请公开: the page that tells how to apply (from the guide) and the application form, as a printable table
and as a Word file made at build time (Art. 27–29: who may apply, what an application holds, how it is sent)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

from gongkai.config import Channel
from gongkai.documents import GuideMeta
from gongkai.model.urls import APPLY_FORM, apply_url, out_path
from gongkai.render.views import Link, Output

# The form's rows: (heading of a block, ((label, label), …)): two label–blank pairs a row, as the county forms are.
APPLICANT_PERSON = (("姓名", "证件名称"), ("证件号码", "联系电话"), ("工作单位", "电子邮箱"))
APPLICANT_ORG = (("名称", "统一社会信用代码"), ("法定代表人", "联系人姓名"), ("联系人电话", "电子邮箱"))
FORMS = ("纸质文本", "电子邮件", "光盘", "其他")
WAYS = ("邮寄", "快递", "电子邮件", "当面领取", "现场查阅")


@dataclass(frozen=True)
class ApplicationView:
    """What the page and the Word form share."""

    office: str
    address: str
    hours: str
    phone: str
    fax: str
    email: str
    online: tuple[Channel, ...]  # the 依申请公开 platforms site.yml declares
    how: str
    contents: str
    time_limits: str
    fees: str
    remedies: str
    form: Link  # the Word file
    guide: Link
    person: tuple = APPLICANT_PERSON
    org: tuple = APPLICANT_ORG
    forms: tuple = FORMS
    ways: tuple = WAYS


def application_view(guide: GuideMeta, guide_link: Link, channels: tuple[Channel, ...]) -> ApplicationView:
    url = apply_url(guide_link.url)
    return ApplicationView(guide.office_name, guide.address, guide.hours, guide.phone, guide.fax, guide.email, channels,
                           guide.apply_how, guide.apply_contents, guide.time_limits, guide.fees, guide.remedies,
                           Link("政府信息公开申请表（可编辑的文档）", url + APPLY_FORM), guide_link)


def application_outputs(view: ApplicationView, html: str | None, origin: str, updated) -> list[Output]:
    url = apply_url(view.guide.url)
    outputs = [Output(out_path(view.form.url), origin, "data", data=application_docx(view, updated))]
    if html is not None:
        outputs.append(Output(out_path(url), origin, "apply", data=html.encode()))
    return outputs


def application_docx(view: ApplicationView, updated) -> bytes:
    """The form as a .docx: the same blocks as the page, dated by the guide so that a rebuild gives the same bytes."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    stamp = datetime(updated.year, updated.month, updated.day)
    doc.core_properties.created = doc.core_properties.modified = stamp
    doc.core_properties.title = "政府信息公开申请表"
    doc.core_properties.author = view.office
    doc.core_properties.last_modified_by = view.office
    doc.core_properties.revision = 1
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "SimSun", Pt(11)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run("政府信息公开申请表")
    run.bold, run.font.size = True, Pt(18)
    doc.add_paragraph(f"受理机关：{view.office}")
    table = doc.add_table(rows=0, cols=5)
    table.style = "Table Grid"

    def block(title: str, pairs: tuple) -> None:
        for index, (left, right) in enumerate(pairs):
            cells = table.add_row().cells
            if index == 0:
                cells[0].text = title
            cells[1].text, cells[3].text = left, right
        table.cell(len(table.rows) - len(pairs), 0).merge(table.cell(len(table.rows) - 1, 0))

    block("申请人（公民）", APPLICANT_PERSON)
    block("申请人（法人或者其他组织）", APPLICANT_ORG)
    block("通信", (("通信地址", "邮政编码"),))
    for label, text in (("所需政府信息的名称、文号或者便于查询的其他特征性描述", "\n\n\n"),
                        ("获取信息的方式", "　".join("□" + f for f in FORMS)),
                        ("获取信息的途径", "　".join("□" + w for w in WAYS)),
                        ("申请人签名（盖章）", "　　　　　　　　申请日期：　　年　　月　　日")):
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].merge(cells[4]).text = text
    doc.add_paragraph()
    doc.add_paragraph("填表和提交说明").runs[0].bold = True
    for text in (view.contents, view.how, view.time_limits, view.fees):
        for line in filter(None, (line.strip() for line in text.splitlines())):
            doc.add_paragraph(line)
    contact = f"受理机构：{view.office}；地址：{view.address}；办公时间：{view.hours}；电话：{view.phone}；传真：{view.fax}；电子邮箱：{view.email}"
    doc.add_paragraph(contact)
    for channel in view.online:
        doc.add_paragraph(f"网上申请：{channel.name} {channel.url}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """python-docx stamps each zip entry with the time of saving: the same form must give the same file."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, item.external_attr
            target.writestr(fixed, source.read(item.filename))
    return out.getvalue()
