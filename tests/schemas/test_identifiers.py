from schemas.identifiers import check_personal_id, make_personal_id


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
