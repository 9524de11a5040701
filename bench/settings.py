"""Settings for benchmark runs: the project's own settings, with what a load test needs changed."""

from config.settings import *  # noqa: F403

# Adds the bare reference endpoint beside the project's own URLs.
ROOT_URLCONF = "bench.urls"
# Measure the production configuration, not the debug toolbar of errors and query logging.
DEBUG = False
# The load generator reaches the server on the loopback interface only.
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Every benchmark request comes from one loopback address: the public lookup must not throttle it.
MOTCUA_LOOKUP_PER_MINUTE = 10**9
