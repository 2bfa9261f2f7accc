"""Where a server's configuration comes from: the process's environment, then `.env`.

Read here for both the settings (`portal/settings/base.py`) and `manage.py`, which must
know DJANGO_SETTINGS_MODULE before any settings load: an operator who writes it in `.env`
only (as `.env.example` does) gets the production settings for every command, not the
development ones, whatever the shell has exported.
"""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
DOTENV_PATH = BASE_DIR / ".env"


def read_dotenv():
    """Copy the variables of `.env` (if there is one) that the process has not set."""
    environ.Env.read_env(DOTENV_PATH, overwrite=False)


def use_settings(default):
    """Point Django at DJANGO_SETTINGS_MODULE from the environment or `.env`, else `default`.

    An empty value counts as unset, as everywhere in the settings (a copied `.env.example`
    leaves values empty)."""
    read_dotenv()
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        os.environ["DJANGO_SETTINGS_MODULE"] = default
