from django.urls import path

from daihoi.transfer import views

app_name = "transfer"
urlpatterns = [
    path("dai-hoi/<int:pk>/", views.congress_transfer, name="congress"),
    path("may-hoi-truong/", views.laptop, name="laptop"),
    path("bat-dau/", views.first_run, name="first_run"),
]
