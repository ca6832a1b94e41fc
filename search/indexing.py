"""Keeping the search index in step with what it finds.

The services that create or change a document, a version's extracted text,
a comment or a point call these functions inside their own transaction: the
index changes with the data, or not at all. What may be seen is decided at
search time (``search.backends``), never stored here, so that a deletion, a
restoration or a convocation needs no re-indexing.
"""

import logging
from collections.abc import Iterable
from itertools import batched

from django.db import transaction
from django.db.models import QuerySet

from discussions.models import Comment
from documents.models import Document
from previews.models import Rendition
from seances import richtext
from seances.models import AgendaItem, DraftRevision
from search import backends
from search.models import SearchEntry

logger = logging.getLogger(__name__)

# TODO(search-size): only the beginning of a very long text is searched;
# PostgreSQL refuses a text vector over 1 MB, and a passage further on would
# rarely be the one a person remembers.
MAX_BODY_CHARS = 100_000
# Documents read and written together when many are indexed at once.
BATCH = 500

Kind = SearchEntry.Kind


def clean(text: str) -> str:
    """Without the characters that mark matches in passages, nor NUL."""
    return text.translate({0: " ", 2: " ", 3: " "})[:MAX_BODY_CHARS]


def index_document(document: Document) -> None:
    """The title and the extracted text of the current version."""
    _write([_document_entry(document, _texts_of([document]))])


def index_blob(sha256: str) -> None:
    """Every document whose current version holds these bytes: their text
    has just been extracted (previews are kept per content).

    The documents' rows are locked first, in order, as the services that
    add a version lock them before indexing: a text that arrives while a
    person uploads a new version then waits for that upload instead of
    both writing the same index rows at once (a deadlock on PostgreSQL)."""
    documents = Document.objects.filter(current_version__blob_id=sha256)
    with transaction.atomic():
        list(documents.select_for_update(of=("self",)).order_by("pk").only("pk"))
        index_documents(documents)


def index_documents(documents: QuerySet[Document]) -> int:
    """The title and extracted text of each of ``documents``, a batch at a
    time: a few queries per ``BATCH`` documents, not per document. Returns
    how many were indexed."""
    documents = documents.select_related("workspace", "current_version")
    count = 0
    for chunk in batched(documents.order_by("pk"), BATCH):
        texts = _texts_of(chunk)
        _write([_document_entry(document, texts) for document in chunk])
        count += len(chunk)
    return count


def index_comment(comment: Comment) -> None:
    """A comment on a document, or on an agenda point."""
    thread = comment.thread
    if thread.document is not None:
        _write([_comment_entry(comment, thread.document)])
    elif thread.agenda_item_id is not None:
        item = AgendaItem.objects.select_related("seance").get(pk=thread.agenda_item_id)
        _write([_point_comment_entry(comment, item)])


def index_point(item: AgendaItem) -> None:
    """The point's title and the latest revision of its draft."""
    item = AgendaItem.objects.select_related("seance__workspace").get(pk=item.pk)
    latest = item.revisions.order_by("-number").first()
    _write([_point_entry(item, latest)])


def reindex_all() -> int:
    """Rebuild the whole index from the data; returns the number of rows."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        backends.clear()
        count = index_documents(Document.objects.all())
        for batch in _other_entries():
            _write(batch)
            count += len(batch)
    logger.info("search reindexed entries=%s", count)
    return count


def _other_entries() -> Iterable[list[SearchEntry]]:
    """The comments, then the points, of every collectivité."""
    comments = Comment.objects.select_related("thread__document__workspace").filter(
        thread__document__isnull=False
    )
    yield [
        _comment_entry(comment, comment.thread.document)  # type: ignore[arg-type]
        for comment in comments
    ]
    on_points = Comment.objects.select_related("thread__agenda_item__seance").filter(
        thread__agenda_item__isnull=False
    )
    yield [
        _point_comment_entry(comment, comment.thread.agenda_item)  # type: ignore[arg-type]
        for comment in on_points
    ]
    latest: dict[object, DraftRevision] = {}
    for revision in DraftRevision.objects.order_by("item_id", "number"):
        latest[revision.item_id] = revision
    items = AgendaItem.objects.select_related("seance__workspace")
    yield [_point_entry(item, latest.get(item.pk)) for item in items]


def _texts_of(documents: Iterable[Document]) -> dict[str, str]:
    """The extracted text of each current version's bytes, by content hash."""
    hashes = {
        document.current_version.blob_id
        for document in documents
        if document.current_version is not None
    }
    renditions = Rendition.objects.filter(
        source_id__in=hashes, kind=Rendition.Kind.PREVIEW
    ).values_list("source_id", "text")
    return dict(renditions)


def _document_entry(document: Document, texts: dict[str, str]) -> SearchEntry:
    version = document.current_version
    text = texts.get(version.blob_id, "") if version is not None else ""
    return SearchEntry(
        key=f"{Kind.DOCUMENT}:{document.pk}",
        kind=Kind.DOCUMENT,
        collectivite_id=document.collectivite_id,
        workspace_id=document.workspace_id,
        document=document,
        title=clean(document.title)[:300],
        body=clean(text),
        label=document.workspace.name[:300],
    )


def _comment_entry(comment: Comment, document: Document) -> SearchEntry:
    return SearchEntry(
        key=f"{Kind.COMMENT}:{comment.pk}",
        kind=Kind.COMMENT,
        collectivite_id=document.collectivite_id,
        workspace_id=document.workspace_id,
        document=document,
        comment=comment,
        body=clean(comment.body),
        label=f"Discussion sur « {document.title} »"[:300],
    )


def _point_comment_entry(comment: Comment, item: AgendaItem) -> SearchEntry:
    """A comment on a point is found by those who see the point, and only
    them: its row is of the point's kind, which ``can_see_point`` filters,
    and names the comment."""
    seance = item.seance
    return SearchEntry(
        key=f"{Kind.COMMENT}:{comment.pk}",
        kind=Kind.POINT,
        collectivite_id=seance.collectivite_id,
        workspace_id=seance.workspace_id,
        item=item,
        comment=comment,
        body=clean(comment.body),
        label=f"Discussion sur le point « {item.title} »"[:300],
    )


def _point_entry(item: AgendaItem, draft: DraftRevision | None) -> SearchEntry:
    seance = item.seance
    texts = []
    if draft is not None:
        # The words of the texts, not their tags: a word in a table cell is
        # found, "strong" or "td" is not.
        texts = [
            "\n".join(richtext.paragraphs(getattr(draft, name), by_line=by_line))
            for name, by_line in richtext.DRAFT_TEXTS.items()
        ]
    return SearchEntry(
        key=f"{Kind.POINT}:{item.pk}",
        kind=Kind.POINT,
        collectivite_id=seance.collectivite_id,
        workspace_id=seance.workspace_id,
        item=item,
        title=clean(item.title)[:300],
        body=clean("\n\n".join(text for text in texts if text)),
        label=str(seance)[:300],
    )


def _write(entries: list[SearchEntry]) -> None:
    """Replace the rows of ``entries`` (by key), and their full text."""
    if not entries:
        return
    with transaction.atomic():
        keys = [entry.key for entry in entries]
        old = list(
            SearchEntry.objects.filter(key__in=keys).values_list("id", flat=True)
        )
        backends.forget(old)
        SearchEntry.objects.filter(key__in=keys).delete()
        SearchEntry.objects.bulk_create(entries)
        backends.remember(entries)
