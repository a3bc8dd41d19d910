"""Re-ranking shared by every backend (index.base): how entries are ordered."""

from index.base import SearchQuery, name_similarity, text_similarity

REGISTER = ("345 17/07/2006 TRẦN HOÀI 22/05/2006 Nữ Thái Việt Nam Xóm 8, xã Pa Vây\n"
            "QUYÊN Sử, huyện Phong Thổ")
DECISION = ("Ủy ban nhân dân thị trấn Phú Hòa\nCăn cứ Luật Tổ chức chính quyền địa phương")


def test_a_name_side_by_side_in_the_text_scores_above_one_wrapped_above_boilerplate():
    tokens = SearchQuery("tran hoai quyn").tokens
    side_by_side = text_similarity(tokens, "1 TRẦN HOÀI QUYÊN 12/03/2019 Nữ")
    wrapped = text_similarity(tokens, REGISTER)
    scattered = text_similarity(tokens, DECISION)
    assert side_by_side > wrapped > scattered > 0
    assert text_similarity(tokens, "TRẦN HOÀI") == 0  # a word missing: no score


def test_an_extracted_name_outranks_the_same_name_in_page_text():
    tokens = SearchQuery("tran hoai quyn").tokens
    assert name_similarity("", {"full_name": "TRẦN HOÀI QUYÊN"}, tokens) > text_similarity(
        tokens, "1 TRẦN HOÀI QUYÊN 12/03/2019 Nữ")


def test_two_syllables_read_as_one_score_as_the_typed_name_in_order():
    tokens = SearchQuery("nguen anh tuyet").tokens
    joined = name_similarity("", {"full_name": "NGUYỄN ANHTUYẾT"}, tokens)
    assert joined > name_similarity("", {"full_name": "NGUYỄN TUYẾT ANH"}, tokens)
    assert name_similarity("", {"full_name": "NGUYỄN ANH TUYẾT"}, tokens) >= joined
