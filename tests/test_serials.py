from gongkai.serials import Serials


def test_a_count_means_every_serial_up_to_it():
    serials = Serials.parse("15")
    assert serials.top == 15 and 1 in serials and 15 in serials and 16 not in serials
    assert serials.text() == "15" and Serials.parse("0").top == 0


def test_a_list_keeps_its_gaps_and_round_trips():
    serials = Serials.parse("1-3, 7，9 - 12")
    assert list(serials.each()) == [1, 2, 3, 7, 9, 10, 11, 12]
    assert 5 not in serials and serials.missing_below_top() == 4
    assert serials.text() == '"1-3, 7, 9-12"' and Serials.parse(serials.text().strip('"')) == serials
    assert serials.add(4, 5, 6, 8).text() == "12"  # filled in: a bare count again


def test_anything_else_is_refused():
    for text in ("", "x", "3-1", "0-4", "1-2-3", "1, , 2", "100000"):
        assert Serials.parse(text) is None, text
