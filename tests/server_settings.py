"""Settings for the servers tests start in processes of their own: the test settings, plus the bare endpoint
through which `bench.load.serve` sees that every worker is up."""

from config.settings_test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
