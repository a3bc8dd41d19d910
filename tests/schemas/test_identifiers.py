from schemas.identifiers import check_personal_id, make_personal_id, province_slip


def test_well_formed_id_agrees_with_sex_and_year():
    pid = make_personal_id("038", 2019, "Nữ", 1234)
    assert pid == "038319001234"
    assert check_personal_id(pid, sex="Nữ", year=2019) == []


def test_id_disagreeing_with_record_is_reported():
    pid = make_personal_id("001", 1990, "Nam", 5)
    problems = check_personal_id(pid, sex="Nữ", year=1991)
    assert any("sex" in p for p in problems)
    assert any("birth year" in p for p in problems)


def test_malformed_ids():
    assert check_personal_id("12345") == ["personal id must be 12 digits"]
    assert any("province" in p for p in check_personal_id("003219001234"))
    assert any("century" in p for p in check_personal_id("001919001234"))


def test_a_province_code_misread_is_taken_back_and_flagged():
    # a 0 read 6 (indgen dev seeds 25, 33): every province code starts 0
    from schemas import normalize as norm
    from schemas.identifiers import province_slip

    assert province_slip("679193198691")[0] == "079193198691"
    assert province_slip("679193198691")[1]  # a problem: the record is reviewed
    assert province_slip("079193198691") == ("079193198691", [])
    value, problems = norm.id_document("Căn cước công dân số 642075275992, do Cục Cảnh sát "
                                       "QLHC về TTXH cấp ngày 29/08/2018")
    assert "số 042075275992," in value and problems
    assert norm.personal_id("944322854795")[0] == "044322854795"
    assert norm.personal_id("066323135062mm") == ("066323135062", [])  # leader junk


def test_a_province_codes_leading_zero_read_as_six_eight_or_nine_is_taken_back():
    """indgen seeds 32, 35: "072319689231" read "972319689231", "026194339331" inside an
    identity paper read "626194339331". Province codes are 001-096."""
    from schemas import normalize as norm

    assert province_slip("972319689231")[0] == "072319689231"
    assert province_slip("072319689231") == ("072319689231", [])  # known code: as read
    value, problems = norm.personal_id("972319689231")
    assert value == "072319689231" and problems  # reviewed
    value, problems = norm.id_document("Căn cước công dân số 626194339331 do Bộ Công an cấp "
                                       "ngày 07/09/2017")
    assert "số 026194339331 do" in value and problems
