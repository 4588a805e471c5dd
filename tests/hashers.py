"""Password hashing for the suite: Argon2 at a test's cost."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's Argon2 with the smallest cost argon2 accepts: a hash in microseconds.

    Production's costs a third of a second a hash, on purpose; the suite signs in, signs up
    and loads the demo dozens of times. The algorithm and the format stay Argon2's.
    """

    time_cost = 1
    memory_cost = 8
    parallelism = 1
