from axes.backends import AxesStandaloneBackend


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock-out check for every sign-in made through a web request.

    A call to authenticate() without a request (the test client's login(), a management
    command) comes from code on the server, not from a visitor, so there is no address to
    count and nothing to throttle; axes itself would raise.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
