"""Search arguments are checked when the query is made: each out-of-range value is an
``InvalidQuery`` naming it and its range, before any backend sees it."""

from datetime import date

import pytest

from index.base import MAX_LIMIT, PLAUSIBLE_YEARS, RESULT_WINDOW, InvalidQuery, SearchQuery

LOW, HIGH = PLAUSIBLE_YEARS


@pytest.mark.parametrize(("kw", "message"), [
    ({"offset": 1_000_000_000}, "offset must be between 0 and 9,990 (offset + limit at most "
                                "10,000), not 1,000,000,000"),
    ({"offset": 9_600, "limit": 401}, "offset must be between 0 and 9,599"),
    ({"offset": -1}, "offset must be between 0"),
    ({"limit": 0}, "limit must be between 1 and 500, not 0"),
    ({"limit": MAX_LIMIT + 1}, "limit must be between 1 and 500"),
    ({"born_to": date(9999, 12, 31)}, "born to must be a date between 1800 and 2200, "
                                      "not 9999-12-31"),
    ({"born_from": date(1, 1, 1)}, "born from must be a date between 1800 and 2200"),
    ({"born_from": date(2001, 1, 1), "born_to": date(2000, 1, 1)},
     "born from (2001-01-01) is after born to (2000-01-01)"),
    ({"registration_year": 9223372036854775808}, "year must be between 1800 and 2200"),
    ({"registration_year": -5}, "year must be between 1800 and 2200, not -5"),
])
def test_out_of_range_arguments_are_refused_with_their_range(kw, message):
    with pytest.raises(InvalidQuery) as caught:
        SearchQuery("nguyen", **kw)
    assert message in str(caught.value)


def test_the_bounds_themselves_are_allowed():
    q = SearchQuery("nguyen", offset=RESULT_WINDOW - MAX_LIMIT, limit=MAX_LIMIT,
                    born_from=date(LOW, 1, 1), born_to=date(HIGH, 12, 31), registration_year=HIGH)
    assert q.pool == RESULT_WINDOW  # what a backend is asked for, at most
    assert SearchQuery("nguyen", limit=10).pool == 30  # shallow pages: 3 x for re-ranking
