"""`manage.py reset_two_factor USERNAME`: for someone who lost their phone and their
recovery codes. Their authenticator and codes are deleted; they set up a new one at their
next sign-in (or may sign in with a password alone if two-factor is not required of them)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from django_otp import devices_for_user


class Command(BaseCommand):
    help = "Remove a person's authenticator app and recovery codes so they can set them up again."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account has the username {username!r}.")
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        self.stdout.write(f"Removed {removed} two-factor device(s) of {username}.")
