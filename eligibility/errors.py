"""The project's one exception tree.

    CourteEchelleError                 every error the engine raises on purpose
    ├── InputError (ValueError)        bad data: a file, a row, a request body; holds every problem
    │   └── RuleError                  a rule that does not parse or type-check; holds the position
    └── AllocationError                the allocator could not produce a verified result
        ├── SolverError                the solver failed, timed out with nothing, or said infeasible
        └── VerificationError          a result broke a budget, cap, window, need or lineage sum

Foreign errors (pandas, PuLP, JSON) are re-raised as one of these with ``raise ... from exc``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class CourteEchelleError(Exception):
    """Base of every error the engine raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what was expected."""

    source: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class InputError(CourteEchelleError, ValueError):
    """Input that cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the input"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its problems when it crosses a process (a worker's error): the default
        # would pass the message text, one character per problem.
        return (InputError, (self.problems,))


class RuleError(InputError):
    """A rule that does not parse or does not type-check, with the 0-based position."""

    def __init__(self, message: str, *, text: str, position: int, source: str = "rule") -> None:
        self.text = text
        self.position = position
        self.reason = message
        pointer = f"{text}\n{' ' * position}^"
        super().__init__([Problem(source=source, message=f"{message} at position {position}")])
        self.args = (f"{message} at position {position}:\n{pointer}",)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (_rule_error, (self.reason, self.text, self.position, self.problems[0].source))


class AllocationError(CourteEchelleError):
    """The allocator could not produce a verified result."""


class SolverError(AllocationError):
    """The solver failed, stopped with no solution, or reported the model infeasible."""


class VerificationError(AllocationError):
    """An allocation broke a rule the independent verifier checks; never returned silently."""

    def __init__(self, failures: Iterable[str]) -> None:
        self.failures: tuple[str, ...] = tuple(failures)
        super().__init__(
            "the allocation failed independent verification:\n"
            + "\n".join(f"  - {f}" for f in self.failures)
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (VerificationError, (self.failures,))


def _rule_error(reason: str, text: str, position: int, source: str) -> RuleError:
    return RuleError(reason, text=text, position=position, source=source)
