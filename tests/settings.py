"""Settings for the test suite: the real settings, with a fixed secret and quiet e-mail."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-this-is-not-a-secret-" + "x" * 20)
os.environ.setdefault("MENTORKIT_VAR_DIR", tempfile.mkdtemp(prefix="mentorkit-tests-"))
os.environ.pop("EMAIL_HOST", None)
os.environ["MENTORKIT_MANIFEST_STATIC"] = "0"

from mentorkit.settings import *  # noqa: E402,F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MENTORKIT_BASE_URL = BASE_URL = "http://testserver"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Argon2 at a cost for tests (tests/hashers.py); test_accounts checks production's hasher.
PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher"]
