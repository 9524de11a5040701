"""Only administrators see the portal sync and retry its dead messages. Deny by default."""

import rules

from motcua.org.predicates import is_administrator

rules.add_perm("integrations.manage_portal", is_administrator)
