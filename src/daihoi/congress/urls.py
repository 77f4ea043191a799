from django.urls import path

from daihoi.congress import views
from daihoi.congress import views_election as ev

app_name = "congress"
urlpatterns = [
    path("", views.congress_list, name="list"),
    path("<int:pk>/", views.congress_detail, name="detail"),
    path("<int:pk>/diem-danh/", views.roster, name="roster"),
    path("<int:pk>/diem-danh/tim/", views.roster_search, name="roster_search"),
    path("<int:pk>/diem-danh/so-lieu/", views.attendance, name="attendance"),
    path("<int:pk>/diem-danh/vao/", views.check_in, name="check_in"),
    path("<int:pk>/diem-danh/them/", views.add_attendee, name="add_attendee"),
    path("<int:pk>/diem-danh/<int:attendee_pk>/", views.set_status, name="set_status"),
    path("<int:pk>/the-dai-bieu.pdf", views.cards, name="cards"),
    path("<int:pk>/co-quan/", views.working_body, name="working_body"),
    path("<int:pk>/chuong-trinh/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/chuong-trinh/<int:item_pk>/", views.agenda_vote, name="agenda_vote"),
    path("<int:pk>/bao-cao/", views.report, name="report"),
    path("<int:pk>/bau-cu/them/", ev.election_create, name="election_create"),
    path("<int:pk>/bau-cu/nhap-tep/", ev.election_import, name="election_import"),
    path("bau-cu/<int:pk>/", ev.election_detail, name="election"),
    path("bau-cu/<int:pk>/ung-vien/", ev.candidate_add, name="candidate_add"),
    path("bau-cu/<int:pk>/ung-vien/<int:cand_pk>/rut/", ev.candidate_withdraw,
         name="candidate_withdraw"),
    path("bau-cu/<int:pk>/chot-danh-sach/", ev.list_approve, name="list_approve"),
    path("bau-cu/<int:pk>/ban-kiem-phieu/", ev.counters, name="counters"),
    path("bau-cu/<int:pk>/so-phieu/", ev.totals, name="totals"),
    path("bau-cu/<int:pk>/xac-nhan/", ev.certify, name="certify"),
    path("bau-cu/<int:pk>/vong-moi/", ev.new_round, name="new_round"),
    path("bau-cu/<int:pk>/nhap-lo/", ev.entry_open, name="entry_open"),
    path("bau-cu/<int:pk>/trinh-chieu/", ev.projector, name="projector"),
    path("bau-cu/<int:pk>/trinh-chieu/so-lieu/", ev.projector_part, name="projector_part"),
    path("bau-cu/<int:pk>/bien-ban.pdf", ev.minutes_pdf, name="minutes_pdf"),
    path("bau-cu/<int:pk>/bien-ban.docx", ev.minutes_docx, name="minutes_docx"),
    path("bau-cu/<int:pk>/nhat-ky.pdf", ev.entry_log, name="entry_log"),
    path("bau-cu/<int:pk>/xuat.json", ev.export_json, name="export_json"),
    path("bau-cu/<int:pk>/ket-qua.json", ev.result_json, name="result_json"),
    path("nhap/<int:pk>/", ev.entry, name="entry"),
    path("nhap/<int:pk>/hoan-tac/", ev.entry_undo, name="entry_undo"),
    path("nhap/<int:pk>/xong/", ev.entry_submit, name="entry_submit"),
    path("lo/<int:pk>/", ev.batch, name="batch"),
]
