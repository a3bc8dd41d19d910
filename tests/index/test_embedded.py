from index.embedded import EmbeddedIndex
from tests.index.test_contract import rec


def test_index_folder_stays_bounded_over_many_commits(tmp_path):
    idx = EmbeddedIndex(tmp_path / "i")
    for n in range(30):
        idx.upsert([rec("d1", f"NGUYỄN VĂN {n}")], document_ids=["d1"])
    generation = (tmp_path / "i" / "current").resolve()
    assert idx.count() == 1
    assert len(list(generation.iterdir())) < 40  # obsolete segments are garbage-collected


def test_rebuild_swaps_generations_and_removes_the_old_one(tmp_path):
    idx = EmbeddedIndex(tmp_path / "i")
    old = (tmp_path / "i" / "current").resolve()
    gen = idx.begin_rebuild()
    idx.add_to(gen, [rec("d1", "A B")])
    idx.commit_rebuild(gen)
    assert (tmp_path / "i" / "current").resolve().name == gen
    assert not old.exists()
    assert EmbeddedIndex(tmp_path / "i").count() == 1  # a new process sees the new generation
