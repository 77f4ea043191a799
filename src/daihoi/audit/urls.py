from django.urls import path

from daihoi.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("kiem-tra/", views.verify_chain, name="verify"),
]
