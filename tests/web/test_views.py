"""Search parameters to the index's query, and highlights rendered safely."""

from datetime import date

import pytest

from web.render import boxstyle, marks, qs
from web.views import BadFilter, form_fields, search_query


def test_the_page_builds_the_same_query_as_the_cli():
    q = search_query({"q": "nguyen van an", "type": "birth", "place": "Thanh Phong",
                      "year": "2019", "book": "01/2019", "born_from": "2019-01-01",
                      "born_to": "2019-12-31"}, limit=20, offset=40, ui=True)
    assert (q.text, q.record_type, q.commune, q.registration_year, q.book_number) == (
        "nguyen van an", "birth", "Thanh Phong", 2019, "01/2019")
    assert (q.born_from, q.born_to) == (date(2019, 1, 1), date(2019, 12, 31))
    assert (q.limit, q.offset, q.facets, q.count, q.highlight) == (20, 40, True, True, True)
    plain = search_query({"q": "an"})
    assert not plain.facets and not plain.highlight and plain.count


@pytest.mark.parametrize("params", [{"year": "2019a"}, {"born_from": "2019-02-30"},
                                    {"type": "passport"}])
def test_bad_filters_are_refused_with_a_reason(params):
    with pytest.raises(BadFilter):
        search_query(params)


def test_highlights_are_marked_and_everything_else_escaped():
    html = str(marks("«NGUYỄN» <script>alert(1)</script> VĂN"))
    assert html.startswith("<mark>NGUYỄN</mark>")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_query_strings_and_overlay_positions():
    assert qs({"q": "lê", "type": ""}, offset=20) == "q=l%C3%AA&offset=20"
    assert boxstyle("1.000 2.000 3.000 4.000") == "left:1.000%;top:2.000%;width:3.000%;height:4.000%"
    assert boxstyle(None) == "display:none"


def test_posted_values_empty_means_none_and_line_ends_are_kept():
    form = {"f_a": "  x ", "f_b": "", "f_c": "KT. CHỦ TỊCH\r\nPHÓ CHỦ TỊCH", "other": "1"}
    assert form_fields(form, ["a", "b", "c", "d"]) == {
        "a": "x", "b": None, "c": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"}
