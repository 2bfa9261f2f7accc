"""The movement's terms with their agreed Welsh, and who may change the glossary.

Moderators agree the terms (add, change, delete); Translators read them in the admin and
beside the text in wagtail-localize's editor. Terms that exist already are left alone, so
running it again loses no change made in the admin.
"""

from django.db import migrations

# (term, meaning for translators, agreed Welsh, note)
TERMS = [
    (
        "CLP",
        "Constituency Labour Party: the party's local organisation in a constituency.",
        "CLP",
        "Keep the English initials; spell it out once as Plaid Lafur Etholaeth.",
    ),
    ("Constituency Labour Party", "", "Plaid Lafur Etholaeth", ""),
    (
        "shadow CLP",
        "Members of a suspended CLP who keep meeting and organising.",
        "CLP cysgodol",
        "",
    ),
    (
        "NEC",
        "National Executive Committee of the Labour Party.",
        "NEC",
        "Keep the English initials; spell it out once as Pwyllgor Gwaith Cenedlaethol.",
    ),
    ("National Executive Committee", "", "Pwyllgor Gwaith Cenedlaethol", ""),
    (
        "witch-hunt",
        "The purge of socialists from the party by suspensions and expulsions.",
        "helfa wrachod",
        "",
    ),
    ("purge", "", "carthiad", ""),
    (
        "working group",
        "A thematic group of members (press, racism, disabilities...).",
        "gweithgor",
        "Plural: gweithgorau.",
    ),
    ("convenor", "The member who calls a group's meetings and answers for it.", "cynullydd", ""),
    ("suspension", "", "ataliad", "Suspended: wedi'i atal."),
    ("expulsion", "", "diarddeliad", "Expelled: wedi'i ddiarddel."),
    ("branch", "The party's ward-level organisation.", "cangen", ""),
    ("coffee morning", "An informal members' meeting over coffee.", "bore coffi", ""),
    ("open meeting", "A meeting any member may attend, usually online.", "cyfarfod agored", ""),
    ("member", "", "aelod", ""),
]
GLOSSARY_PERMISSIONS = {
    "Moderators": [
        "add_glossaryterm",
        "change_glossaryterm",
        "delete_glossaryterm",
        "view_glossaryterm",
    ],
    "Translators": ["view_glossaryterm"],
}


def add_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("home", "GlossaryTerm")
    GlossaryTranslation = apps.get_model("home", "GlossaryTranslation")
    for term, meaning, welsh, note in TERMS:
        entry, created = GlossaryTerm.objects.get_or_create(
            term=term, defaults={"meaning": meaning}
        )
        if created:
            GlossaryTranslation.objects.create(
                term=entry, language_code="cy", translation=welsh, note=note, sort_order=0
            )


def grant_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="glossaryterm")
    for group_name, codenames in GLOSSARY_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            # On a new database Django creates model permissions after all migrations ran.
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": codename.replace("_", " ").capitalize()},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("home", "0007_glossary")]

    operations = [
        migrations.RunPython(add_terms, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
