"""Case presentations, as the presenter sees them."""

urlpatterns = []
