"""Who may do what with units, counters and memberships."""

import rules

from .predicates import (
    counter_in_scope,
    directs_counter_unit,
    directs_unit,
    is_administrator,
    unit_in_scope,
    works_at_counter,
)

# The apps below org (core, accounts, geo) are administered by administrators, a role org defines: their
# permissions are registered here.
rules.add_perm("core.use_admin", is_administrator)
rules.add_perm("core", is_administrator)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"core.{action}_calendaroverride", is_administrator)

rules.add_perm("org", is_administrator)
rules.add_perm("org.view_unit", is_administrator | unit_in_scope)
rules.add_perm("org.add_unit", is_administrator)
rules.add_perm("org.change_unit", is_administrator)
rules.add_perm("org.delete_unit", is_administrator)

rules.add_perm("org.view_counter", is_administrator | counter_in_scope)
rules.add_perm("org.add_counter", is_administrator | directs_unit)
rules.add_perm("org.change_counter", is_administrator | directs_counter_unit)
rules.add_perm("org.delete_counter", is_administrator)
# A receiving officer works at the counters of the units where they receive dossiers (their last one is kept).
rules.add_perm("org.work_at_counter", works_at_counter)

rules.add_perm("org.view_membership", is_administrator | directs_unit)
rules.add_perm("org.add_membership", is_administrator)
rules.add_perm("org.change_membership", is_administrator)
rules.add_perm("org.delete_membership", is_administrator)

rules.add_perm("accounts", is_administrator)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"accounts.{action}_user", is_administrator)

rules.add_perm("geo", is_administrator)
for model in ("province", "commune", "divisionchange", "divisionpredecessor"):
    rules.add_perm(f"geo.view_{model}", is_administrator)
for action in ("add", "change", "delete"):
    rules.add_perm(f"geo.{action}_divisionchange", is_administrator)
    rules.add_perm(f"geo.{action}_divisionpredecessor", is_administrator)
