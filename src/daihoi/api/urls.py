from django.urls import path

from daihoi.api import views
from daihoi.campaigns import api as campaigns_api
from daihoi.transfer import api as transfer_api

app_name = "api"
urlpatterns = [
    path("me", views.me, name="me"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<int:pk>", views.organization, name="organization"),
    path("members", views.members, name="members"),
    path("members/<int:pk>", views.member, name="member"),
    path("tally", views.tally, name="tally"),
    path("campaigns", campaigns_api.campaigns, name="campaigns"),
    path("campaigns/<int:pk>", campaigns_api.campaign, name="campaign"),
    path("campaigns/<int:pk>/congresses", campaigns_api.congresses, name="campaign_congresses"),
    path("packages", transfer_api.packages, name="packages"),
    path("openapi.json", views.openapi, name="openapi"),
]
