from django.urls import path

from daihoi.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.org_detail, name="detail"),
    path("<int:pk>/sua/", views.org_edit, name="edit"),
    path("<int:parent_pk>/them/", views.org_create, name="create"),
    path("dang-vien/", views.members, name="members"),
    path("dang-vien/them/", views.member_create, name="member_create"),
    path("dang-vien/xuat.xlsx", views.members_export, name="members_export"),
    path("dang-vien/mau.xlsx", views.members_template, name="members_template"),
    path("dang-vien/nhap/", views.members_import, name="members_import"),
    path("dang-vien/<int:pk>/", views.member_detail, name="member"),
]
