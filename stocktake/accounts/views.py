from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator

from stocktake.accounts.forms import SignInForm
from stocktake.core.scoping import unscoped_view


@unscoped_view("signing in comes before any authority")
@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@unscoped_view("signing out ends the session for every authority")
class SignOutView(auth_views.LogoutView):
    pass
