"""The portal's URLs plus one broken view, to see what a visitor gets on a server error."""

from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def broken_view(request):
    raise RuntimeError("database exploded")


urlpatterns = [path("broken/", broken_view), *portal_urlpatterns]
