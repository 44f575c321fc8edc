from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Create demo content and one account per role. Idempotent: run it as often "
        "as you like."
    )

    def handle(self, *args, **options):
        for dotted_path in settings.DEMO_SEEDERS:
            for line in import_string(dotted_path)():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
