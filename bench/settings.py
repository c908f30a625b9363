"""Settings of the benchmark's server: the portal's own (from the environment), plus two baseline views."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
