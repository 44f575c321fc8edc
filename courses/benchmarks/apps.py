from django.apps import AppConfig


class CoursesBenchConfig(AppConfig):
    """The plain page the lesson page is measured against. Installed only by
    ``lms.settings.bench``."""

    name = "courses.benchmarks"
    label = "courses_bench"
    verbose_name = "Courses benchmark"
    default_auto_field = "django.db.models.BigAutoField"
