#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # Servers set DJANGO_SETTINGS_MODULE=portal.settings.production (see .env.example).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
