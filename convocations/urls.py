from django.urls import path

from convocations.views import link, mine, paper, replies, sending

app_name = "convocations"

C = "<slug:collectivite>/seances/<uuid:seance_id>/convocation/"
P = "<slug:collectivite>/convocations/papier/"
M = "<slug:collectivite>/mes-seances/"

urlpatterns = [
    path("convocation/<str:token>/", link.convocation_link, name="link"),
    path("convocation/<str:token>/ouvrir/", link.convocation_open, name="open"),
    path(
        "convocation/<str:token>/lien-de-connexion/",
        link.convocation_login_link,
        name="login_link",
    ),
    path(C, sending.convocation_deliveries, name="deliveries"),
    path(f"{C}envoyer/", sending.convocation_send, name="send"),
    path(f"{C}envoi/", sending.convocation_sending, name="sending"),
    path(f"{C}relancer/", sending.convocation_resume, name="resume"),
    path(f"{C}preuve.pdf", sending.proof_pdf, name="proof"),
    path(f"{C}courrier.pdf", sending.paper_pdf, name="paper"),
    path(
        f"{C}accuse-de-reception/",
        link.convocation_acknowledge,
        name="acknowledge",
    ),
    path(f"{C}reponse/", replies.reply_send, name="reply"),
    path(f"{C}reponses/<uuid:membership_id>/", replies.reply_record, name="reply_for"),
    path(P, paper.preference_list, name="preferences"),
    path(f"{P}<uuid:membership_id>/", paper.preference_edit, name="preference_edit"),
    path(M, mine.my_seances, name="my_seances"),
    path(f"{M}<uuid:seance_id>/", mine.my_dossier, name="my_dossier"),
    path(f"{M}points/<uuid:item_id>/note/", mine.point_note, name="point_note"),
]
