"""The portal's roles: Django groups created by home's migration 0004, named here for the code.

What each role may do (the migration grants exactly this, on the root page and the root
collection, so it covers every site, language and page type):

- Editors: pages add, change (drafts they submit to the workflow); images and documents
  add, choose; admin access; the footer text and main menu add, change (drafts too,
  migration 0011).
- Moderators: pages add, change, publish, lock, unlock; images and documents add, change,
  delete, choose; admin access; they alone read form submissions (wagtail_hooks.py); the
  footer text and main menu add, change, publish (migration 0011).
- Translators: pages change (translations stay drafts); images and documents choose;
  admin access; wagtail-localize's "submit translation"; the glossary, to read (migration
  0007, which also lets Moderators add, change and delete its terms); the translations
  of the visitor-facing snippets, to change (migration 0009; wagtail_hooks.py keeps them
  off the default-language originals). The footer and menu translations they change wait
  for a moderator; the other snippets (categories, people, aims) have no moderation.

Nobody but a superuser manages users and groups. Publishing (and so unpublishing and
scheduling) is the Moderators' alone; what Editors and Translators write waits in the
"Moderator approval" workflow.
"""

EDITORS = "Editors"
MODERATORS = "Moderators"
TRANSLATORS = "Translators"
MODERATION_WORKFLOW_NAME = "Moderator approval"


def is_moderator(user):
    """Asked by many parts of an admin page (menus, buttons, the queue): the answer is kept
    on the user object, which lives for one request."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_portal_is_moderator"):
        user._portal_is_moderator = user.groups.filter(name=MODERATORS).exists()
    return user._portal_is_moderator


def is_only_translator(user):
    """A Translator and nothing more: may change snippets' translations, not their originals."""
    if not user.is_active or user.is_superuser:
        return False
    return set(user.groups.values_list("name", flat=True)) == {TRANSLATORS}


def may_delete(user, page):
    """Deletion is narrower than Wagtail's default, which lets anyone who may change a page
    delete drafts written by others, and lets anyone who may publish delete live pages.

    Here a live page (or a tree holding one) is deleted only by a superuser: a moderator
    unpublishes it first, which can be undone. Drafts are deleted by moderators, and by
    their own author when nobody else's page is among them.
    """
    if user.is_superuser:
        return True
    pages = page.get_descendants(inclusive=True)
    if pages.live().exists():
        return False
    if is_moderator(user):
        return True
    return not pages.exclude(owner=user).exists()
