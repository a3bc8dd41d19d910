"""Two ruled tables side by side (a spread) make one grid of their rules together; they
are told apart by the gap no horizontal rule crosses."""

import cv2
import numpy as np

from ocr.tables import find_grid, rule_masks, side_by_side


def _table(page: np.ndarray, xs: list[int], ys: list[int]) -> None:
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 3)
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 3)


def test_two_tables_side_by_side_are_two_grids():
    page = np.full((2400, 4000), 255, np.uint8)
    _table(page, [100, 400, 900, 1700], [300, 450, 800, 1150, 1500])
    _table(page, [2200, 2500, 3000, 3800], [200, 350, 700, 1050])
    grid = find_grid(*rule_masks(page))
    assert grid is not None and len(grid.xs) == 8
    left, right = side_by_side(page, grid)
    assert (left.xs, left.ys) == ((100, 400, 900, 1700), (300, 450, 800, 1150, 1500))
    assert (right.xs, right.ys) == ((2200, 2500, 3000, 3800), (200, 350, 700, 1050))


def test_one_table_stays_one_grid():
    page = np.full((2400, 4000), 255, np.uint8)
    _table(page, [100, 400, 900, 1700, 2600, 3800], [300, 450, 800, 1150])
    grid = find_grid(*rule_masks(page))
    assert side_by_side(page, grid) == (grid,)
