"""``make bench``: a realistic data set, load on every main page through gunicorn,
Redis and a Celery worker, and the report in docs/benchmarks.md. Installed only in
``lms.settings.bench``; nothing outside this package imports it."""
