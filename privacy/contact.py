"""A page's private contact address: where its form's messages go, never shown.

Local groups and working groups each have one. The address is never rendered, indexed,
offered for translation (a SynchronizedField copies it to translations) or sent to the
visitor; when a page has none, the network's own contact address (a site setting that
home provides through the `network_contact_addresses` hook) receives the messages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

NETWORK_CONTACT_HOOK = "network_contact_addresses"


def private_contact_address_field(help_text):
    return models.EmailField(_("private contact address"), blank=True, help_text=help_text)


def network_contact_addresses(site):
    for addresses_for in hooks.get_hooks(NETWORK_CONTACT_HOOK):
        addresses = addresses_for(site)
        if addresses:
            return addresses
    return []


class PrivateContactAddressMixin:
    """For a page model with a `contact_email` field (private_contact_address_field)."""

    def recipient_addresses(self):
        if self.contact_email:
            return [self.contact_email]
        return network_contact_addresses(self.get_site())
