from django.urls import path

from discussions.views import reviews, threads

app_name = "discussions"

urlpatterns = [
    path(
        "<slug:collectivite>/documents/<uuid:document_id>/discussions/nouvelle/",
        threads.new_thread,
        name="new_thread",
    ),
    path(
        "<slug:collectivite>/documents/<uuid:document_id>/mentions/",
        threads.mention_candidates,
        name="mention_candidates",
    ),
    path(
        "<slug:collectivite>/seances/points/<uuid:item_id>/discussions/nouvelle/",
        threads.new_point_thread,
        name="new_point_thread",
    ),
    path(
        "<slug:collectivite>/seances/points/<uuid:item_id>/mentions/",
        threads.point_mention_candidates,
        name="point_mention_candidates",
    ),
    path(
        "<slug:collectivite>/discussions/<uuid:thread_id>/repondre/",
        threads.reply_to_thread,
        name="reply",
    ),
    path(
        "<slug:collectivite>/discussions/<uuid:thread_id>/resoudre/",
        threads.resolve,
        name="resolve",
    ),
    path(
        "<slug:collectivite>/discussions/<uuid:thread_id>/rouvrir/",
        threads.reopen,
        name="reopen",
    ),
    path(
        "<slug:collectivite>/commentaires/<uuid:comment_id>/modifier/",
        threads.edit,
        name="edit",
    ),
    path(
        "<slug:collectivite>/commentaires/<uuid:comment_id>/historique/",
        threads.history,
        name="history",
    ),
    path(
        "<slug:collectivite>/documents/<uuid:document_id>/relecture/",
        reviews.new_request,
        name="new_review",
    ),
    path(
        "<slug:collectivite>/relectures/<uuid:review_id>/",
        reviews.answer,
        name="answer_review",
    ),
]
