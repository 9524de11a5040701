"""How the matrix test reaches each row of docs/organisation-and-permissions.md: the URL of every
(route pattern, scope) the document lists, and the form each lifecycle action is posted with.

A scope names the object a row is about: "—" none; otherwise the state of the dossier (see `world.py`),
sometimes followed by the file or form of that dossier. Placeholders in the URLs: {code} the dossier's code,
{scan} its submitted scan, {result} its result file, {receipt} its receipt, {payment} its payment, {token}
its counter-tablet token, {stored} the citizen's stored document, {user} the citizen's account, {object} the
first object of an admin model.
"""

from motcua.catalog.models import Channel
from motcua.dossiers.actions import Action

# The columns of the matrix (its headers): who acts, and which applicant's dossier they are shown ("citizen" unless
# "agent"). "-o": the other scope of the same role (another's dossier, another centre or unit); "sp-a": a specialist
# of the handling unit while the dossier's step is assigned to a colleague.
COLUMNS = {
    "anon": (None, "citizen"),  # anonymous visitor
    "cit": ("citizen", "citizen"),  # citizen, their own dossier
    "cit-o": ("citizen_other", "citizen"),  # citizen, another's dossier
    "agt": ("agent", "agent"),  # agent, a dossier they filed
    "agt-o": ("agent", "citizen"),  # agent, a dossier someone else filed
    "ro": ("officer", "citizen"),  # receiving officer of the receiving centre family (Branch 1)
    "ro-o": ("officer_other", "citizen"),  # receiving officer of another centre
    "sp": ("specialist", "citizen"),  # specialist of the handling unit, the step's assignee
    "sp-o": ("specialist_other", "citizen"),  # specialist of another unit
    "sp-a": ("specialist_colleague", "citizen"),  # specialist of the handling unit, step assigned to a colleague
    "ul": ("leader", "citizen"),  # unit leader of the handling unit
    "ul-o": ("leader_other", "citizen"),  # unit leader of another unit
    "cd": ("director", "citizen"),  # centre director of the receiving centre
    "cd-o": ("director_other", "citizen"),  # centre director of another centre
    "adm": ("administrator", "citizen"),  # administrator, role at the receiving centre
    "su": ("superuser", "citizen"),  # superuser without a role
    "off": ("deactivated", "citizen"),  # deactivated account (was a receiving officer of Branch 1)
}

Q_PERIOD = "?from=2026-03-01&to=2026-03-31"
HOME = "(home)"  # how the document writes the empty pattern of the home page

GET = {
    # portal
    (HOME, "—"): "/",
    ("login/", "—"): "/login/",
    ("logout/", "—"): "/logout/",
    ("password/reset/", "—"): "/password/reset/",
    ("password/reset/sent/", "—"): "/password/reset/sent/",
    ("password/reset/<uidb64>/<token>/", "—"): "/password/reset/MQ/no-such-token/",
    ("password/reset/done/", "—"): "/password/reset/done/",
    ("password/change/", "—"): "/password/change/",
    ("healthz", "—"): "/healthz",
    ("readyz", "—"): "/readyz",
    ("my-units/", "—"): "/my-units/",
    ("service-points/", "—"): "/service-points/",
    ("file/", "—"): "/file/",
    ("file/<str:code>/", "—"): "/file/1.001193/",
    ("file/<str:code>/fees/", "—"): "/file/1.001193/fees/?f_so_ban_sao=2",
    ("my/dossiers/", "—"): "/my/dossiers/",
    ("my/dossiers/<str:code>/", "in_process"): "/my/dossiers/{code}/",
    ("my/dossiers/<str:code>/files/<int:pk>/", "in_process scan"): "/my/dossiers/{code}/files/{scan}/",
    ("my/dossiers/<str:code>/files/<int:pk>/", "approved result"): "/my/dossiers/{code}/files/{result}/",
    ("my/dossiers/<str:code>/files/<int:pk>/", "result_ready result"): "/my/dossiers/{code}/files/{result}/",
    ("my/dossiers/<str:code>/forms/<slug:slug>.pdf", "in_process receipt"): "/my/dossiers/{code}/forms/receipt.pdf",
    ("my/dossiers/<str:code>/forms/<slug:slug>.pdf", "in_process control-sheet"): (
        "/my/dossiers/{code}/forms/control-sheet.pdf"
    ),
    ("my/dossiers/<str:code>/forms/<slug:slug>.pdf", "supplement supplement"): (
        "/my/dossiers/{code}/forms/supplement.pdf"
    ),
    ("my/dossiers/<str:code>/forms/<slug:slug>.pdf", "not_accepted refusal"): "/my/dossiers/{code}/forms/refusal.pdf",
    ("my/dossiers/<str:code>/forms/<slug:slug>.pdf", "financial apology"): "/my/dossiers/{code}/forms/apology.pdf",
    ("my/documents/", "—"): "/my/documents/",
    ("my/documents/<int:pk>/", "citizen's document"): "/my/documents/{stored}/",
    ("my/profile/", "—"): "/my/profile/",
    # catalogue
    ("procedures/", "—"): "/procedures/",
    ("procedures/<str:code>/", "—"): "/procedures/1.001193/",
    # workspace
    ("workspace/", "—"): "/workspace/?list=all",
    ("workspace/intake/", "—"): "/workspace/intake/",
    ("workspace/intake/communes/", "—"): "/workspace/intake/communes/?q=hoan+kiem",
    ("workspace/dossiers/<str:code>/", "in_process"): "/workspace/dossiers/{code}/",
    ("workspace/dossiers/<str:code>/", "queue"): "/workspace/dossiers/{code}/",
    ("workspace/dossiers/<str:code>/", "returned"): "/workspace/dossiers/{code}/",
    ("workspace/dossiers/<str:code>/act/<str:action>/", "in_process"): "/workspace/dossiers/{code}/act/forward/",
    ("workspace/dossiers/<str:code>/files/<int:pk>/", "in_process scan"): "/workspace/dossiers/{code}/files/{scan}/",
    ("workspace/dossiers/<str:code>/files/<int:pk>/", "approved result"): (
        "/workspace/dossiers/{code}/files/{result}/"
    ),
    ("workspace/dossiers/<str:code>/files/<int:pk>/", "result_ready result"): (
        "/workspace/dossiers/{code}/files/{result}/"
    ),
    ("workspace/dossiers/<str:code>/files/<int:pk>/preview/", "in_process scan"): (
        "/workspace/dossiers/{code}/files/{scan}/preview/"
    ),
    ("workspace/dossiers/<str:code>/files/<int:pk>/preview/", "result_ready result"): (
        "/workspace/dossiers/{code}/files/{result}/preview/"
    ),
    ("workspace/dossiers/<str:code>/forms/<slug:slug>.pdf", "in_process receipt"): (
        "/workspace/dossiers/{code}/forms/receipt.pdf"
    ),
    ("workspace/dossiers/<str:code>/forms/<slug:slug>.pdf", "in_process control-sheet"): (
        "/workspace/dossiers/{code}/forms/control-sheet.pdf"
    ),
    ("workspace/dossiers/<str:code>/forms/<slug:slug>.pdf", "supplement supplement"): (
        "/workspace/dossiers/{code}/forms/supplement.pdf"
    ),
    ("workspace/dossiers/<str:code>/forms/<slug:slug>.pdf", "not_accepted refusal"): (
        "/workspace/dossiers/{code}/forms/refusal.pdf"
    ),
    ("workspace/dossiers/<str:code>/forms/<slug:slug>.pdf", "financial apology"): (
        "/workspace/dossiers/{code}/forms/apology.pdf"
    ),
    ("lookup/", "in_process"): "/lookup/?code={code}",
    # feedback
    ("feedback/dossiers/<str:code>/rate/", "returned"): "/feedback/dossiers/{code}/rate/",
    ("feedback/tablet/thanks/", "—"): "/feedback/tablet/thanks/",
    ("feedback/tablet/<str:code>/", "returned"): "/feedback/tablet/{code}/",
    ("feedback/tablet/<str:code>/<str:token>/", "returned token"): "/feedback/tablet/{code}/{token}/",
    ("feedback/tablet/<str:code>/<str:token>/", "returned forged token"): "/feedback/tablet/{code}/x{token}/",
    # payments
    ("payments/dossiers/<str:code>/", "in_process"): "/payments/dossiers/{code}/",
    ("payments/dossiers/<str:code>/qr/", "in_process"): "/payments/dossiers/{code}/qr/",
    ("payments/dossiers/<str:code>/cash/", "in_process"): "/payments/dossiers/{code}/cash/",
    ("payments/dossiers/<str:code>/exempt/", "in_process"): "/payments/dossiers/{code}/exempt/",
    ("payments/dossiers/<str:code>/simulate/<int:pk>/", "in_process"): (
        "/payments/dossiers/{code}/simulate/{payment}/"
    ),
    ("payments/receipts/<str:number>.pdf", "in_process receipt"): "/payments/receipts/{receipt}.pdf",
    ("payments/reconciliation/", "—"): "/payments/reconciliation/",
    ("payments/callback/<slug:provider>/", "—"): "/payments/callback/vietqr/",
    # portal sync
    ("integrations/portal/", "—"): "/integrations/portal/",
    ("integrations/portal/<int:pk>/retry/", "—"): "/integrations/portal/1/retry/",
    ("integrations/portal/retry-all/", "—"): "/integrations/portal/retry-all/",
    # reports
    ("reports/", "—"): "/reports/" + Q_PERIOD,
    ("reports/dashboard/", "—"): "/reports/dashboard/" + Q_PERIOD,
    ("reports/indicators/", "—"): "/reports/indicators/" + Q_PERIOD,
    ("reports/waiting/", "—"): "/reports/waiting/?step=x",
    ("reports/dossiers/", "—"): "/reports/dossiers/" + Q_PERIOD + "&metric=received",
    ("reports/export.csv", "—"): "/reports/export.csv" + Q_PERIOD,
    ("reports/export.xlsx", "—"): "/reports/export.xlsx" + Q_PERIOD,
    # API
    ("api/v1/", "—"): "/api/v1/",
    ("api/v1/openapi.json", "—"): "/api/v1/openapi.json",
    ("api/v1/docs", "—"): "/api/v1/docs",
    ("api/v1/provinces", "—"): "/api/v1/provinces",
    ("api/v1/provinces/<code>/communes", "—"): "/api/v1/provinces/01/communes",
    ("api/v1/calendar/deadline", "—"): "/api/v1/calendar/deadline?start=2026-03-03T09:00&working_days=2",
    ("api/v1/calendar/holidays", "—"): "/api/v1/calendar/holidays?year=2026",
    ("api/v1/procedures", "—"): "/api/v1/procedures?q=khai+sinh",
    ("api/v1/procedures/<code>", "—"): "/api/v1/procedures/1.001193",
    ("api/v1/dossiers", "—"): "/api/v1/dossiers",
    ("api/v1/dossiers/<code>", "in_process"): "/api/v1/dossiers/{code}",
    ("api/v1/dossiers/<code>/rating", "returned"): "/api/v1/dossiers/{code}/rating",
    ("api/v1/lookup/<code>", "in_process"): "/api/v1/lookup/{code}",
    # language, national identity (django-allauth)
    ("i18n/setlang/", "—"): "/i18n/setlang/",
    ("accounts/login/", "—"): "/accounts/login/",
    ("accounts/logout/", "—"): "/accounts/logout/",
    ("accounts/inactive/", "—"): "/accounts/inactive/",
    ("accounts/3rdparty/", "—"): "/accounts/3rdparty/",
    ("accounts/3rdparty/login/cancelled/", "—"): "/accounts/3rdparty/login/cancelled/",
    ("accounts/3rdparty/login/error/", "—"): "/accounts/3rdparty/login/error/",
    ("accounts/3rdparty/signup/", "—"): "/accounts/3rdparty/signup/",
    ("accounts/social/login/cancelled/", "—"): "/accounts/social/login/cancelled/",
    ("accounts/social/login/error/", "—"): "/accounts/social/login/error/",
    ("accounts/social/signup/", "—"): "/accounts/social/signup/",
    ("accounts/social/connections/", "—"): "/accounts/social/connections/",
    ("accounts/oidc/^(?P<provider_id>[^/]+)/login/", "—"): "/accounts/oidc/vneid/login/",
    ("accounts/oidc/^(?P<provider_id>[^/]+)/login/callback/", "—"): "/accounts/oidc/vneid/login/callback/",
    # Django admin (the model pages are in the admin table)
    ("admin/", "—"): "/admin/",
    ("admin/login/", "—"): "/admin/login/",
    ("admin/logout/", "—"): "/admin/logout/",
    ("admin/password_change/", "—"): "/admin/password_change/",
    ("admin/password_change/done/", "—"): "/admin/password_change/done/",
    ("admin/autocomplete/", "—"): "/admin/autocomplete/",
    ("admin/jsi18n/", "—"): "/admin/jsi18n/",
    ("admin/r/<path:content_type_id>/<path:object_id>/", "—"): "/admin/r/1/1/",
    ("admin/accounts/user/<id>/password/", "citizen's account"): "/admin/accounts/user/{user}/password/",
    ("admin/catalog/procedureversion/eform-preview/", "—"): "/admin/catalog/procedureversion/eform-preview/",
    ("admin/<app_label>/", "—"): "/admin/org/",  # one regex listing the admin's apps (`ADMIN_APP_LIST`)
    ("admin/(?P<url>.*)$", "—"): "/admin/nothing-here/",
}

# The pages of one model in the admin: (pattern suffix, URL suffix). The admin table has a column for each.
ADMIN_VIEWS = {
    "list": ("", ""),
    "add": ("add/", "add/"),
    "change": ("<path:object_id>/change/", "{object}/change/"),
    "history": ("<path:object_id>/history/", "{object}/history/"),
    "delete": ("<path:object_id>/delete/", "{object}/delete/"),
    "object": ("<path:object_id>/", "{object}/"),
}
# The admin's page of one app: its pattern lists the labels of the apps with models in the admin.
ADMIN_APP_LIST = ("admin/<app_label>/", "admin/^(?P<app_label>{labels})/$")

# A valid form for each lifecycle action on the workspace's action route, so that an allowed action succeeds.
ACTION_FORMS = {
    Action.RECEIVE: {},
    Action.REQUEST_SUPPLEMENT_AT_DESK: {"items": "Bản sao giấy chứng sinh"},
    Action.REFUSE_INTAKE: {"reasons": "Sai thẩm quyền"},
    Action.DISPATCH: {"unit": "{committee}"},
    Action.CLAIM: {},
    Action.ASSIGN: {"assignee": "{colleague}"},
    Action.FORWARD: {},
    Action.SEND_BACK: {"to_position": "1", "note": "Thiếu thông tin"},
    Action.REQUEST_SUPPLEMENT: {"items": "Ảnh 4x6"},
    Action.RECEIVE_SUPPLEMENT: {},
    Action.REQUEST_PAYMENT: {"amount": "5000"},
    Action.MARK_PAID: {"receipt": "BL-1"},
    Action.REFUSE: {"reasons": "Không đủ điều kiện"},
    Action.APPROVE: {},
    Action.ATTACH_RESULT: {"file": "<pdf>"},
    Action.ISSUE_RESULT: {},
    Action.RETURN_RESULT: {"method": Channel.COUNTER},
    Action.WITHDRAW: {"reason": "Nộp nhầm"},
    Action.STOP: {"reason": "Theo đề nghị"},
    Action.APOLOGISE: {"new_due": "{later}", "reason": "Cần xác minh"},
}
# The dossier each action is posted on (the others: "in_process").
ACTION_SCOPES = {
    Action.RECEIVE: "submitted",
    Action.REQUEST_SUPPLEMENT_AT_DESK: "submitted",
    Action.REFUSE_INTAKE: "submitted",
    Action.DISPATCH: "queue",
    Action.RECEIVE_SUPPLEMENT: "supplement",
    Action.MARK_PAID: "financial",
    Action.ATTACH_RESULT: "approved",
    Action.ISSUE_RESULT: "approved",
    Action.RETURN_RESULT: "result_ready",
}
# The applicant's own lifecycle actions, on their portal page (`my/dossiers/<str:code>/`).
PORTAL_ACTIONS = {
    "withdraw": {"action": Action.WITHDRAW, "reason": "Nộp nhầm"},
    "supplement": {"action": "supplement", "upload": "<pdf>", "note": "Bổ sung"},
}
PORTAL_SCOPES = {"withdraw": "in_process", "supplement": "supplement"}
