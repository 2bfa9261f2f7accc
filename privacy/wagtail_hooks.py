from wagtail import hooks

from moderation.roles import is_moderator


@hooks.register("filter_form_submissions_for_user")
def limit_form_submissions_to_moderators(user, queryset):
    # Form submissions hold what members of the public wrote about themselves and their
    # politics: only moderators, who answer them, may read them, not every page editor.
    if is_moderator(user):
        return queryset
    return queryset.none()
