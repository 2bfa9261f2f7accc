"""The directory's views: the list with its filters, the map data, and its two public
forms (a message to a group, registering a group), declared for privacy.publicforms."""

import json

from django.conf import settings
from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from wagtail.coreutils import find_available_slug
from wagtail.models import Site

from home.pagination import paginate
from home.pictures import with_listing_pictures
from moderation.drafts import submit_public_draft
from privacy.publicforms import FormEmail, PublicForm, as_rich_text

from .emails import message_confirmation, message_to_group, registration_confirmation
from .forms import DirectoryFilterForm, GroupMessageForm, RegistrationForm
from .models import GroupMessage, GroupRegistration, LocalGroupIndexPage, LocalGroupPage
from .postcodes import EARTH_RADIUS_MILES, bounding_box
from .site_search import with_text_matching

GROUPS_PER_PAGE = 20


def distance_from(latitude, longitude):
    """The haversine distance in miles from a point to each group, computed by the database
    (PostgreSQL and SQLite both have these functions), so sorting costs no extra query."""
    group_latitude = Radians(F("latitude"))
    half_delta_latitude = (group_latitude - Radians(Value(latitude))) / 2
    half_delta_longitude = (Radians(F("longitude")) - Radians(Value(longitude))) / 2
    a = Power(Sin(half_delta_latitude), 2) + Cos(Radians(Value(latitude))) * Cos(
        group_latitude
    ) * Power(Sin(half_delta_longitude), 2)
    return ExpressionWrapper(
        Value(2 * EARTH_RADIUS_MILES) * ASin(Sqrt(a)), output_field=FloatField()
    )


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
        .annotate(distance=distance_from(district.latitude, district.longitude))
        .filter(distance__lte=radius)
        .order_by("distance", "title", "pk")
    )


def directory(request, index_page):
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    district = form.district if "postcode" in filters else None
    groups = with_listing_pictures(filter_groups(index_page.groups(), filters, district))

    page_of_groups = paginate(request, groups, GROUPS_PER_PAGE)

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


def map_geojson(request, index_page):
    """The groups of the directory that have a location, as a GeoJSON FeatureCollection,
    filtered like the list. Coordinates are the district's, in GeoJSON's [lon, lat] order."""
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    district = form.district if "postcode" in filters else None
    groups = filter_groups(index_page.groups(), filters, district).filter(
        latitude__isnull=False, longitude__isnull=False
    )
    kinds = dict(LocalGroupPage.KIND_CHOICES)
    features = []
    for group in groups.only(
        "title", "url_path", "kind", "postcode_district", "latitude", "longitude"
    ):
        properties = {
            "name": group.title,
            "url": group.get_url(request),
            "kind": str(kinds.get(group.kind, "")),
            "district": group.postcode_district,
        }
        if district is not None:
            properties["distance_miles"] = round(group.distance, 1)
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(group.longitude, 5), round(group.latitude, 5)],
                },
                "properties": properties,
            }
        )
    response = HttpResponse(
        json.dumps({"type": "FeatureCollection", "features": features}),
        content_type="application/geo+json",
        status=400 if form.has_bad_parameters else 200,
    )
    return response


def map_geojson_at(request, page_path):
    """The map data of the directory page at this path (in the visitor's language)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    page, _args, _kwargs = site.root_page.localized.specific.route(
        request, [component for component in page_path.split("/") if component]
    )
    # route() finds only live pages; a directory behind a password or login stays private.
    if not isinstance(page, LocalGroupIndexPage) or page.get_view_restrictions().exists():
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
