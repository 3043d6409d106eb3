"""Makes sure a local admin login exists; a new one gets a generated password, printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the local admin user with a generated password if it does not exist yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin login '{username}' exists; its password was printed when it was created "
                f"(reset it with: manage.py changepassword {username})."
            )
            return
        password = secrets.token_urlsafe(16)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin login '{username}' with password: {password}\n"
                "It is shown only this once; keep it somewhere safe."
            )
        )
