"""The catalogue is public to read; administrators maintain it."""

import rules

from motcua.org.predicates import is_administrator

rules.add_perm("catalog", is_administrator)
for model in (
    "sector",
    "procedure",
    "procedureversion",
    "processingmethod",
    "fee",
    "requireddocument",
    "procedurecase",
    "workflow",
    "workflowstep",
):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"catalog.{action}_{model}", is_administrator)
