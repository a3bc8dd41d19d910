"""The labelled generator tells the truth about its own people: identity numbers agree with
the birth dates printed beside them, and one seed gives the same bytes (a PDF too)."""

from __future__ import annotations

import random
import re

from pipeline.samples import generate
from pipeline.samples.register import register_page
from schemas.identifiers import check_personal_id


def test_marriage_register_ids_agree_with_the_birth_dates():
    """(Labelled blocks print the identity papers; the tables do not.)"""
    checked = 0
    for seed in range(40):
        _, entries = register_page(random.Random(seed), "marriage", "blocks", 5)
        for entry in entries:
            for who, sex in (("husband", "Nam"), ("wife", "Nữ")):
                found = re.search(r"\d{12}", entry.get(f"{who}_id_document") or "")
                if not found:
                    continue
                born = int(entry[f"{who}_date_of_birth"][:4])
                assert check_personal_id(found.group(), sex=sex, year=born) == [], entry
                checked += 1
    assert checked > 100


def test_one_seed_gives_the_same_bytes_in_every_format(tmp_path):
    kinds = ("birth", "register-table")
    for out in (tmp_path / "a", tmp_path / "b"):
        generate(out, 4, seed=9, degradation="mixed", formats=("pdf", "png", "tif", "jpg"),
                 kinds=kinds)
    for first in sorted((tmp_path / "a").iterdir()):
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes(), first.name
