from schemas import normalize as norm


def test_dates_become_iso_and_garbage_is_flagged():
    assert norm.iso_date("05/03/2019") == ("2019-03-05", [])
    value, problems = norm.iso_date("O5/O3/2O19")
    assert value == "O5/O3/2O19" and problems


def test_sex_accepts_ocr_case_and_marks():
    assert norm.sex("Nữ") == ("Nữ", [])
    assert norm.sex("NAM") == ("Nam", [])
    assert norm.sex("Nu") == ("Nữ", [])
    assert norm.sex("Nừa")[1]


def test_names_and_numbers():
    assert norm.name("  LÊ   THỊ LAN ") == ("LÊ THỊ LAN", [])
    assert norm.name("LÊ TH1 LAN")[1]
    assert norm.digits("Số: 125") == ("125", [])
    assert norm.book_number("1/2019") == ("01/2019", [])
    assert norm.year("1990.") == ("1990", [])
    assert norm.text("") == (None, [])
