from django.urls import path

from daihoi.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("tao/", views.campaign_create, name="create"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/sua/", views.campaign_edit, name="edit"),
    path("<int:pk>/dai-hoi/", views.congress_list, name="congresses"),
    path("<int:pk>/bieu-do.svg", views.chart, name="chart"),
    path("<int:pk>/lich/", views.calendar, name="calendar"),
    path("<int:pk>/xuat.xlsx", views.export, name="export"),
    path("<int:pk>/don-doc/", views.remind, name="remind"),
    path("dai-hoi/<int:pk>/", views.congress_detail, name="congress"),
    path("dai-hoi/<int:pk>/sua/", views.congress_edit, name="congress_edit"),
    path("dai-hoi/<int:pk>/chuyen-buoc/", views.congress_step, name="step"),
    path("dai-hoi/<int:pk>/tra-lai/", views.congress_send_back, name="send_back"),
    path("dai-hoi/<int:pk>/van-kien/", views.document_upload, name="upload"),
    path("dai-hoi/<int:pk>/nhan-su/", views.personnel_plan, name="plan"),
    path("dai-hoi/<int:pk>/dieu-dong/", views.transfer_create, name="transfer"),
    path("van-kien/<int:pk>/", views.document_file, name="document"),
    path("van-kien/<int:pk>/y-kien/", views.document_comment, name="comment"),
]
