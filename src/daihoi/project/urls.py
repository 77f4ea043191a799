from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from daihoi.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("dang-nhap/", web_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ngon-ngu/", set_language, name="set_language"),
    path("healthz", web_views.healthz, name="healthz"),
    path("to-chuc/", include("daihoi.orgs.urls")),
    path("nguoi-dung/", include("daihoi.accounts.urls")),
    path("nhat-ky/", include("daihoi.audit.urls")),
    path("api/v1/", include("daihoi.api.urls")),
    path("dot-dai-hoi/", include("daihoi.campaigns.urls")),
    path("dai-hoi/", include("daihoi.congress.urls")),
    path("bao-cao/", include("daihoi.reports.urls")),
    path("quet-phieu/", include("daihoi.scanning.urls")),
    path("chuyen-giao/", include("daihoi.transfer.urls")),
]
