"""The three roles of the platform. Groups are created by a data migration; code asks
these helpers rather than comparing group names by hand."""

LEARNER = "Learner"
FACILITATOR = "ECHO Facilitator"
ADMINISTRATOR = "Administrator"
ALL_ROLES = (LEARNER, FACILITATOR, ADMINISTRATOR)
# Roles that use the Wagtail admin, and so must have a second factor first.
STAFF_ROLES = (FACILITATOR, ADMINISTRATOR)


def user_is_staff_role(user) -> bool:
    """True for anyone who may use the Wagtail admin (and so needs a second factor)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=STAFF_ROLES).exists()
