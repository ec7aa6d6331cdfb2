"""Settings for the test suite: development mode, fast hashing, files under a temp dir."""

import os
import tempfile

os.environ.setdefault("STOCKTAKE_ENV", "development")
os.environ.setdefault("STOCKTAKE_SECRET_KEY", "tests-only-not-a-secret")
# Background tasks run at once, in the test; tests of queuing set the dummy backend, and the
# worker tests start real `db_worker` processes on the database backend.
os.environ.setdefault("STOCKTAKE_TASK_BACKEND", "immediate")
# No test starts LibreOffice unless it is marked `pdf` (the root conftest turns it on for
# those, and fails any other test that tries to run it).
os.environ.setdefault("STOCKTAKE_PDF_CONVERTER", "none")
os.environ.setdefault("STOCKTAKE_MEDIA_ROOT", tempfile.mkdtemp(prefix="stocktake-media-"))

from stocktake.settings import *  # noqa: F403

# Each pytest-xdist worker keeps its files in a folder of its own: the workers inherit one
# media folder from the process that started them but each has its own database, so two of
# them would otherwise write different files to one path (extract 5 of authority 1). Derived,
# not random, so a `db_worker` a test starts (same environment) finds the same folder.
if os.environ.get("PYTEST_XDIST_WORKER"):
    MEDIA_ROOT = MEDIA_ROOT / os.environ["PYTEST_XDIST_WORKER"]  # noqa: F405
    MEDIA_ROOT.mkdir(parents=True, exist_ok=True)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
STATICFILES_DIRS = [d for d in STATICFILES_DIRS if d[1].exists()]  # noqa: F405
# Find static files when asked rather than scanning every one each time a test client starts
# (the scan of node_modules cost ~0.3s per test).
WHITENOISE_AUTOREFRESH = True
# On SQLite the tests use a database file, as the app does, not Django's shared in-memory
# database: in memory, a page read while a report thread writes fails with "database table
# is locked" at once, where a file in WAL mode (see settings) lets readers carry on.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="stocktake-test-db-"), "test.sqlite3")
    }
# Sessions in the process's memory rather than the database: a test signs in thousands of
# times, and each sign-in saved, cycled and re-read a session row (a tenth of the suite's
# time). The app keeps no state of its own in sessions and never reads the session table.
SESSION_ENGINE = "django.contrib.sessions.backends.cache"

# PostgreSQL: a test's commit need not wait for the server to flush its log to disk (a
# crash of the test server loses nothing anyone needs). Commits are most of the work of the
# tests that commit (the worker, the migration walk, making each database).
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
