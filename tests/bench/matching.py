"""The matching solver beside independent checks: `python -m tests.bench.matching`.

Three random problems, seeded so the figures repeat:

- 300 mentees × 120 mentors with capacities 1–4, every pair scored;
- 2,000 × 800 with each mentee's 40 best candidates (80,000 pairs), capacities 1–4, which
  the solver should answer within 2 s;
- 300 × 300 with capacity 1, every pair scored, beside the pure-Python Hungarian method of
  the `munkres` package, which the solver should beat by at least 100×.

The first two are checked against the optimum of the linear-programming relaxation of the
pair variables, solved by HiGHS (`linprog`); it is integral for this problem, so the totals
must be equal. The third is checked against munkres's total. Each problem is read through
`parse_problem`, as `mentorkit match solve` reads its file; "read s" is that time.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass

import numpy as np

SEED = 16  # the number
TIME_TARGET_S = 2.0
SPEEDUP_TARGET = 100.0


@dataclass
class Row:
    problem: str
    pairs: int
    read_s: float
    solver_s: float
    total: float
    matched: int
    solver: str
    check: str
    check_s: float
    check_total: float
    target: str = ""
    meets: bool | None = None

    @property
    def equal(self) -> bool:
        return abs(self.total - self.check_total) <= 1e-6 * max(1.0, abs(self.check_total))

    @property
    def speedup(self) -> float:
        return self.check_s / self.solver_s


def as_json(scores: np.ndarray, capacities: np.ndarray, mask: np.ndarray | None = None) -> dict:
    """The problem as `mentorkit match solve` would read it: mentees e0…, mentors m0…."""
    rows, columns = np.nonzero(np.ones_like(scores, dtype=bool) if mask is None else mask)
    return {
        "mentees": [{"id": f"e{i}"} for i in range(scores.shape[0])],
        "mentors": [{"id": f"m{j}", "capacity": int(c)} for j, c in enumerate(capacities)],
        "scores": [
            {"mentee": f"e{i}", "mentor": f"m{j}", "score": float(scores[i, j])}
            for i, j in zip(rows.tolist(), columns.tolist(), strict=True)
        ],
    }


def lp_optimum(problem) -> float:
    """The LP relaxation: max Σ s·x, each mentee's x ≤ 1, each mentor's ≤ capacity, 0 ≤ x ≤ 1."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_array

    mentees = {m.id: i for i, m in enumerate(problem.mentees)}
    mentors = {m.id: j for j, m in enumerate(problem.mentors)}
    n = len(problem.scores)
    rows = [mentees[s.mentee] for s in problem.scores] + [
        len(mentees) + mentors[s.mentor] for s in problem.scores
    ]
    matrix = coo_array((np.ones(2 * n), (rows, [*range(n), *range(n)]))).tocsr()
    limits = [m.slots for m in problem.mentees] + [m.capacity for m in problem.mentors]
    result = linprog(
        -np.array([s.score for s in problem.scores]),
        A_ub=matrix,
        b_ub=limits,
        bounds=(0, 1),
        method="highs",
    )
    assert result.status == 0, result.message
    return -result.fun


def munkres_total(scores: np.ndarray) -> float:
    """The best assignment's total by munkres (pure Python), as costs 1 - score."""
    from munkres import Munkres

    pairs = Munkres().compute((1.0 - scores).tolist())
    return float(sum(scores[i, j] for i, j in pairs))


def measure(name: str, data: dict, check: str, check_total, repeat: int = 3) -> Row:
    """Read and solve `data` (the median of `repeat` solves), then run `check_total` once."""
    from mentorkit.matching.solver import parse_problem, solve

    started = time.perf_counter()
    problem = parse_problem(data)
    read_s = time.perf_counter() - started
    timings, solution = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        solution = solve(problem)
        timings.append(time.perf_counter() - started)
    assert solution is not None and solution.optimal
    started = time.perf_counter()
    checked = check_total(problem)
    check_s = time.perf_counter() - started
    return Row(
        problem=name,
        pairs=len(problem.scores),
        read_s=read_s,
        solver_s=statistics.median(timings),
        total=solution.total,
        matched=len(solution.assignments),
        solver=solution.solver,
        check=check,
        check_s=check_s,
        check_total=checked,
    )


def measure_all() -> list[Row]:
    """The three problems, generated in this order from one seeded generator."""
    rng = np.random.default_rng(SEED)
    lp = "HiGHS LP"
    dense = rng.random((300, 120))
    dense_row = measure(
        "300 × 120 dense, capacity 1–4",
        as_json(dense, rng.integers(1, 5, 120)),
        lp,
        lp_optimum,
    )

    affinity = rng.random((2000, 800))
    best = np.argpartition(-affinity, 40, axis=1)[:, :40]
    mask = np.zeros_like(affinity, dtype=bool)
    np.put_along_axis(mask, best, True, axis=1)
    sparse_row = measure(
        "2,000 × 800, 40 candidates each",
        as_json(affinity, rng.integers(1, 5, 800), mask),
        lp,
        lp_optimum,
    )
    sparse_row.target = f"≤ {TIME_TARGET_S:g} s, ="
    sparse_row.meets = sparse_row.solver_s <= TIME_TARGET_S and sparse_row.equal

    square = rng.random((300, 300))
    square_row = measure(
        "300 × 300 dense, capacity 1",
        as_json(square, np.ones(300, dtype=int)),
        "munkres",
        lambda _problem: munkres_total(square),
        repeat=5,
    )
    square_row.target = f"≥ {SPEEDUP_TARGET:g}× faster, ="
    square_row.meets = square_row.speedup >= SPEEDUP_TARGET and square_row.equal
    return [dense_row, sparse_row, square_row]


def print_section(rows: list[Row]) -> int:
    """Print the matching table; return how many targets were missed."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 180)
    table = Table(title=f"Matching: the exact solver beside an independent check (seed {SEED})")
    columns = ("problem", "pairs", "read s", "solver s", "total", "matched", "check")
    columns += ("check s", "check total", "equal", "× faster", "target", "met")
    for column in columns:
        left = column in ("problem", "check")
        table.add_column(column, justify="left" if left else "right", no_wrap=True)
    missed = 0
    for r in rows:
        missed += r.meets is False
        table.add_row(
            r.problem,
            f"{r.pairs:,}",
            f"{r.read_s:.2f}",
            f"{r.solver_s:.3f}",
            f"{r.total:.6f}",
            f"{r.matched:,}",
            r.check,
            f"{r.check_s:.2f}",
            f"{r.check_total:.6f}",
            "yes" if r.equal else "[bold red]NO[/bold red]",
            f"{r.speedup:,.0f}×",
            r.target,
            {True: "yes", False: "[bold red]NO[/bold red]", None: ""}[r.meets],
        )
    console.print(table)
    solvers = ", ".join(dict.fromkeys(r.solver for r in rows))
    console.print(
        f"Solver: {solvers}. Solver s: the median of 3 solves (5 for 300 × 300) of the problem "
        "already read; each check ran once: the LP relaxation of the pair variables (HiGHS, "
        "linprog), munkres's pure-Python Hungarian method. "
        + (f"{missed} matching target(s) missed." if missed else "Every matching target met.")
    )
    return missed


def main() -> int:
    """Only the matching figures: no database, no server. `--strict`: exit 1 on a miss."""
    missed = print_section(measure_all())
    return 1 if missed and "--strict" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
