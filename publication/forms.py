from django import forms

from web.forms import QuorumForm


class PublishForm(QuorumForm):
    passages = forms.CharField(
        label="Passages à masquer dans la copie publiée",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Un passage par ligne, recopié tel qu'il figure dans l'acte : "
        "le nom, l'adresse ou la situation d'une personne qui n'est pas élue. "
        "Chaque passage est remplacé par « [donnée masquée] » dans la copie mise "
        "en ligne ; l'original signé reste entier au registre. Laissez vide pour "
        "publier l'acte tel quel.",
    )


class SearchForm(QuorumForm):
    q = forms.CharField(label="Rechercher", required=False, max_length=200)
    annee = forms.IntegerField(
        label="Année", required=False, min_value=1900, max_value=2200
    )
