"""A mixed-integer linear model held as arrays, independent of any solver.

Rows are stored as coordinates (row, column, value) with lower and upper bounds; the adapter in
``allocator.solve`` hands the same arrays to HiGHS in memory or to CBC through PuLP.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

INF = float("inf")


@dataclass(frozen=True)
class LinearModel:
    """``max or min c·v`` subject to ``row_lower <= A v <= row_upper`` and column bounds."""

    objective: np.ndarray
    maximize: bool
    col_lower: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray

    @property
    def num_cols(self) -> int:
        """Number of variables."""
        return len(self.objective)

    @property
    def num_rows(self) -> int:
        """Number of constraints."""
        return len(self.row_lower)

    def with_objective(self, objective: np.ndarray, *, maximize: bool) -> LinearModel:
        """The same constraints under another objective."""
        return replace(self, objective=np.asarray(objective, dtype=np.float64), maximize=maximize)

    def with_row(self, coefficients: np.ndarray, *, lower: float, upper: float) -> LinearModel:
        """The model with one more constraint ``lower <= coefficients·v <= upper``."""
        dense = np.asarray(coefficients, dtype=np.float64)
        support = np.flatnonzero(dense)
        row = self.num_rows
        return replace(
            self,
            rows=np.concatenate([self.rows, np.full(len(support), row, dtype=np.int64)]),
            cols=np.concatenate([self.cols, support.astype(np.int64)]),
            values=np.concatenate([self.values, dense[support]]),
            row_lower=np.append(self.row_lower, lower),
            row_upper=np.append(self.row_upper, upper),
        )

    def with_fixed(self, columns: np.ndarray, values: np.ndarray) -> LinearModel:
        """The model with some columns fixed to given values."""
        lower = self.col_lower.copy()
        upper = self.col_upper.copy()
        lower[columns] = values
        upper[columns] = values
        return replace(self, col_lower=lower, col_upper=upper)

    def relaxed(self) -> LinearModel:
        """The LP relaxation: every integer column made continuous."""
        return replace(self, integer=np.zeros(self.num_cols, dtype=bool))

    @property
    def is_mip(self) -> bool:
        """True when some column must take an integer value."""
        return bool(self.integer.any())


class ModelBuilder:
    """Collects columns and rows as arrays, then freezes them into a LinearModel."""

    def __init__(self) -> None:
        self._lower: list[np.ndarray] = []
        self._upper: list[np.ndarray] = []
        self._integer: list[np.ndarray] = []
        self._rows: list[np.ndarray] = []
        self._cols: list[np.ndarray] = []
        self._values: list[np.ndarray] = []
        self._row_lower: list[np.ndarray] = []
        self._row_upper: list[np.ndarray] = []
        self.num_cols = 0
        self.num_rows = 0

    def add_columns(self, *, lower: np.ndarray, upper: np.ndarray, integer: bool) -> np.ndarray:
        """Add a block of columns; returns their indices."""
        count = len(lower)
        self._lower.append(np.asarray(lower, dtype=np.float64))
        self._upper.append(np.asarray(upper, dtype=np.float64))
        self._integer.append(np.full(count, integer, dtype=bool))
        first = self.num_cols
        self.num_cols += count
        return np.arange(first, first + count, dtype=np.int64)

    def add_rows(self, *, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
        """Add a block of empty rows; returns their indices."""
        count = len(lower)
        self._row_lower.append(np.asarray(lower, dtype=np.float64))
        self._row_upper.append(np.asarray(upper, dtype=np.float64))
        first = self.num_rows
        self.num_rows += count
        return np.arange(first, first + count, dtype=np.int64)

    def add_entries(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None:
        """Add coefficients ``A[rows, cols] = values`` (coordinates must be distinct)."""
        self._rows.append(np.asarray(rows, dtype=np.int64))
        self._cols.append(np.asarray(cols, dtype=np.int64))
        self._values.append(np.asarray(values, dtype=np.float64))

    def build(self, objective: np.ndarray, *, maximize: bool) -> LinearModel:
        """Freeze into a LinearModel with the given objective."""

        def cat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

        return LinearModel(
            objective=np.asarray(objective, dtype=np.float64),
            maximize=maximize,
            col_lower=cat(self._lower, np.float64),
            col_upper=cat(self._upper, np.float64),
            integer=cat(self._integer, bool),
            rows=cat(self._rows, np.int64),
            cols=cat(self._cols, np.int64),
            values=cat(self._values, np.float64),
            row_lower=cat(self._row_lower, np.float64),
            row_upper=cat(self._row_upper, np.float64),
        )
