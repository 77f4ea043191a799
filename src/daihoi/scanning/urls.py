from django.urls import path

from daihoi.scanning import views

app_name = "scanning"
urlpatterns = [
    path("bau-cu/<int:pk>/phieu-bau.pdf", views.print_ballots, name="print"),
    path("bau-cu/<int:pk>/", views.election_scans, name="election"),
    path("bau-cu/<int:pk>/bo-hieu-chinh.pdf", views.calibration_kit, name="calibration_kit"),
    path("bau-cu/<int:pk>/hieu-chinh/", views.calibration_report, name="calibration_report"),
    path("bo-anh/<int:pk>/", views.scan_set, name="set"),
    path("bo-anh/<int:pk>/tien-do/", views.progress, name="progress"),
    path("bo-anh/<int:pk>/doc-tiep/", views.retry, name="retry"),
    path("bo-anh/<int:pk>/thanh-lan-nhap/", views.to_entry, name="to_entry"),
    path("to/<int:pk>/", views.ballot, name="ballot"),
    path("to/<int:pk>/anh", views.ballot_image, name="image"),
    path("to/<int:pk>/dong/<str:cid>.png", views.ballot_close_up, name="close_up"),
    path("to/<int:pk>/quet-lai/", views.rescan, name="rescan"),
    path("to/<int:pk>/bo-khoi-bo-anh/", views.remove, name="remove"),
]
