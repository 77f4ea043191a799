from django.urls import path

from daihoi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.report, name="campaign"),
    path("<int:pk>/tien-do.svg", views.progress_chart, name="progress_chart"),
    path("<int:pk>/co-cau.svg", views.composition_chart, name="composition_chart"),
    path("<int:pk>/bao-cao.docx", views.download, {"fmt": "docx"}, name="docx"),
    path("<int:pk>/bao-cao.pdf", views.download, {"fmt": "pdf"}, name="pdf"),
    path("<int:pk>/phu-luc.xlsx", views.download, {"fmt": "xlsx"}, name="xlsx"),
    path("<int:pk>/so-lieu.json", views.download, {"fmt": "json"}, name="json"),
]
