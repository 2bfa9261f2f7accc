"""For migrations that move a model from one app to another, keeping its table and rows."""

from django.db import migrations


def move_content_types(from_app, to_app, model_names):
    """Rename the moved models' content types instead of letting new ones be created, so
    the permissions granted on them, their admin history and any generic relation stay."""

    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in model_names:
            # A type made for the new app before this ran (none in a normal upgrade).
            ContentType.objects.filter(app_label=to_app, model=model).delete()
            ContentType.objects.filter(app_label=from_app, model=model).update(app_label=to_app)

    def backwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=to_app, model__in=model_names).update(
            app_label=from_app
        )

    return migrations.RunPython(forwards, backwards)
