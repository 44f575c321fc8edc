import factory
from allauth.account.models import EmailAddress

from django.contrib.auth.models import Group

from lms.models import LearnerProfile, User

PASSWORD = "a-Strong-passw0rd!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(
                user=self,
                email=self.email,
                verified=extracted is not False,
                primary=True,
            )

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=extracted or "Learner"))


class LearnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerProfile

    user = factory.SubFactory(UserFactory)
    certificate_name = factory.LazyAttribute(lambda o: o.user.get_full_name())
    discipline = "social_work"
    county = "Tulsa"


def staff_user(role: str, **kwargs) -> User:
    """A facilitator or administrator who has set up an authenticator app, as the
    admin requires."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(role=role, **kwargs)
    TOTP.activate(user, generate_totp_secret())
    return user
