"""The portal's roles: Django groups created by migration 0003, named here for the code.

What each role may do (the migration grants exactly this, on the root page and the root
collection, so it covers every site, language and page type):

- Editors: pages add, change (drafts they submit to the workflow); images and documents
  add, choose; admin access.
- Moderators: pages add, change, publish, lock, unlock; images and documents add, change,
  delete, choose; admin access; they alone read form submissions (wagtail_hooks.py).
- Translators: pages change (translations stay drafts); images and documents choose;
  admin access; wagtail-localize's "submit translation".

Nobody but a superuser manages users and groups. Publishing (and so unpublishing and
scheduling) is the Moderators' alone; what Editors and Translators write waits in the
"Moderator approval" workflow.
"""

EDITORS = "Editors"
MODERATORS = "Moderators"
TRANSLATORS = "Translators"
MODERATION_WORKFLOW_NAME = "Moderator approval"


def is_moderator(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=MODERATORS).exists())
