"""A signer's title with a short mixed-case head read off the seal (indgen dev seed 89)."""

import pytest

from schemas.normalize import signer_title


def test_a_mixed_case_head_off_the_seal_goes() -> None:
    assert signer_title("nG. CHỦ TỊCH")[0] == "CHỦ TỊCH"


@pytest.mark.parametrize("title", ["KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN",
                                   "Q. CHỦ TỊCH", "Chủ tịch"])
def test_authority_prefixes_and_titles_in_small_letters_stay(title: str) -> None:
    assert signer_title(title)[0] == title
