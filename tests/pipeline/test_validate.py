import pikepdf
import pytest

from pipeline.pdfa import ArchiveInfo, ArchivePage, write_pdfa
from pipeline.validate import preflight, preflight_available, structural, validate
from pipeline.xmp import SOHOA_NS
from tests.pipeline.test_pdfa import image, page

needs_preflight = pytest.mark.skipif(not preflight_available(),
                                     reason="PDFBox Preflight not installed (make system)")
INFO = ArchiveInfo(title="Giấy khai sinh <số 5> & bản sao", source_name="a.png",
                   sha256="cd" * 32, record_type="birth",
                   fields={"full_name": "NGUYỄN THỊ HỒNG NHUNG", "date_of_birth": "2019-03-05"})


def written(tmp_path, level):
    return write_pdfa([ArchivePage(image(), page()), ArchivePage(image("jpeg"), page())], INFO,
                      tmp_path / f"{level}.pdf", level=level)


@pytest.mark.parametrize("level", ["1b", "2b", "2u"])
def test_every_level_passes_the_structural_checks(tmp_path, level):
    result = structural(written(tmp_path, level), level)
    assert result.valid, result.messages


@needs_preflight
def test_preflight_accepts_pdfa_1b(tmp_path):
    result = validate(written(tmp_path, "1b"), "1b")
    assert (result.validator, result.valid) == ("preflight", True), result.messages


@needs_preflight
def test_preflight_rejects_a_file_without_metadata(tmp_path):
    path = written(tmp_path, "1b")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        del pdf.Root.Metadata
        pdf.save(path, force_version="1.4")
    result = preflight(path)
    assert not result.valid and result.messages


def test_structural_checks_catch_what_writers_get_wrong(tmp_path):
    path = written(tmp_path, "2b")
    result = structural(path, "1b")  # a 2b file is not 1b
    assert not result.valid
    joined = " ".join(result.messages)
    assert "does not identify PDF/A-1b" in joined and "PDF 1.4" in joined
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        del pdf.Root.OutputIntents
        pdf.save(path)
    assert "no PDF/A output intent" in " ".join(structural(path, "2b").messages)


def test_xmp_carries_the_record_and_agrees_with_info(tmp_path):
    with pikepdf.open(written(tmp_path, "2b")) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == INFO.title == str(pdf.trailer.Info.Title)
        assert meta[f"{{{SOHOA_NS}}}full_name"] == "NGUYỄN THỊ HỒNG NHUNG"
        assert meta[f"{{{SOHOA_NS}}}recordType"] == "birth"
        assert set(meta["dc:language"]) == {"vi"} and list(meta["dc:creator"]) == ["sohoa"]
        assert list(meta["dc:date"]) == [meta["xmp:CreateDate"]]
        assert "pdfaExtension" in pdf.Root.Metadata.read_bytes().decode()
