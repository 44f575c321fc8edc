"""The learner's own ECHO addresses, under /my-echo/: the private calendar feed and
the case presentations they submitted. A series' own addresses (register, withdraw,
session pages, its public feed, a new case) hang off its page (see models.py)."""

from .views.cases import urlpatterns as case_patterns
from .views.feeds import urlpatterns as feed_patterns

app_name = "echo"

urlpatterns = [*feed_patterns, *case_patterns]
