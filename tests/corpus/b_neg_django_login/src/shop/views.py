"""Account views: sign in, and sign in + subscribe to the newsletter in one form."""

from shop import auth, newsletter


class Response:
    def __init__(self, status, body=""):
        self.status = status
        self.body = body


def login_view(request):
    user = auth.authenticate(
        request,
        username=request.POST.get("username"),
        password=request.POST.get("password"),
    )
    if user is None:
        return Response(401, "Wrong username or password")
    auth.login(request, user)
    if request.POST.get("newsletter") == "on":
        newsletter.opt_in(user.email)
    return Response(302, "/account/")


def logout_view(request):
    auth.logout(request)
    return Response(302, "/")
