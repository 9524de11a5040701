"""Who reads reports: administrators, centre directors and unit leaders (each within their scope)."""

import rules

from motcua.org.predicates import is_administrator, is_centre_director, is_unit_leader

rules.add_perm("reports.view", is_administrator | is_centre_director | is_unit_leader)
