"""What each role does, shown on its home page; links point at pages that exist for that role."""

from django.utils.translation import gettext_lazy as _

from motcua.org.models import Role

ROLE_DUTIES = {
    Role.RECEIVING_OFFICER: [
        _("Check dossiers presented at your counter for completeness, for any commune of the province."),
        _("Issue the receipt and appointment slip, a supplement request or a refusal."),
        _("Scan documents and hand results back to citizens."),
    ],
    Role.SPECIALIST: [
        _("Appraise dossiers assigned to your unit within the time allotted to your step."),
        _("Ask for supplements, propose approval or refusal, prepare results."),
    ],
    Role.UNIT_LEADER: [
        _("Assign dossiers to specialists and follow your unit's deadlines."),
        _("Approve or refuse, sign results, issue apologies when a dossier runs late."),
    ],
    Role.CENTRE_DIRECTOR: [
        _("Steer the centre and its branches: workload, delays and satisfaction."),
        _("Manage the counters of your centre and its branches."),
    ],
    Role.ADMINISTRATOR: [
        _("Manage units, branches, counters, staff accounts and their roles."),
        _("Keep reference data up to date: administrative units and their changes."),
    ],
}

CITIZEN_DUTIES = [
    _("File dossiers online and follow them, pay fees, receive results and rate the service."),
]
AGENT_DUTIES = [
    _("File dossiers online on behalf of citizens who authorised you, and follow them."),
]
