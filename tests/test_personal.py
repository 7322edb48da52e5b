"""personal: a citizen's ID number, mobile, bank card and address in the forms people write them; ordinary long
numbers (a 文号, a credit code, a case number, an office phone) are left alone."""

from __future__ import annotations

import pytest

from gongkai.personal import find_personal_data, id_number, luhn

ID = "11010119900307109X"  # a made-up number with a valid date and check digit
CARD = "6222021234567890128"  # passes the Luhn check


def what(text: str, natural: bool = True, ids_only: bool = False) -> list[str]:
    return [f.what for f in find_personal_data(text, natural, ids_only)]


def test_the_made_up_numbers_are_valid():
    assert id_number(ID) and id_number("510321198001011233") and luhn(CARD)


@pytest.mark.parametrize("written", [
    ID, ID.lower(), "110101 19900307 109X", "110101-1990-0307-109X", "1101 0119 9003 0710 9X",
    "１１０１０１１９９００３０７１０９Ｘ", "110101\u200b19900307\u200b109X", "110101－19900307－109X",
    "510321800101123",  # the old 15-digit form: born 1980-01-01
])
def test_an_id_number_is_found_in_every_written_form(written):
    assert what(f"当事人身份证号：{written}。") == ["身份证号"], written
    assert "身份证号" in what(f"附件：{written}.pdf", ids_only=True)


@pytest.mark.parametrize("text", [
    "11010119900307109Y",  # wrong letter
    "110101199003077712",  # wrong check digit
    "110101199013077718",  # month 13
    "统一社会信用代码 91510321MA62X7Y12Q", "荣府办发〔2019〕12号", "案号 2019051032100012345678",
    "110101 1990-0307 109X",  # separators of two kinds: not one number
    "510321001300123",  # a 15-digit registration number: no birth date in it
])
def test_other_numbers_are_not_ids(text):
    assert "身份证号" not in what(text), text


@pytest.mark.parametrize("written", ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678",
                                     "+8613812345678", "0086-138-1234-5678", "１３８１２３４５６７８"])
def test_a_mobile_is_found_in_every_written_form(written):
    assert what(f"联系电话 {written}。") == ["手机号码"], written


@pytest.mark.parametrize("text", ["办公电话 0813-6102345", "热线 12345", "邮编 643100", "共计 1381234567 元"])
def test_office_numbers_are_not_mobiles(text):
    assert what(text) == [], text


@pytest.mark.parametrize("written", [CARD, "6222 0212 3456 7890 128", "6222-0212-3456-7890-128", "4111111111111111"])
def test_a_bank_card_is_found_in_groups_of_four(written):
    assert what(f"卡号 {written}。") == ["银行卡号"], written


def test_a_long_number_failing_the_luhn_check_is_not_a_card():
    assert what("流水号 6222021234567890123") == []


@pytest.mark.parametrize("text", ["住旭阳镇人民路12号", "住长山镇新城路十二号", "家住长山村三组", "住长山村3组"])
def test_a_home_address_of_a_natural_person_in_figures_or_chinese_numerals(text):
    assert what(text) == ["家庭住址"] and what(text, natural=False) == []


def test_ids_only_leaves_office_phones_and_accounts_alone():
    assert what(f"联系电话 13812345678，账号 {CARD}，身份证号 {ID}", ids_only=True) == ["身份证号"]


def test_the_message_shows_the_number_masked():
    finding, = find_personal_data(f"身份证 {ID}", True)
    assert ID not in finding.text and finding.text.startswith("110") and finding.text.endswith("09X")


@pytest.mark.parametrize("ids_only", [True, False])
def test_an_id_glued_to_a_letter_or_digit_is_part_of_another_code_and_one_glued_to_chinese_is_not(ids_only):
    assert what(f"编号A{ID}", False, ids_only) == [] and what(f"编号9{ID}", False, ids_only) == []
    assert what(f"编号{ID}X", False, ids_only) == [] and what(f"号{ID}号", False, ids_only) == ["身份证号"]
    assert what(f"号{ID[:-1]}", False, ids_only) == []  # 17 digits: neither form
