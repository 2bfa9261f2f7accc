#!/usr/bin/env python
import sys

if __name__ == "__main__":
    from portal.environment import use_settings

    # Servers set DJANGO_SETTINGS_MODULE=portal.settings.production, in their environment or
    # in .env (as .env.example does); without it, the development settings of `make run`.
    use_settings(default="portal.settings.dev")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
