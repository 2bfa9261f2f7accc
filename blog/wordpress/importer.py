"""A parsed WordPress export written into the portal: people, categories, media, pages,
posts and a permanent redirect for every old address, in one transaction.

Every run is matched against the records of the previous ones (WordPressImport), so it
creates what is new, updates what changed on WordPress, and leaves alone both what did
not change and what an editor has changed on the portal since.
"""

import dataclasses
import datetime
import hashlib
import json
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection, Locale, Page, PageLogEntry, Revision, Site
from wagtail.signals import page_published

import lxml.html
from lxml import etree

from blog.models import (
    BlogCategory,
    BlogIndexPage,
    BlogPage,
    BlogPageTag,
    Person,
    WordPressImport,
)
from home.models import StandardPage

from .content import Converter
from .report import Report

logger = logging.getLogger(__name__)

EDITORIAL_LOGINS = {"", "admin", "administrator"}
UNCATEGORISED = {"uncategorized", "uncategorised"}
SKIPPED_STATUSES = {
    "trash": gettext_lazy("in the bin on WordPress"),
    "auto-draft": gettext_lazy("an empty automatic draft"),
    "private": gettext_lazy(
        "private on WordPress: not published here; copy it by hand if it should be"
    ),
}
NOT_IN_MEDIA_DIR = "not in media dir"
DELETED_HERE = gettext_lazy("deleted on the portal since the last import: not made again")
UNCONVERTIBLE = gettext_lazy("its content could not be read as HTML (%(error)s)")
INTRO_MAX = 500
TITLE_MAX = 255
OLD_PATH_MAX = 255
# Placeholder for media a dry run checked but did not store; its blocks are left out.
NOT_STORED = 0


RELATIONS = ("authors", "categories", "tags")


@dataclasses.dataclass
class NewPage:
    page: Page
    relations: dict
    publish: bool
    revision_created_at: datetime.datetime
    record: WordPressImport | None = None
    tag_ids: list = dataclasses.field(default_factory=list)


class ImportRefused(Exception):
    """The portal is not ready for the import (no site, no news index)."""


class WordPressImporter:
    def __init__(self, export, media_dir=None, draft=False, dry_run=False):
        self.export = export
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.draft = draft
        self.dry_run = dry_run
        self.report = Report(dry_run=dry_run)
        self.source = export.site_host or export.base_site_url or "wordpress"
        self.old_hosts = {self.source}
        for item in export.items:
            host = urlsplit(item.link).netloc.lower()
            if host:
                self.old_hosts.add(host)
        self.old_hosts |= {host.removeprefix("www.") for host in self.old_hosts}
        self.old_hosts |= {f"www.{host}" for host in self.old_hosts if not host.startswith("www.")}
        self.stored_files = []
        self.records = {}
        self.images = {}  # WordPress attachment id → (image id, alt text)
        self.documents = {}  # WordPress attachment id → document id
        self.media_by_path = {}  # upload path ("2019/05/photo.jpg") → attachment id
        self.pages = {}  # ("post"|"page", WordPress id) → Page
        self.persons = {}  # login → Person
        self.categories = {}  # WordPress slug → BlogCategory
        self.tags = {}  # WordPress slug → tag name
        self.tag_objects = {}  # tag name → Tag
        self.last_child_position = {}  # parent page id → position of its last child
        self.new_children = {}  # parent page id → pages added under it
        self.taken_slugs = {}  # parent page id → its children's slugs
        self.new_pages = []  # NewPage, finished in bulk
        self.now = timezone.now()

    # ---------------------------------------------------------------- the run

    def run(self):
        self.locate_site()
        try:
            with transaction.atomic():
                self.load_records()
                self.import_people()
                self.import_categories()
                self.import_attachments()
                self.import_pages()
                self.import_posts()
                self.finish_new_pages()
                self.import_redirects()
                self.count_the_rest()
                if self.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            self.remove_stored_files()
            raise
        return self.report

    def remove_stored_files(self):
        # The database rolls back on its own; files already sent to the storage do not.
        for name in self.stored_files:
            try:
                default_storage.delete(name)
            except Exception:
                logger.exception("Could not remove %s after a failed import", name)

    def locate_site(self):
        self.site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if self.site is None:
            raise ImportRefused(_("The portal has no default site yet: run migrate first."))
        self.home = self.site.root_page.specific
        self.locale = Locale.get_default()
        self.news = (
            BlogIndexPage.objects.descendant_of(self.home)
            .filter(locale=self.locale)
            .order_by("path")
            .first()
        )
        if self.news is None:
            raise ImportRefused(
                _(
                    "There is no news index (blog index page) under the home page to put "
                    "the posts in: create one in the admin first (Pages → add child page "
                    "→ blog index page)."
                )
            )

    def load_records(self):
        records = WordPressImport.objects.filter(source=self.source).select_related(
            "page", "image", "person"
        )
        for record in records:
            self.records[(record.kind, record.wp_id)] = record

    def record(self, kind, wp_id, **targets):
        key = (kind, str(wp_id))
        record = self.records.get(key)
        if record is None:
            record = WordPressImport(source=self.source, kind=kind, wp_id=str(wp_id))
            self.records[key] = record
        for name, value in targets.items():
            setattr(record, name, value)
        record.save()
        return record

    # ---------------------------------------------------------------- people and terms

    def import_people(self):
        logins = {item.creator for item in self.export.items if item.post_type == "post"}
        for login in sorted(logins - EDITORIAL_LOGINS):
            author = self.export.authors.get(login)
            name = (author.display_name if author else login).strip()[:120] or login
            if "@" in name:
                # WordPress shows the login when there is no display name, and logins
                # are often email addresses: never publish one as a byline.
                self.report.notes[_("authors")][
                    _("an email address as name: by the editorial group")
                ] += 1
                continue
            record = self.records.get(("author", login))
            if record is not None and record.person_id is None:
                continue  # deleted on the portal: the posts are by the editorial group
            person = record.person if record is not None else None
            if person is None:
                person = Person.objects.filter(name=name, locale=self.locale).first()
                if person is None:
                    person = Person.objects.create(name=name, locale=self.locale)
                    self.report.created["authors"] += 1
                else:
                    self.report.unchanged["authors"] += 1
                self.record("author", login, person=person)
            else:
                self.report.unchanged["authors"] += 1
            self.persons[login] = person

    def import_categories(self):
        wanted = {}
        for term in self.export.terms:
            if term.kind == "category":
                wanted[term.slug] = (term.name, term.description)
            elif term.kind == "post_tag":
                self.tags[term.slug] = term.name
        for item in self.export.items:
            for slug, name in item.categories:
                wanted.setdefault(slug, (name, ""))
            for slug, name in item.tags:
                self.tags.setdefault(slug, name)
        existing = {c.slug: c for c in BlogCategory.objects.filter(locale=self.locale)}
        for wp_slug, (name, description) in sorted(wanted.items()):
            if wp_slug.lower() in UNCATEGORISED:
                continue
            slug = ascii_slug(wp_slug, name, fallback=f"category-{short_hash(wp_slug)}")[:80]
            category = existing.get(slug)
            if category is None:
                category = BlogCategory.objects.create(
                    name=(name or wp_slug)[:80],
                    slug=slug,
                    description=strip_tags(description)[:500],
                    locale=self.locale,
                )
                existing[slug] = category
                self.report.created["categories"] += 1
            else:
                self.report.unchanged["categories"] += 1
            self.categories[wp_slug] = category

    # ---------------------------------------------------------------- media

    def import_attachments(self):
        for item in self.export.of_type("attachment"):
            upload_path = attachment_upload_path(item)
            if upload_path:
                self.media_by_path[upload_path] = item.wp_id
            title = (item.title or Path(upload_path).name or str(item.wp_id))[:TITLE_MAX]
            alt = item.meta.get("_wp_attachment_image_alt", "")[:255]
            reason = self.import_file(item.wp_id, upload_path, title, alt)
            if reason == NOT_IN_MEDIA_DIR:
                self.report.media_not_imported.append(item.attachment_url or upload_path)
            elif reason:
                self.report.skip(_("attachment"), item.wp_id, title, reason)

    def import_file(self, key, upload_path, title, alt):
        """Store one file of the uploads folder as an image or a document, through the
        same form (and checks) as an upload in the admin. Returns why not, or None."""
        extension = Path(upload_path).suffix.lower().lstrip(".")
        if extension in settings.WAGTAILIMAGES_EXTENSIONS:
            kind = "image"
        elif extension in settings.WAGTAILDOCS_EXTENSIONS:
            kind = "document"
        else:
            return _("files of type .%(ext)s are not accepted") % {"ext": extension or "?"}
        record = self.records.get(("attachment", str(key)))
        if record is not None and not (record.image_id or record.document_id):
            return DELETED_HERE
        if self.media_dir is None:
            if record is None:
                return NOT_IN_MEDIA_DIR
            self.remember_media(key, record, alt)
            self.report.unchanged["media"] += 1
            return None
        path = self.file_in_media_dir(upload_path)
        if path is None:
            return _("file not found in the media folder: %(path)s") % {"path": upload_path}
        limit = getattr(
            settings,
            "WAGTAILIMAGES_MAX_UPLOAD_SIZE" if kind == "image" else "WAGTAILDOCS_MAX_UPLOAD_SIZE",
            None,
        )
        if limit and path.stat().st_size > limit:
            return _("larger than the upload limit (%(mb)d MB)") % {"mb": limit // (1024 * 1024)}
        data = path.read_bytes()
        fingerprint = hashlib.sha256(data + title.encode() + alt.encode()).hexdigest()
        if record is not None and record.fingerprint == fingerprint:
            self.remember_media(key, record, alt)
            self.report.unchanged["media"] += 1
            return None
        root_collection = Collection.get_first_root_node()
        if kind == "image":
            Form = get_image_form(get_image_model(), fields=["title", "file", "description"])
            instance = record.image if record is not None else None
            form = Form(
                data={"title": title, "description": alt, "collection": root_collection.pk},
                files={"file": uploaded(path.name, data)},
                instance=instance,
            )
        else:
            Form = get_document_form(get_document_model(), fields=["title", "file"])
            instance = record.document if record is not None else None
            form = Form(
                data={"title": title, "collection": root_collection.pk},
                files={"file": uploaded(path.name, data)},
                instance=instance,
            )
        # The same checks as an upload in the admin (type, size, pixels, content), and
        # for photos the location taken out before anything is stored.
        if not form.is_valid():
            return "; ".join(str(error) for errors in form.errors.values() for error in errors)
        if self.dry_run:
            if kind == "image":
                self.images[key] = (NOT_STORED, alt)
            else:
                self.documents[key] = NOT_STORED
            self.report.created["media"] += 1
            return None
        saved = form.save()
        self.stored_files.append(saved.file.name)
        if kind == "image" and instance is not None:
            saved.renditions.all().delete()  # as the admin does when a file is replaced
        record = self.record("attachment", key, **{kind: saved}, fingerprint=fingerprint)
        self.remember_media(key, record, alt)
        if instance is None:
            self.report.created["media"] += 1
        else:
            self.report.updated["media"] += 1
        return None

    def remember_media(self, wp_id, record, alt):
        if record.image_id:
            self.images[wp_id] = (record.image_id, alt or record.image.description)
        elif record.document_id:
            self.documents[wp_id] = record.document_id

    def file_in_media_dir(self, upload_path):
        if not upload_path:
            return None
        path = (self.media_dir / upload_path).resolve()
        # The export says where the file is; a hostile one could say "../../etc/passwd".
        if not path.is_relative_to(self.media_dir) or not path.is_file():
            return None
        return path

    def attachment_id_for(self, wp_id, url):
        if wp_id and (wp_id in self.images or wp_id in self.documents):
            return wp_id
        path = upload_path_of(url) if url else ""
        if not path:
            return wp_id
        if path in self.media_by_path:
            return self.media_by_path[path]
        if self.media_dir is None or not self.site_host_of(url):
            return wp_id
        if self.file_in_media_dir(path) is None:
            return wp_id
        # An export of posts only has no attachments: the post's own link to the file in
        # the uploads folder is enough to import it.
        key = f"file:{path}"[:255]
        self.media_by_path[path] = key
        reason = self.import_file(key, path, Path(path).stem.replace("-", " ")[:TITLE_MAX], "")
        if reason and reason != NOT_IN_MEDIA_DIR:
            self.report.skip(_("attachment"), path, Path(path).name, reason)
        return key

    def site_host_of(self, url):
        host = urlsplit(url).netloc.lower()
        return not host or host in self.old_hosts

    def resolve_image(self, wp_id, url):
        return self.images.get(self.attachment_id_for(wp_id, url))

    def resolve_document(self, wp_id, url):
        return self.documents.get(self.attachment_id_for(wp_id, url))

    # ---------------------------------------------------------------- pages and posts

    def converter(self):
        return Converter(
            resolve_image=self.resolve_image,
            resolve_document=self.resolve_document,
            old_hosts=self.old_hosts,
        )

    def import_pages(self):
        items = {item.wp_id: item for item in self.export.of_type("page")}

        def depth(item, seen=()):
            parent = items.get(item.parent_id)
            if parent is None or parent.wp_id in seen:
                return 0
            return 1 + depth(parent, (*seen, item.wp_id))

        converter = self.converter()
        for item in sorted(items.values(), key=lambda i: (depth(i), i.menu_order, i.wp_id)):
            if self.refused(item, _("page")):
                continue
            parent = self.pages.get(("page", item.parent_id), self.home)
            conversion = self.convert(converter, item, _("page"))
            if conversion is None:
                continue
            self.report.take_conversion(item.title, conversion)
            fields = {
                "title": (item.title or _("Untitled page"))[:TITLE_MAX],
                "intro": strip_tags(item.excerpt)[:INTRO_MAX],
                "body": conversion.blocks,
            }
            self.save_page(StandardPage, "page", item, parent, fields)

    def import_posts(self):
        converter = self.converter()
        for item in self.export.of_type("post"):
            if self.refused(item, _("post")):
                continue
            conversion = self.convert(converter, item, _("post"))
            if conversion is None:
                continue
            self.report.take_conversion(item.title, conversion)
            intro = strip_tags(item.excerpt) or shorten(conversion.plain_text, 240)
            categories = [
                self.categories[slug] for slug, _name in item.categories if slug in self.categories
            ]
            tags = sorted({self.tags.get(slug) or name for slug, name in item.tags} - {""})
            authors = [self.persons[item.creator]] if item.creator in self.persons else []
            featured = self.images.get(to_int(item.meta.get("_thumbnail_id")))
            fields = {
                "title": (item.title or _("Untitled post"))[:TITLE_MAX],
                "intro": intro[:INTRO_MAX] or (item.title or "")[:INTRO_MAX] or "-",
                "date": item.published.date() if item.published else None,
                "body": conversion.blocks,
                "featured_image_id": featured[0] if featured and featured[0] else None,
                "by_editorial_group": not authors,
                "authors": authors,
                "categories": categories,
                "tags": tags,
            }
            self.save_page(BlogPage, "post", item, self.news, fields)

    def convert(self, converter, item, kind):
        try:
            return converter.convert(item.content)
        except (RecursionError, ValueError, etree.LxmlError) as error:
            # Markup nested thousands deep, or not text at all: this item only is left out.
            self.report.skip(
                kind, item.wp_id, item.title, UNCONVERTIBLE % {"error": type(error).__name__}
            )
            return None

    def refused(self, item, kind):
        if item.status in SKIPPED_STATUSES:
            self.report.skip(kind, item.wp_id, item.title, SKIPPED_STATUSES[item.status])
            return True
        if item.password:
            self.report.skip(
                kind,
                item.wp_id,
                item.title,
                _("password-protected on WordPress: not published here"),
            )
            return True
        return False

    def save_page(self, model, kind, item, parent, fields):
        publish = item.status == "publish" and not self.draft
        fingerprint = hashlib.sha256(
            json.dumps(
                [fields, item.slug, item.status, self.draft, str(item.published_gmt)],
                sort_keys=True,
                default=lambda value: value.pk if hasattr(value, "pk") else str(value),
            ).encode()
        ).hexdigest()
        record = self.records.get((kind, str(item.wp_id)))
        if record is not None and record.page_id is None:
            self.report.skip(kind, item.wp_id, item.title, DELETED_HERE)
            return
        page = record.page if record is not None else None
        label = _("posts") if kind == "post" else _("pages")
        if page is not None:
            self.pages[(kind, item.wp_id)] = page
            if record.fingerprint == fingerprint:
                self.report.unchanged[label] += 1
                return
            page = page.specific
            if record.revision_id and page.latest_revision_id != record.revision_id:
                self.report.skip(
                    kind,
                    item.wp_id,
                    item.title,
                    _("changed on the portal since the last import: left as the editors made it"),
                )
                return
            page = page.get_latest_revision_as_object()
            self.fill(page, fields)
            try:
                with transaction.atomic():
                    revision = page.save_revision(log_action=True)
                    self.after_save(page, revision, publish)
            except ValidationError as error:
                self.report.skip(kind, item.wp_id, item.title, "; ".join(error.messages))
                return
            self.record(
                kind, item.wp_id, page=page, fingerprint=fingerprint, revision_id=revision.pk
            )
            self.report.updated[label] += 1
            return
        page = self.create_page(model, parent, item, kind, fields, publish)
        self.pages[(kind, item.wp_id)] = page
        self.report.created[label] += 1
        self.new_pages[-1].record = WordPressImport(
            source=self.source, kind=kind, wp_id=str(item.wp_id), page=page, fingerprint=fingerprint
        )

    def create_page(self, model, parent, item, kind, fields, publish):
        """A new page, live or a draft, written directly; its revision, relations and
        history are written with all the others' in finish_new_pages.

        Wagtail's add_child + save_revision + publish costs about a hundred queries a
        page, mostly re-reading and re-validating what this importer has just built; a
        2,000-post blog would take minutes. Here the tree position is worked out once per
        parent and the rest is written in bulk, to the same rows Wagtail would write.
        Validation is done by construction: every value is cut to its field's length and
        slugs are unique among the siblings.
        """
        fields = dict(fields)
        relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
        published_at = item.published_gmt or (
            item.published.replace(tzinfo=datetime.UTC) if item.published else None
        )
        page = model(slug=self.free_slug(parent, item, kind), locale=self.locale)
        self.fill(page, fields)
        page.draft_title = page.title
        page.depth = parent.depth + 1
        page.path = self.next_child_path(parent)
        page.live = publish
        page.has_unpublished_changes = not publish
        if item.status == "publish":
            page.first_published_at = published_at or self.now
            if publish:
                page.last_published_at = item.modified_gmt or published_at or self.now
        # Known already, so that saving does not look them up: the parent (for the URL
        # path) and that a page with a new translation key is no site's root.
        page._cached_parent_obj = parent
        page._is_site_root = False
        page.save(clean=False)
        self.new_pages.append(
            NewPage(
                page=page,
                relations=relations,
                publish=publish,
                revision_created_at=item.modified_gmt or published_at or self.now,
            )
        )
        return page

    def finish_new_pages(self):
        """The new pages' categories, authors and tags, first revisions (live for the
        published ones), history, import records and moderation, in a few queries."""
        tagged, authors, categories = [], [], []
        for new in self.new_pages:
            relations = new.relations
            new.tag_ids = [self.tag_named(name).pk for name in relations.get("tags", [])]
            tagged += [BlogPageTag(tag_id=pk, content_object_id=new.page.pk) for pk in new.tag_ids]
            authors += [
                BlogPage.authors.through(blogpage_id=new.page.pk, person_id=person.pk)
                for person in relations.get("authors", [])
            ]
            categories += [
                BlogPage.categories.through(blogpage_id=new.page.pk, blogcategory_id=category.pk)
                for category in relations.get("categories", [])
            ]
        tagged = BlogPageTag.objects.bulk_create(tagged, batch_size=1000)
        BlogPage.authors.through.objects.bulk_create(authors, batch_size=1000)
        BlogPage.categories.through.objects.bulk_create(categories, batch_size=1000)
        tagged_by_page = {}
        for row in tagged:
            tagged_by_page.setdefault(row.content_object_id, []).append(row)

        base_type = ContentType.objects.get_for_model(Page)
        revisions = []
        for new in self.new_pages:
            page = new.page
            content = new_page_content(page)
            if isinstance(page, BlogPage):
                content["authors"] = [person.pk for person in new.relations.get("authors", [])]
                content["categories"] = [c.pk for c in new.relations.get("categories", [])]
                content["tagged_items"] = [
                    {"pk": row.pk, "tag": row.tag_id, "content_object": page.pk}
                    for row in tagged_by_page.get(page.pk, [])
                ]
            revisions.append(
                Revision(
                    content_type=ContentType.objects.get_for_model(page),
                    base_content_type=base_type,
                    object_id=str(page.pk),
                    content=content,
                    object_str=str(page),
                    created_at=new.revision_created_at,
                )
            )
        revisions = Revision.objects.bulk_create(revisions, batch_size=500)
        pointers, log_entries, records = [], [], []
        for new, revision in zip(self.new_pages, revisions, strict=True):
            page = new.page
            page.latest_revision = revision
            page.latest_revision_created_at = revision.created_at
            if new.publish:
                page.live_revision = revision
            pointers.append(
                Page(
                    pk=page.pk,
                    latest_revision_id=revision.pk,
                    latest_revision_created_at=revision.created_at,
                    live_revision_id=revision.pk if new.publish else None,
                )
            )
            log_entries.append(self.log_entry(page, "wagtail.create", revision))
            if new.publish:
                log_entries.append(self.log_entry(page, "wagtail.publish", revision))
            new.record.revision_id = revision.pk
            records.append(new.record)
        Page.objects.bulk_update(
            pointers,
            ["latest_revision", "latest_revision_created_at", "live_revision"],
            batch_size=500,
        )
        PageLogEntry.objects.bulk_create(log_entries, batch_size=500)
        for record in WordPressImport.objects.bulk_create(records, batch_size=500):
            self.records[(record.kind, record.wp_id)] = record
        for parent_id, count in self.new_children.items():
            Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + count)
        for new in self.new_pages:
            if new.publish:
                # What a publication in the admin announces (feeds' caches, translations).
                page_published.send(
                    sender=type(new.page), instance=new.page, revision=new.page.live_revision
                )
            elif self.draft:
                self.submit_for_moderation(new.page)

    def log_entry(self, page, action, revision):
        # The page's history in the admin, as the admin would write it.
        return PageLogEntry(
            content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
            label=page.title,
            action=action,
            timestamp=self.now,
            data={},
            page_id=page.pk,
            revision=revision,
            content_changed=True,
        )

    def next_child_path(self, parent):
        last = self.last_child_position.get(parent.pk)
        if last is None:
            last_child = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .only("path")
                .first()
            )
            last = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0
        self.last_child_position[parent.pk] = last + 1
        self.new_children[parent.pk] = self.new_children.get(parent.pk, 0) + 1
        return Page._get_path(parent.path, parent.depth + 1, last + 1)

    def submit_for_moderation(self, page):
        if self.dry_run:
            self.report.moderation_submitted += 1
            return
        workflow = page.get_workflow()
        if workflow is not None and page.current_workflow_state is None:
            # As a public submission enters it (moderation.drafts.submit_public_draft): a
            # draft waiting for a moderator, with no requesting user.
            workflow.start(page, user=None)
            self.report.moderation_submitted += 1

    def tag_named(self, name):
        tag = self.tag_objects.get(name)
        if tag is None:
            tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
            self.tag_objects[name] = tag
        return tag

    def fill(self, page, fields):
        for name, value in fields.items():
            if name == "body":
                page.body = [
                    block
                    for block in value
                    if not (block["type"] in ("image", "document") and uses_unstored(block))
                ]
            elif name == "tags":
                page.tags.set([self.tag_named(tag) for tag in value])
            else:
                setattr(page, name, value)

    def after_save(self, page, revision, publish):
        if publish:
            revision.publish(log_action=True)
        elif self.draft:
            self.submit_for_moderation(page)

    def free_slug(self, parent, item, kind):
        taken = self.taken_slugs.get(parent.pk)
        if taken is None:
            taken = set(parent.get_children().values_list("slug", flat=True))
            self.taken_slugs[parent.pk] = taken
        slug = ascii_slug(item.slug, item.title, fallback=f"{kind}-{item.wp_id}")[:200]
        if slug in taken:
            # Another page here has it already (the portal's own, e.g. "blog"): the old
            # address still leads here through its redirect, unless that page answers it.
            self.report.notes[item.title][
                _("address already used here: given the slug %(slug)s")
                % {"slug": f"{slug}-{item.wp_id}"}
            ] += 1
            slug = f"{slug}-{item.wp_id}"
        taken.add(slug)
        return slug

    # ---------------------------------------------------------------- redirects

    def import_redirects(self):
        planned = {}  # old path → (page, route path on it, or another address)

        def claim(url_or_path, page, route="", link=""):
            if (page is None and not link) or not url_or_path:
                return
            parts = urlsplit(url_or_path)
            if parts.netloc and parts.netloc.lower() not in self.old_hosts:
                return
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            old_path = Redirect.normalise_path(unquote(path) if "%" in path else path)
            if old_path in ("", "/") or len(old_path) > OLD_PATH_MAX:
                return
            planned.setdefault(old_path, (page, route, link))

        # A blog installed in a folder (example.org/news/) has its addresses under it.
        base = urlsplit(self.export.base_blog_url or self.export.base_site_url).path.rstrip("/")
        posts_and_pages = [item for item in self.export.items if item.post_type in ("post", "page")]
        for item in posts_and_pages:
            page = self.pages.get((item.post_type, item.wp_id))
            claim(item.link, page)
        for item in posts_and_pages:
            page = self.pages.get((item.post_type, item.wp_id))
            key = "p" if item.post_type == "post" else "page_id"
            claim(f"{base}/?{key}={item.wp_id}", page)
            claim(item.guid, page)
            if item.post_type == "post" and item.published and item.slug:
                day = item.published
                claim(f"{base}/{day:%Y/%m/%d}/{item.slug}/", page)
                claim(f"{base}/{day:%Y/%m}/{item.slug}/", page)
                claim(f"{base}/archives/{item.wp_id}/", page)
        for item in self.export.of_type("attachment"):
            page = self.pages.get(("post", item.parent_id)) or self.pages.get(
                ("page", item.parent_id)
            )
            claim(item.link, page or self.news)
            claim(f"{base}/?attachment_id={item.wp_id}", page or self.news)
        # Links to uploaded documents (minutes, leaflets) go to the same file here.
        documents = get_document_model().objects.in_bulk(
            [pk for pk in self.documents.values() if pk != NOT_STORED]
        )
        for item in self.export.of_type("attachment"):
            document = documents.get(self.documents.get(item.wp_id))
            if document is not None:
                claim(item.attachment_url, None, link=document.url)
        for wp_slug in self.categories_and_uncategorised():
            category = self.categories.get(wp_slug)
            route = f"/category/{category.slug}/" if category else ""
            claim(f"{base}/category/{wp_slug}/", self.news, route)
            claim(
                f"{base}/category/{wp_slug}/feed/",
                self.news,
                f"{route}feed/" if route else "/feed/",
            )
        for term in self.export.terms:
            if term.kind == "category" and term.parent_slug and term.slug in self.categories:
                route = f"/category/{self.categories[term.slug].slug}/"
                claim(f"{base}/category/{term.parent_slug}/{term.slug}/", self.news, route)
        for wp_slug, name in self.tags.items():
            tag = self.tag_objects.get(name) or Tag.objects.filter(name=name).first()
            claim(f"{base}/tag/{wp_slug}/", self.news, f"/tag/{tag.slug}/" if tag else "")
        for login in self.export.authors:
            claim(f"{base}/author/{login}/", self.news)
        for feed in ("/feed/", "/feed/rss2/", "/rss/", "/?feed=rss2", "/comments/feed/"):
            claim(f"{base}{feed}", self.news, "/feed/")
        claim(f"{base}/feed/atom/", self.news, "/feed/atom/")
        claim(f"{base}/?feed=atom", self.news, "/feed/atom/")
        self.write_redirects(planned)

    def categories_and_uncategorised(self):
        slugs = set(self.categories)
        slugs |= {slug for item in self.export.items for slug, _name in item.categories}
        return sorted(slugs)

    def write_redirects(self, planned):
        existing = {
            redirect.old_path: redirect
            for redirect in Redirect.objects.filter(old_path__in=list(planned)).filter(
                site__in=[self.site]
            )
            | Redirect.objects.filter(old_path__in=list(planned), site__isnull=True)
        }
        ours = {
            record.wp_id: record
            for (kind, _wp_id), record in self.records.items()
            if kind == "redirect"
        }
        new_redirects = []
        page_paths = {}
        for old_path, (page, route, link) in planned.items():
            if page is not None and not route:
                if page.pk not in page_paths:
                    page_paths[page.pk] = Redirect.normalise_path(page.url or "")
                if page_paths[page.pk] == old_path:
                    continue  # the page is at its old address already
            redirect = existing.get(old_path)
            if redirect is None and old_path in ours:
                continue  # made by an earlier import, deleted by hand since: stays deleted
            if redirect is None:
                new_redirects.append(
                    Redirect(
                        old_path=old_path,
                        site=self.site,
                        is_permanent=True,
                        redirect_page=page,
                        redirect_page_route_path=route,
                        redirect_link=link,
                    )
                )
                continue
            record = ours.get(old_path)
            if record is not None and record.redirect_id is None:
                continue  # deleted by hand: stays deleted
            if record is None or record.redirect_id != redirect.pk:
                self.report.redirects_kept.append(old_path)
                continue
            target = (redirect.redirect_page_id, redirect.redirect_page_route_path)
            if target == (page.pk if page else None, route) and redirect.redirect_link == link:
                self.report.unchanged["redirects"] += 1
                continue
            redirect.redirect_page = page
            redirect.redirect_page_route_path = route
            redirect.redirect_link = link
            redirect.is_permanent = True
            redirect.save()
            self.report.updated["redirects"] += 1
        created = Redirect.objects.bulk_create(new_redirects, batch_size=500)
        WordPressImport.objects.bulk_create(
            [
                WordPressImport(
                    source=self.source, kind="redirect", wp_id=redirect.old_path, redirect=redirect
                )
                for redirect in created
            ],
            batch_size=500,
        )
        self.report.created["redirects"] += len(created)

    # ---------------------------------------------------------------- the rest

    def count_the_rest(self):
        known = {"post", "page", "attachment"}
        for item in self.export.items:
            if item.post_type not in known:
                self.report.other_types[item.post_type] += 1
            self.report.comments_left_out += item.comment_count


# -------------------------------------------------------------------- helpers


def new_page_content(page):
    """What page.serializable_data() gives for a page just inserted, without its queries:
    its fields, and no child objects or many-to-many links yet (the caller adds them)."""
    content = get_serializable_data_for_fields(page)
    for relation in get_all_child_relations(page):
        content[relation.get_accessor_name()] = []
    for field in get_all_child_m2m_relations(page):
        if field.serialize:
            content[field.name] = []
    return content


def uses_unstored(block):
    value = block["value"]
    if block["type"] == "image":
        return value["image"]["image"] == NOT_STORED
    return value["document"] == NOT_STORED


def uploaded(name, data):
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return SimpleUploadedFile(name, data, content_type=content_type)


def upload_path_of(url):
    """ "2019/05/photo.jpg" from any address of a file under wp-content/uploads."""
    path = unquote(urlsplit(url).path)
    marker = "/wp-content/uploads/"
    if marker in path:
        return path.split(marker, 1)[1]
    return ""


def attachment_upload_path(item):
    return item.meta.get("_wp_attached_file") or upload_path_of(item.attachment_url)


def ascii_slug(wp_slug, title, fallback):
    return slugify(unquote(wp_slug or "")) or slugify(title or "") or fallback


def short_hash(value):
    return hashlib.sha256(value.encode()).hexdigest()[:8]


def strip_tags(html):
    if not html or not html.strip():
        return ""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    return " ".join(" ".join(fragment.itertext()).split())


def shorten(text, limit):
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def to_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
