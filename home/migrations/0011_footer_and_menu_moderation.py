"""The footer text and the main menu go through the "Moderator approval" workflow.

Migration 0010 made them draftable (existing rows stay live: `live` defaults to True, and
with no revision Wagtail edits the row itself, so none is created here). This one assigns
the workflow to both models, so the snippet editor offers "Submit to Moderator approval",
and hands out their permissions (home/roles.py): Editors write drafts, Moderators also
publish; Translators keep changing translations (migration 0009) without publishing.
Deleting one stays with superusers: every page shows them.
"""

from django.db import migrations

MODERATION_WORKFLOW_NAME = "Moderator approval"
MODERATED_SNIPPETS = ["footertext", "mainmenu"]
ROLE_ACTIONS = {
    "Editors": ["add", "change", "view"],
    "Moderators": ["add", "change", "view", "publish"],
}


def moderate_snippets(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    workflow = Workflow.objects.get(name=MODERATION_WORKFLOW_NAME)
    for model in MODERATED_SNIPPETS:
        content_type, _ = ContentType.objects.get_or_create(app_label="home", model=model)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
        for role, actions in ROLE_ACTIONS.items():
            group, _ = Group.objects.get_or_create(name=role)
            for action in actions:
                # On a new database Django creates model permissions after all migrations ran.
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("home", "0010_footer_and_menu_drafts")]

    operations = [migrations.RunPython(moderate_snippets, migrations.RunPython.noop)]
