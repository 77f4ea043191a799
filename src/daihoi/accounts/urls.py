from django.urls import path

from daihoi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.users, name="users"),
    path("them/", views.user_create, name="create"),
    path("<int:pk>/", views.user_edit, name="edit"),
]
