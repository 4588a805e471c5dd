"""The world of the round tests, for every module of tests/matching."""

from tests.matching.test_rounds import cohort  # noqa: F401
