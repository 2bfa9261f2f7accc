"""Guards for the places where the portal leans on a package's internals: each fails, and
says what to check, when an upgrade changes what the portal copied or relies on."""

import hashlib
from pathlib import Path

import wagtail_localize

from tests.support.paths import PROJECT_DIR

# The content block of this template of wagtail-localize 1.14.5 is copied, with the
# glossary and the "Submit to Moderator approval" button added, into
# templates/wagtail_localize/admin/edit_translation.html.
UPSTREAM_EDITOR_TEMPLATE = "templates/wagtail_localize/admin/edit_translation.html"
UPSTREAM_EDITOR_TEMPLATE_SHA256 = "52b849c00b09876c0fb0e7314a762f1eebb1c4212120828c61c1350a301a5ba7"


def test_the_copied_translation_editor_template_matches_the_installed_wagtail_localize():
    installed = Path(wagtail_localize.__file__).parent / UPSTREAM_EDITOR_TEMPLATE
    digest = hashlib.sha256(installed.read_bytes()).hexdigest()
    assert digest == UPSTREAM_EDITOR_TEMPLATE_SHA256, (
        "wagtail-localize's edit_translation.html has changed: compare its content block "
        f"with {PROJECT_DIR / UPSTREAM_EDITOR_TEMPLATE}, bring the changes over, then "
        "update UPSTREAM_EDITOR_TEMPLATE_SHA256 here."
    )
