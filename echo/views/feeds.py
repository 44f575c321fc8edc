"""Calendar feeds: the public one per series, the private one per learner, and
the invitation for one session."""

urlpatterns = []
