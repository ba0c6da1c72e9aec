"""The app the two-server test serves with gunicorn: eventsys from the environment, with the rate
limiter's keys under a prefix of the test run's own (OPS_TEST_LIMITER_PREFIX), so that a run never
meets the counts of a run before it in the shared Redis."""

import os

from eventsys import create_app

app = create_app({"RATELIMIT_KEY_PREFIX": os.environ["OPS_TEST_LIMITER_PREFIX"]})
