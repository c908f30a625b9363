from datetime import date

import pytest

from portal.workdays.importing import CalendarFileError, decode_calendar_file, parse_calendar_file


def test_parser_reads_rows_and_ignores_header_comments_and_blank_lines():
    text = (
        "date,kind,name\n"
        "# Spring Festival 2027\n"
        "\n"
        "2027-02-06,holiday,Spring Festival\n"
        "  2027-02-14 , workday , Spring Festival make-up day \n"
        '2027-10-01,holiday,"National Day, first day"\n'
    )

    assert parse_calendar_file(text) == [
        (date(2027, 2, 6), "holiday", "Spring Festival"),
        (date(2027, 2, 14), "workday", "Spring Festival make-up day"),
        (date(2027, 10, 1), "holiday", "National Day, first day"),
    ]


def test_parser_accepts_empty_name():
    assert parse_calendar_file("2027-02-06,holiday,\n") == [(date(2027, 2, 6), "holiday", "")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "# comment\n2027-02-06,holiday,Spring Festival\n2027-02-07,holday,Spring Festival\n",
            "line 3: 'holday' is not a kind (holiday, workday)",
        ),
        ("2027-02-30,holiday,Spring Festival\n", "line 1: '2027-02-30' is not a date (YYYY-MM-DD)"),
        ("06/02/2027,holiday,Spring Festival\n", "line 1: '06/02/2027' is not a date (YYYY-MM-DD)"),
        ("2027-02-06,holiday\n", "line 1: expected 3 columns (date,kind,name), found 2"),
        ("2027-02-06,holiday,Spring,Festival\n", "line 1: expected 3 columns (date,kind,name), found 4"),
        ("2027-02-06,holiday,A\n2027-02-06,workday,B\n", "line 2: 2027-02-06 is already given on line 1"),
        ("2027-02-06,holiday,A\ndate,kind,name\n", "line 2: 'date' is not a date (YYYY-MM-DD)"),
        (f"2027-02-06,holiday,{'x' * 201}\n", "line 1: the name is longer than 200 characters"),
    ],
    ids=[
        "unknown-kind",
        "impossible-date",
        "other-date-format",
        "too-few-columns",
        "too-many-columns",
        "repeated-date",
        "header-after-data",
        "name-too-long",
    ],
)
def test_parser_names_the_bad_line(text, message):
    with pytest.raises(CalendarFileError) as caught:
        parse_calendar_file(text)

    assert str(caught.value) == message


def test_decoder_strips_byte_order_mark():
    assert decode_calendar_file("\ufeffdate,kind,name\n".encode()) == "date,kind,name\n"


def test_decoder_rejects_text_that_is_not_utf8():
    with pytest.raises(CalendarFileError, match="not UTF-8"):
        decode_calendar_file("2027-02-06,holiday,春节".encode("gbk"))
