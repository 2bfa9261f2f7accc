"""What an import did, told to the person who ran it.

Counts per kind (created, updated, unchanged), every item left out with the reason, what
the content conversion dropped or kept as text, and the media that could not be found. It
names posts by title and WordPress id only: never an author's email or login details.
"""

import dataclasses
from collections import Counter, defaultdict

from django.utils.translation import gettext as _

MAX_LISTED = 50  # per section: a 2,000-post report stays readable


@dataclasses.dataclass
class Skipped:
    kind: str
    wp_id: str
    title: str
    reason: str


@dataclasses.dataclass
class Report:
    dry_run: bool = False
    created: Counter = dataclasses.field(default_factory=Counter)
    updated: Counter = dataclasses.field(default_factory=Counter)
    unchanged: Counter = dataclasses.field(default_factory=Counter)
    skipped: list = dataclasses.field(default_factory=list)
    # title → Counter of what was removed from that item's content
    dropped: dict = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    shortcodes: dict = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    notes: dict = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    missing_media: dict = dataclasses.field(default_factory=lambda: defaultdict(list))
    media_not_imported: list = dataclasses.field(default_factory=list)
    other_types: Counter = dataclasses.field(default_factory=Counter)
    comments_left_out: int = 0
    redirects_kept: list = dataclasses.field(default_factory=list)
    moderation_submitted: int = 0

    def skip(self, kind, wp_id, title, reason):
        self.skipped.append(Skipped(kind, str(wp_id), title or "", str(reason)))

    def take_conversion(self, label, conversion):
        if conversion.dropped:
            self.dropped[label].update(conversion.dropped)
        if conversion.shortcodes:
            self.shortcodes[label].update(conversion.shortcodes)
        if conversion.notes:
            self.notes[label].update(conversion.notes)
        if conversion.missing_media:
            self.missing_media[label].extend(conversion.missing_media)

    def lines(self):
        out = []
        if self.dry_run:
            out.append(_("DRY RUN: nothing was written. This is what the import would do."))
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        for kind in kinds:
            out.append(
                _("%(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {
                    "kind": kind,
                    "created": self.created[kind],
                    "updated": self.updated[kind],
                    "unchanged": self.unchanged[kind],
                }
            )
        if self.moderation_submitted:
            out.append(
                _("%(count)d pages submitted to moderation (drafts, waiting for approval)")
                % {"count": self.moderation_submitted}
            )
        out.append(
            _("Comments left out (not imported): %(count)d") % {"count": self.comments_left_out}
        )
        if self.other_types:
            described = ", ".join(f"{kind} ({n})" for kind, n in sorted(self.other_types.items()))
            out.append(_("Items of other types not imported: %(types)s") % {"types": described})
        self._section(
            out,
            _("Skipped (%(count)d):") % {"count": len(self.skipped)},
            [f"{s.kind} {s.wp_id} “{s.title}”: {s.reason}" for s in self.skipped],
        )
        self._section(
            out,
            _("Unsafe markup removed:"),
            [f"“{title}”: {describe(found)}" for title, found in self.dropped.items()],
        )
        self._section(
            out,
            _("Shortcodes kept as text (check these posts):"),
            [f"“{title}”: {describe(found)}" for title, found in self.shortcodes.items()],
        )
        self._section(
            out,
            _("Other changes to content:"),
            [f"“{title}”: {describe(found)}" for title, found in self.notes.items()],
        )
        self._section(
            out,
            _("Media not found (left out of the post):"),
            [f"“{title}”: {', '.join(urls)}" for title, urls in self.missing_media.items()],
        )
        self._section(
            out,
            _("Media not imported (give --media-dir, the copied wp-content/uploads folder):"),
            self.media_not_imported,
        )
        self._section(
            out,
            _("Old addresses left to an existing redirect:"),
            self.redirects_kept,
        )
        return out

    def _section(self, out, heading, entries):
        if not entries:
            return
        out.append(heading)
        out.extend(f"  - {entry}" for entry in entries[:MAX_LISTED])
        if len(entries) > MAX_LISTED:
            out.append(_("  … and %(count)d more") % {"count": len(entries) - MAX_LISTED})

    def text(self):
        return "\n".join(self.lines())


def describe(counter):
    return ", ".join(f"{what} ×{n}" if n > 1 else what for what, n in counter.most_common())
