"""The results page of the search box."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from collectivites.access import ctx_of
from search.backends import DEFAULT_LIMIT, search
from search.forms import SearchForm
from search.query import MAX_QUERY_CHARS


def results(request: HttpRequest, collectivite: str) -> HttpResponse:
    """What the words typed find among what the person may see."""
    ctx = ctx_of(request)
    form = SearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""

    found = search(ctx, text) if text.strip() else None

    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "results": found,
            "limit": DEFAULT_LIMIT,
            "max_chars": MAX_QUERY_CHARS,
        },
    )
