"""A minimal Wagtail project running wagtail-lms, for ``manage.py bench_courses``.
The command copies this folder to a scratch folder as the package ``wlms_bench`` and
runs it with a virtual environment of its own; nothing here is imported by Cradle."""
