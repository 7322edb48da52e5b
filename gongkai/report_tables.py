"""The annual report's fixed parts and table layouts (2021 format, 2019 trial format), as data: the schema
validates the figures against them, the model checks their arithmetic, the page lays them out."""

from __future__ import annotations

SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")

T3_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计", "总计")
LEGAL_COLUMNS = slice(1, 6)

# (key, label, level): level 0 = 一/二/三/四, 1 = （一）…, 2 = 1．…; key "" = a heading row without numbers.
_T3_HEAD = (
    ("new", "一、本年新收政府信息公开申请数量", 0),
    ("carried_in", "二、上年结转政府信息公开申请数量", 0),
    ("", "三、本年度办理结果", 0),
    ("open", "（一）予以公开", 1),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    ("", "（三）不予公开", 1),
    ("deny_secret", "1．属于国家秘密", 2),
    ("deny_law", "2．其他法律行政法规禁止公开", 2),
    ("deny_safety", "3．危及“三安全一稳定”", 2),
    ("deny_third_party", "4．保护第三方合法权益", 2),
    ("deny_internal", "5．属于三类内部事务信息", 2),
    ("deny_process", "6．属于四类过程性信息", 2),
    ("deny_case_file", "7．属于行政执法案卷", 2),
    ("deny_query", "8．属于行政查询事项", 2),
    ("", "（四）无法提供", 1),
    ("none_not_held", "1．本机关不掌握相关政府信息", 2),
    ("none_need_create", "2．没有现成信息需要另行制作", 2),
    ("none_unclear", "3．补正后申请内容仍不明确", 2),
    ("", "（五）不予处理", 1),
    ("ignore_petition", "1．信访举报投诉类申请", 2),
    ("ignore_repeat", "2．重复申请", 2),
    ("ignore_publication", "3．要求提供公开出版物", 2),
    ("ignore_massive", "4．无正当理由大量反复申请", 2),
    ("ignore_confirm", "5．要求行政机关确认或重新出具已获取信息", 2),
)
T3_ROWS = {
    "2021": _T3_HEAD + (
        ("", "（六）其他处理", 1),
        ("other_no_fix", "1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2),
        ("other_no_fee", "2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
        ("other_other", "3．其他", 2),
        ("total", "（七）总计", 1),
        ("carried_out", "四、结转下年度继续办理", 0),
    ),
    "2019-trial": _T3_HEAD + (
        ("other", "（六）其他处理", 1),
        ("total", "（七）总计", 1),
        ("carried_out", "四、结转下年度继续办理", 0),
    ),
}
T4_GROUPS = (("review", "行政复议"), ("direct", "未经复议直接起诉"), ("after_review", "复议后起诉"))
T4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def t3_keys(fmt: str) -> tuple[str, ...]:
    return tuple(key for key, _, _ in T3_ROWS[fmt] if key)


# Table 2's figures the site also counts (policies it publishes, decisions it shows): entered as the organ's
# own totals (they cover what the website does not show), the site's counts a floor to check them against.
T2_COUNTED_KEYS = ("made_rules", "made_normative", "published_rules", "published_normative", "repealed_rules",
                   "repealed_normative", "in_force_rules", "in_force_normative", "licence_decisions",
                   "penalty_decisions", "coercion_decisions")
T2_EDITOR_KEYS = {
    "2021": ("fees_wan",),
    "2019-trial": ("licence_items_last_year", "licence_items_change", "other_items_last_year", "other_items_change",
                   "other_decisions", "penalty_items_last_year", "penalty_items_change", "coercion_items_last_year",
                   "coercion_items_change", "fee_items_last_year", "fee_items_change", "procurement_count",
                   "procurement_total_wan"),
}
