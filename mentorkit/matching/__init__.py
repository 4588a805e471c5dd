"""Matching mentees with mentors: an exact solver anyone can check.

`problem.py` says what a matching problem is and refuses a malformed one, `solver.py` solves
it (the public surface: `parse_problem`, `solve`, `blocking_pairs`, `solution_to_dict`),
`stable.py` holds the stable mode and `cli.py` the command `mentorkit match solve`. None of
them needs Django's settings or a database: the command runs them on a JSON file, and a
program's matching round builds a `Problem` from its own scores.
"""
