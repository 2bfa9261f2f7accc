"""The portal's roles (Editors, Moderators, Translators) and its one moderation workflow.

Wagtail's own first migrations create Editors and Moderators and a "Moderators approval"
workflow on the root page; this migration makes them exactly what the portal needs (see
home/roles.py for the table) instead of adding groups beside them. Running it again on a
site where an administrator changed a group resets that group to the table.
"""

from django.db import migrations

# Frozen here (a migration must not change when the code does); home/roles.py explains it.
MODERATION_WORKFLOW_NAME = "Moderator approval"
WAGTAIL_DEFAULT_WORKFLOW_NAME = "Moderators approval"

ROLE_PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page"],
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Translators": ["change_page"],
}
ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")
ROLE_MODEL_PERMISSIONS = {
    "Editors": [ADMIN_ACCESS],
    "Moderators": [ADMIN_ACCESS],
    "Translators": [ADMIN_ACCESS, ("wagtail_localize", "translation", "submit_translation")],
}
ROLE_COLLECTION_PERMISSIONS = {
    "Editors": [
        ("wagtailimages", "image", ["add_image", "choose_image"]),
        ("wagtaildocs", "document", ["add_document", "choose_document"]),
    ],
    "Moderators": [
        ("wagtailimages", "image", ["add_image", "change_image", "delete_image", "choose_image"]),
        (
            "wagtaildocs",
            "document",
            ["add_document", "change_document", "delete_document", "choose_document"],
        ),
    ],
    "Translators": [
        ("wagtailimages", "image", ["choose_image"]),
        ("wagtaildocs", "document", ["choose_document"]),
    ],
}


def get_permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # On a new database Django creates model permissions only after all migrations ran,
    # so a permission this migration hands out may not exist yet.
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def set_up_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    for role, page_codenames in ROLE_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)

        group.permissions.set(
            [get_permission(apps, *spec) for spec in ROLE_MODEL_PERMISSIONS[role]]
        )

        GroupPagePermission.objects.filter(group=group).delete()
        for codename in page_codenames:
            GroupPagePermission.objects.create(
                group=group,
                page=root_page,
                permission=get_permission(apps, "wagtailcore", "page", codename),
            )

        GroupCollectionPermission.objects.filter(group=group).delete()
        for app_label, model, codenames in ROLE_COLLECTION_PERMISSIONS[role]:
            for codename in codenames:
                GroupCollectionPermission.objects.create(
                    group=group,
                    collection=root_collection,
                    permission=get_permission(apps, app_label, model, codename),
                )


def set_up_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    moderators = Group.objects.get(name="Moderators")
    workflow = (
        Workflow.objects.filter(name=MODERATION_WORKFLOW_NAME).first()
        or Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW_NAME).first()
        or Workflow(name=MODERATION_WORKFLOW_NAME)
    )
    workflow.name = MODERATION_WORKFLOW_NAME
    workflow.active = True
    workflow.save()

    task = GroupApprovalTask.objects.filter(
        name__in=[MODERATION_WORKFLOW_NAME, WAGTAIL_DEFAULT_WORKFLOW_NAME]
    ).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=MODERATION_WORKFLOW_NAME,
            active=True,
            content_type=ContentType.objects.get_or_create(
                app_label="wagtailcore", model="groupapprovaltask"
            )[0],
        )
    task.name = MODERATION_WORKFLOW_NAME
    task.active = True
    task.save()
    task.groups.set([moderators])

    # The workflow has this one step: a moderator approves or asks for changes.
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    # Assigned to the root, the workflow covers every page of every site and language.
    root_page = Page.objects.get(depth=1)
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    WorkflowPage.objects.exclude(page=root_page).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_alter_standardpage_body"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RunPython(set_up_roles, migrations.RunPython.noop),
        migrations.RunPython(set_up_workflow, migrations.RunPython.noop),
    ]
