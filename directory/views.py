"""The directory's views: the list with its filters, the map data, and its two public
forms (a message to a group, registering a group), declared for privacy.publicforms."""

import hashlib
import json

from django.conf import settings
from django.db.models import F, FloatField, Func, Value
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.text import slugify
from django.utils.translation import get_language

from wagtail.coreutils import find_available_slug
from wagtail.models import Site

from home.pagination import paginate
from home.pictures import with_listing_pictures
from localisation.translation import root_page_in_active_locale
from moderation.drafts import submit_public_draft
from portal.visibility import any_view_restriction
from privacy.publicforms import FormEmail, PublicForm, as_rich_text

from .emails import message_confirmation, message_to_group, registration_confirmation
from .forms import DirectoryFilterForm, GroupMessageForm, RegistrationForm
from .models import (
    UNFILTERED_MAPS,
    GroupMessage,
    GroupRegistration,
    LocalGroupIndexPage,
    LocalGroupPage,
)
from .postcodes import EARTH_RADIUS_MILES, bounding_box
from .site_search import with_text_matching

GROUPS_PER_PAGE = 20
# What a card does not show: the long texts (read for the 20 cards, they were most of
# what the list read), and the private address, which a listing has no use for.
NOT_ON_CARDS = ("description", "get_involved", "meetings", "contact_email")


class MilesFrom(Func):
    """The haversine distance in miles from a point to each group, computed by the database
    (PostgreSQL and SQLite both have these functions), so sorting costs no extra query.

    One expression rather than a tree of Django's Sin, Cos and Power: Django hashes a tree
    again each time it compiles a query that sorts by it, which cost more than the query."""

    output_field = FloatField()

    def __init__(self, latitude, longitude):
        super().__init__(F("latitude"), F("longitude"), Value(latitude), Value(longitude))

    def as_sql(self, compiler, connection, **extra_context):
        (lat, lat_params), (lon, lon_params), (lat0, lat0_params), (lon0, lon0_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = (
            f"%s * ASIN(SQRT(POWER(SIN((RADIANS({lat}) - RADIANS({lat0})) / 2), 2)"
            f" + COS(RADIANS({lat0})) * COS(RADIANS({lat}))"
            f" * POWER(SIN((RADIANS({lon}) - RADIANS({lon0})) / 2), 2)))"
        )
        params = [
            2 * EARTH_RADIUS_MILES,
            *lat_params,
            *lat0_params,
            *lat0_params,
            *lat_params,
            *lon_params,
            *lon0_params,
        ]
        return sql, params


def filter_groups(groups, filters, district):
    """Groups matching the filters: by distance when a district is known, else by name."""
    query = filters.get("q")
    if query:
        groups = with_text_matching(groups, query)
    if filters.get("region"):
        groups = groups.filter(region=filters["region"])
    if filters.get("kind"):
        groups = groups.filter(kind=filters["kind"])
    if district is None:
        return groups.order_by("title", "pk")
    radius = filters["radius"]
    # The box around the circle lets the location index discard far groups before the
    # exact distance is computed for the rest.
    min_latitude, max_latitude, min_longitude, max_longitude = bounding_box(
        district.latitude, district.longitude, radius
    )
    return (
        groups.filter(
            latitude__range=(min_latitude, max_latitude),
            longitude__range=(min_longitude, max_longitude),
        )
        .annotate(distance=MilesFrom(district.latitude, district.longitude))
        .filter(distance__lte=radius)
        .order_by("distance", "title", "pk")
    )


class CountedBeforehand:
    """A directory's list of groups for the paginator, with their number already known
    (LocalGroupIndexPage.count_groups), so that nothing counts them on each view."""

    ordered = True

    def __init__(self, groups, count):
        self.groups = groups
        self.known_count = count

    def count(self):
        return self.known_count

    def __getitem__(self, key):
        return self.groups[key]


class MatchesInOrder:
    """A search's groups for the paginator: the ids of every match in order first (one
    narrow query: sorting them by distance or by name reads them all anyway), so their
    count is the number of ids; then the page of them asked for, by id.

    Counted apart, the matches were read twice; and a page read with a LIMIT lets
    PostgreSQL walk the groups by name until it finds 20 matches, which a rare word makes
    a walk through all of them."""

    ordered = True

    def __init__(self, groups, shown_groups, by_distance):
        self.groups = groups
        self.shown_groups = shown_groups
        self.by_distance = by_distance
        self.found = None

    def matches(self):
        """[(id, distance or None)] of every match, in order."""
        if self.found is None:
            if self.by_distance:
                self.found = list(self.groups.values_list("pk", "distance"))
            else:
                self.found = [(pk, None) for pk in self.groups.values_list("pk", flat=True)]
        return self.found

    def count(self):
        return len(self.matches())

    def __getitem__(self, key):
        matches = self.matches()[key]
        # The page by id alone: its filters and order were the matches' own.
        found = self.shown_groups.filter(pk__in=[pk for pk, _distance in matches])
        by_id = {group.pk: group for group in found.order_by()}
        shown = []
        for pk, distance in matches:
            if pk in by_id:
                by_id[pk].distance = distance
                shown.append(by_id[pk])
        return shown


def directory(request, index_page):
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    district = form.district if "postcode" in filters else None
    groups = filter_groups(index_page.groups(), filters, district)
    if "q" in filters or district is not None:
        shown_groups = with_listing_pictures(index_page.groups().defer(*NOT_ON_CARDS))
        listed = MatchesInOrder(groups, shown_groups, by_distance=district is not None)
    else:
        # The card asks every group its distance; a missing attribute costs the template
        # a dir() of the whole page object.
        shown_groups = groups.defer(*NOT_ON_CARDS).annotate(
            distance=Value(None, output_field=FloatField())
        )
        shown_groups = with_listing_pictures(shown_groups)
        count = index_page.count_groups(filters.get("region", ""), filters.get("kind", ""))
        listed = CountedBeforehand(shown_groups, count)
    page_of_groups = paginate(request, listed, GROUPS_PER_PAGE)

    # The address of this list without its page number, for the pagination links and the
    # map's data (which shows every match, not one page of them).
    query = request.GET.copy()
    query.pop("page", None)
    response = index_page.render(
        request,
        context_overrides={
            "form": form,
            "groups": page_of_groups,
            "district": district,
            "filters": filters,
            "filter_query": query.urlencode(),
            "map_tile_url": settings.MAP_TILE_URL,
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )
    if form.has_bad_parameters:
        # Only an edited address gets here: the page still answers, with a message.
        response.status_code = 400
    return response


def sub_page_url(parent_url, slug):
    """A sub-page's address from its parent's: Wagtail's address of a page is its
    parent's and its slug (Page.set_url_path), so thousands of markers need no
    get_url() each (its site lookups were most of the map's time)."""
    trailing_slash = "/" if getattr(settings, "WAGTAIL_APPEND_SLASH", True) else ""
    return f"{parent_url.rstrip('/')}/{slug}{trailing_slash}"


def map_features(groups, parent_url, with_distance):
    """GeoJSON features of the groups that have a location, read as plain rows."""
    kinds = {code: str(label) for code, label in LocalGroupPage.KIND_CHOICES}
    fields = ["title", "slug", "kind", "postcode_district", "latitude", "longitude"]
    if with_distance:
        fields.append("distance")
    located = groups.filter(latitude__isnull=False, longitude__isnull=False)
    features = []
    for title, slug, kind, district, latitude, longitude, *distance in located.values_list(*fields):
        properties = {
            "name": title,
            "url": sub_page_url(parent_url, slug),
            "kind": kinds.get(kind, ""),
            "district": district,
        }
        if with_distance:
            properties["distance_miles"] = round(distance[0], 1)
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(longitude, 5), round(latitude, 5)],
                },
                "properties": properties,
            }
        )
    return features


def map_document(groups, parent_url, with_distance):
    collection = {
        "type": "FeatureCollection",
        "features": map_features(groups, parent_url, with_distance),
    }
    return json.dumps(collection, separators=(",", ":")).encode()


def unfiltered_map(index_page, parent_url):
    """The map of every group of the directory, with its ETag, kept in the shared cache
    until a page changes: every visit to the list fetches it, and it is the largest."""
    key = (index_page.pk, parent_url, get_language())

    def make():
        groups = filter_groups(index_page.groups(), {}, None)
        document = map_document(groups, parent_url, with_distance=False)
        return (f'"{hashlib.sha256(document).hexdigest()[:32]}"', document)

    return UNFILTERED_MAPS.entry(key, make)


def map_geojson(request, index_page):
    """The groups of the directory that have a location, as a GeoJSON FeatureCollection,
    filtered like the list. Coordinates are the district's, in GeoJSON's [lon, lat] order."""
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    district = form.district if "postcode" in filters else None
    parent_url = index_page.get_url(request)
    status = 400 if form.has_bad_parameters else 200
    if set(filters) == {"radius"}:
        # The unfiltered map: a visitor who comes back is told it has not changed.
        etag, document = unfiltered_map(index_page, parent_url)
        response = HttpResponse(document, content_type="application/geo+json", status=status)
        if status == 200:
            response["ETag"] = etag
            return get_conditional_response(request, etag=etag, response=response)
        return response
    groups = filter_groups(index_page.groups(), filters, district)
    document = map_document(groups, parent_url, with_distance=district is not None)
    return HttpResponse(document, content_type="application/geo+json", status=status)


def map_geojson_at(request, page_path):
    """The map data of the directory page at this path (in the visitor's language)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    # The home page in the visitor's language, as the pages' own routing finds it (with
    # the locales from the cache).
    root = root_page_in_active_locale(request, site)
    page, _args, _kwargs = root.route(
        request, [component for component in page_path.split("/") if component]
    )
    # route() finds only live pages; a directory behind a password or login stays private.
    if not isinstance(page, LocalGroupIndexPage) or (
        any_view_restriction() and page.get_view_restrictions().exists()
    ):
        raise Http404
    return map_geojson(request, page)


class MessageToGroup(PublicForm):
    """A visitor's message to a local group, relayed to the group's private address."""

    name = "directory.message_to_group"
    form_class = GroupMessageForm
    record_model = GroupMessage
    thanks_template = "directory/message_thanks.html"
    emails = (
        FormEmail("message", message_to_group),
        FormEmail("message confirmation", message_confirmation),
    )

    def record_fields(self, form, group):
        data = form.cleaned_data
        return {
            "group": group,
            "name": data["name"],
            "email": data["email"],
            "message": data["message"],
        }

    def page_of(self, record):
        return record.group


def create_registered_group(index_page, data):
    """A draft group page, waiting in the moderation workflow."""
    page = LocalGroupPage(
        title=data["title"],
        slug=find_available_slug(index_page, slugify(data["title"]) or "local-group"),
        kind=data["kind"],
        constituencies=data["constituencies"],
        region=data.get("region") or "",
        postcode_district=data["postcode_district"],
        party_status=data["party_status"],
        party_status_changed_on=data.get("party_status_changed_on"),
        description=as_rich_text(data["description"]),
        get_involved=as_rich_text(data.get("get_involved", "")),
        meetings=as_rich_text(data.get("meetings", "")),
        website_url=data.get("website_url", ""),
        facebook_url=data.get("facebook_url", ""),
        x_url=data.get("x_url", ""),
        instagram_url=data.get("instagram_url", ""),
        bluesky_url=data.get("bluesky_url", ""),
        approximate_membership=data.get("approximate_membership"),
        details_checked_on=timezone.localdate(),
        # The registrant's address stays in the GroupRegistration, which only moderators
        # read: copied into the page, every editor and translator would see it, and its
        # revisions would keep it past the retention period. The group's messages go to
        # it until a moderator sets the page's own address (LocalGroupPage).
    )
    page.clean()  # copies the district's coordinates and region
    return submit_public_draft(page, index_page)


class RegisterGroup(PublicForm):
    """A group registering itself: a draft page for the moderators, and who sent it."""

    name = "directory.group_registration"
    form_class = RegistrationForm
    record_model = GroupRegistration
    template = "directory/register.html"
    thanks_template = "directory/register_thanks.html"
    emails = (FormEmail("registration confirmation", registration_confirmation),)

    form_takes_page = True

    def record_fields(self, form, index_page):
        data = form.cleaned_data
        return {
            "page": create_registered_group(index_page, data),
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "group_name": data["title"],
        }
