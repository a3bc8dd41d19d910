import pytest

from schemas.places import correct_address


@pytest.mark.parametrize("printed,expected", [
    ("xã Ea Kly, huyện Krông Đắc, tỉnh Đắk Lắk", "xã Ea Kly, huyện Krông Pắc, tỉnh Đắk Lắk"),
    ("Ủy ban nhân dân xã Quynh Lưu, huyện Nho Quan, tỉnh Ninh Bình",
     "Ủy ban nhân dân xã Quỳnh Lưu, huyện Nho Quan, tỉnh Ninh Bình"),
    ("xã Đồng Hưng, huyện Tiên Lãng, tỉnh Hải Phòng",
     "xã Đông Hưng, huyện Tiên Lãng, tỉnh Hải Phòng"),
    ("Trạm y tế xã Thanh Phong, huyện Như Xuân, tỉnh Thanh Hoa",
     "Trạm y tế xã Thanh Phong, huyện Như Xuân, tỉnh Thanh Hóa"),
])
def test_ocr_errors_in_unit_names_are_undone(printed, expected):
    assert correct_address(printed) == expected


@pytest.mark.parametrize("printed", [
    "xã Ea Kly, huyện Krông Pắc, tỉnh Đắk Lắk",  # already right
    "xã Thanh Phong, huyện Yên Định, tỉnh Nghệ An",  # no such district there: left alone
    "xã Atlantis, huyện Như Xuân, tỉnh Thanh Hóa",  # no such commune: left alone
    "thôn 3, Buôn Ma Thuột",  # no unit words
    "",
])
def test_what_the_gazetteer_cannot_confirm_is_left_as_printed(printed):
    assert correct_address(printed) == printed


def test_a_commune_is_only_matched_inside_its_own_district():
    # Hòa Tiến exists in Hòa Vang (Đà Nẵng) and in Krông Pắc (Đắk Lắk); Hoa Tien in Như
    # Xuân must not become either of them.
    printed = "xã Hoa Tien, huyện Như Xuân, tỉnh Thanh Hóa"
    assert correct_address(printed) == printed


def test_a_town_and_a_district_of_one_name_are_told_apart_by_the_printed_unit():
    # The gazetteer says "Cao Lãnh (Huyện)" and "Cao Lãnh (Thành phố)"; addresses do not.
    assert correct_address("xã Mỹ Hiêp, huyện Can Lãnh, tỉnh Đồng Tháp") == \
        "xã Mỹ Hiệp, huyện Cao Lãnh, tỉnh Đồng Tháp"


def test_a_unit_word_printed_with_capitals_of_its_own_is_kept_as_printed():
    # "Thành Phố", "Thị Trấn" as the gazetteer writes them (indgen dev seeds 23, 24, 25)
    for printed in ("phường Đồng Phú, Thành Phố Đồng Hới, tỉnh Quảng Bình",
                    "Thị Trấn Óc Eo, huyện Thoại Sơn, tỉnh An Giang"):
        assert correct_address(printed) == printed
    assert correct_address("Thành phô Đồng Hới, tỉnh Quảng Bình").startswith("Thành phố")


@pytest.mark.parametrize("read, printed", [
    # indgen dev seeds 77, 79 (death tables): the unit under the commune opening a residence
    ("KhU DHố 11, xã Tây Sơn, huyện Kỳ Sơn, tỉnh Nghệ An",
     "Khu phố 11, xã Tây Sơn, huyện Kỳ Sơn, tỉnh Nghệ An"),
    ("TO tần PHO số 13, xã Tây Sơn, huyện Kỳ Sơn, tỉnh Nghệ An",
     "Tổ dân phố số 13, xã Tây Sơn, huyện Kỳ Sơn, tỉnh Nghệ An"),
    ("TỔ 13, xã Thượng Hòa, huyện Nho Quan, tỉnh Ninh Bình",
     "Tổ 13, xã Thượng Hòa, huyện Nho Quan, tỉnh Ninh Bình"),
    # K read k (seeds 74, 81, 82): the unit opens a place's name, printed with a capital
    ("khu phố 4, xã Hùng Tiến, huyện Mỹ Đức, thành phố Hà Nội",
     "Khu phố 4, xã Hùng Tiến, huyện Mỹ Đức, thành phố Hà Nội"),
    # a unit word's first letter read twice (seed 75)
    ("Buôn Ea Kmar, Xxã Thái Phương, huyện Hưng Hà, tỉnh Thái Bình",
     "Buôn Ea Kmar, xã Thái Phương, huyện Hưng Hà, tỉnh Thái Bình"),
    # a capital after a small letter in a unit word (seed 76)
    ("xã Gia Tiến, huyện Gia Lộc, tỉnH Hải Dương", "xã Gia Tiến, huyện Gia Lộc, tỉnh Hải Dương"),
])
def test_a_misread_unit_word_opening_or_in_an_address_is_spelled_as_printed(read, printed):
    assert correct_address(read) == printed


@pytest.mark.parametrize("text", [
    "Tô Hiệu, xã Tây Sơn, huyện Kỳ Sơn, tỉnh Nghệ An",  # a street, not "Tổ"
    "Thôn Đông, xã Tây Sơn, huyện Kỳ Sơn, tỉnh Nghệ An",
])
def test_an_address_opening_with_no_misread_unit_is_kept(text):
    assert correct_address(text) == text


@pytest.mark.parametrize("printed,expected", [
    # specks read after the province: nothing follows it in an address (indgen dev seed 40)
    ("Ấp 14, xã Triệu Tài, huyện Triệu Phong, tỉnh Quảng trì ra Í",
     "Ấp 14, xã Triệu Tài, huyện Triệu Phong, tỉnh Quảng Trị"),
    # the province's unit word read "L1nh" (t read L, i read 1; dev seed 35)
    ("Số 4, đường Nguyễn Du, xã Ngọc Biên, huyện Trả Cũ, L1nh Trà Vinh",
     "Số 4, đường Nguyễn Du, xã Ngọc Biên, huyện Trà Cú, tỉnh Trà Vinh"),
    # a hospital named after its province, the province misread (dev seed 40)
    ("Bệnh viện Đa khoa Quảng TI", "Bệnh viện Đa khoa Quảng Trị"),
    ("Bệnh viện Đa khoa Quảng Tr1", "Bệnh viện Đa khoa Quảng Trị"),
    ("Bệnh viện Đa khoa Quảng Trì", "Bệnh viện Đa khoa Quảng Trị"),
])
def test_a_province_misread_past_its_name_is_taken_back(printed, expected):
    assert correct_address(printed) == expected


@pytest.mark.parametrize("printed", [
    "Bệnh viện Chợ Rẫy", "Bệnh viện Nhi Trung ương", "Bệnh viện Đa khoa huyện Triệu Phong",
    "Bệnh viện Bạch Mai", "thôn Linh Trà Vinh", "xã Ea Kly, huyện Krông Pắc, tỉnh Đắk Lắk",
    "tỉnh Quảng Trị Hải Lăng",  # a word of three letters or more after it is no speck
])
def test_hospitals_and_provinces_not_misread_are_left_as_printed(printed):
    assert correct_address(printed) == printed


@pytest.mark.parametrize("printed,expected", [
    # a house number and street with their case or marks misread (indgen dev seeds 55, 59)
    ("SỐ 232, đƯờng Hùng Vương, xã Nam Thắng, huyện Nam Trực, tỉnh Nam Định",
     "Số 232, đường Hùng Vương, xã Nam Thắng, huyện Nam Trực, tỉnh Nam Định"),
    ("SỐ 115, DƯƠNG Nguyễn Du, thị trấn Thạnh Hóa, huyện Thạnh Hóa, tỉnh Long An",
     "Số 115, đường Nguyễn Du, thị trấn Thạnh Hóa, huyện Thạnh Hóa, tỉnh Long An"),
    ("Số 3, Dương Quảng Hàm", "Số 3, Dương Quảng Hàm"),  # a street named Dương: kept
    ("số 4, đường Nguyễn Du", "số 4, đường Nguyễn Du"),
])
def test_a_house_number_and_street_are_spelled_as_printed(printed, expected):
    assert correct_address(printed) == expected
