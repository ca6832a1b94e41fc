"""The French words of the journal's actions, for the page its managers read.

The code of an action (``vote.recorded``) stays in the journal and in the
exports, since the hash covers it; the page and the CSV show these words.
A consistency test fails on an action written anywhere in the code that
has no label here.
"""

ACTION_LABELS: dict[str, str] = {
    # Accounts
    "account.two_factor_enabled": "Double authentification activée",
    "account.two_factor_disabled": "Double authentification désactivée",
    "account.recovery_codes_renewed": "Codes de secours renouvelés",
    "account.login_link_used": "Connexion par lien envoyé par e-mail",
    # Members and roles
    "membership.added": "Membre ajouté",
    "membership.changed": "Rôle ou fonction d'un membre modifié",
    "membership.ended": "Fin de mandat ou de fonction",
    "membership.imported": "Membres importés d'une liste",
    "membership.invitation_sent": "Invitation envoyée",
    "membership.invitation_accepted": "Invitation acceptée",
    # Shared spaces
    "workspace.created": "Espace créé",
    "workspace.changed": "Espace modifié",
    "workspace.member_added": "Membre ajouté à un espace",
    "workspace.member_removed": "Membre retiré d'un espace",
    "workspace.manager_set": "Animateur d'un espace désigné",
    "workspace.manager_unset": "Animateur d'un espace retiré",
    # Documents
    "document.created": "Document ajouté",
    "document.deleted": "Document mis à la corbeille",
    "document.restored": "Document restauré de la corbeille",
    "document.purged": "Document supprimé définitivement",
    "document.version_restored": "Ancienne version rétablie",
    "document.folder_imported": "Dossier de documents importé",
    "discussion.resolved": "Discussion close",
    "discussion.reopened": "Discussion rouverte",
    "review.requested": "Relecture demandée",
    "review.answered": "Relecture rendue",
    # Séances and their agenda
    "seance.created": "Séance créée",
    "seance.changed": "Séance modifiée",
    "seance.status_changed": "État de la séance modifié",
    "seance.convened": "Séance convoquée",
    "seance.dossier_compiled": "Dossier de séance préparé",
    "seance.opened": "Séance ouverte",
    "seance.closed": "Séance levée",
    "seance.roll_call": "Appel des membres",
    "seance.roll_call_corrected": "Appel des membres corrigé",
    "seance.quorum_non_atteint": "Quorum non atteint à l'ouverture",
    "agenda.item_added": "Point ajouté à l'ordre du jour",
    "agenda.item_changed": "Point de l'ordre du jour modifié",
    "agenda.item_moved": "Point déplacé",
    "agenda.item_carried": "Point reporté à une autre séance",
    "agenda.item_outcome": "Point retiré ou reporté",
    "agenda.reordered": "Ordre du jour réordonné",
    "agenda.annex_linked": "Annexe jointe à un point",
    "agenda.annex_updated": "Annexe mise à jour",
    "draft.saved": "Projet de délibération enregistré",
    "review.approved": "Projet approuvé par le rapporteur",
    "review.changes_asked": "Modifications demandées par le rapporteur",
    "review.approval_withdrawn": "Approbation du rapporteur retirée",
    "review.validated": "Point validé",
    "review.not_needed": "Point prêt sans relecture",
    "review.reopened": "Point remis en brouillon",
    "point.opened": "Examen d'un point commencé",
    "point.quorum_non_atteint": "Quorum non atteint pour un point",
    "point.interest_declared": "Conseiller intéressé mis à l'écart",
    "point.interest_withdrawn": "Mise à l'écart d'un conseiller levée",
    "point.debates_saved": "Débats enregistrés",
    "point.debates_corrected": "Débats corrigés",
    "point.huis_clos_read": "Consultation d'un point à huis clos",
    "vote.recorded": "Vote enregistré",
    "vote.corrected": "Vote corrigé",
    "procuration.given": "Procuration donnée",
    "procuration.revoked": "Procuration retirée",
    # Convocations
    "convocation.sent": "Convocation envoyée",
    "convocation.paper_preference": "Choix de la convocation papier",
    "convocation.change_recorded": "Modification après convocation",
    "convocation.change_notice": "Avis de modification envoyé",
    "delivery.accepted": "Convocation acceptée par le serveur de messagerie",
    "delivery.refused": "Convocation refusée par le serveur de messagerie",
    "delivery.opened": "Convocation ouverte par son destinataire",
    "delivery.acknowledged": "Réception de la convocation confirmée",
    "delivery.reminded": "Rappel de la convocation envoyé",
    "notice.accepted": "Avis de modification accepté par le serveur",
    "notice.refused": "Avis de modification refusé",
    "reply.recorded": "Réponse à la convocation enregistrée",
    "delivery.first_visit_login": "Première connexion depuis la convocation",
    "document.read": "Document consulté",
    "personal_data.exported": "Données personnelles téléchargées",
    # Actes, procès-verbaux, publication
    "actes.deliberations_created": "Délibérations numérotées",
    "actes.pdf_built": "Délibération mise en page",
    "actes.signed": "Délibération signée",
    "actes.pades_signed": "Délibération signée électroniquement",
    "actes.transmission_recorded": "Transmission au contrôle de légalité",
    "act.published": "Acte publié",
    "act.withdrawn": "Publication d'un acte retirée",
    "liste_deliberations.made": "Liste des délibérations établie",
    "liste_deliberations.posted": "Liste des délibérations affichée",
    "proces_verbal.drafted": "Procès-verbal rédigé",
    "proces_verbal.saved": "Procès-verbal enregistré",
    "proces_verbal.put_on_agenda": "Procès-verbal inscrit à l'ordre du jour",
    "proces_verbal.approved": "Procès-verbal adopté",
    "proces_verbal.approval_withdrawn": "Adoption du procès-verbal retirée",
    "scdl.history_imported": "Historique des délibérations importé",
    # Intérim
    "interim.handed_over": "Intérim confié",
    "interim.ended": "Intérim terminé",
    # The collectivité's data
    "collectivite.exported": "Données de la collectivité exportées",
    "collectivite.imported": "Données de la collectivité importées",
}


def label_for(action: str) -> str:
    """The words of an action; an unknown one shows its code."""
    return ACTION_LABELS.get(action, action)
