"""Identity: who a request is, in no protocol's words. Accounts (users, passwords, plans,
roles), personal access tokens, and the password grant's access and refresh tokens, all in
the service's one database (opendias.database); the web layer (opendias.web.layers.identity)
reads credentials from requests and asks these classes.

| module | what it holds |
| --- | --- |
| schema | the tables: users, tokens, refresh tokens (revision 0002) |
| accounts | User, Accounts: registration, passwords, plans, disabling |
| passwords | the password policy (common-passwords.txt), argon2id hashing |
| tokens | Tokens: personal access tokens ("odt_..."), stored hashed |
| grants | Grants: password grant, refresh ("odr_..."), JWT access tokens |
| keys | the service's secret key (generated once), keys derived for each use |
| sessions | Sessions: browser sessions (signed cookie) and their CSRF tokens |
| plans | the plans file (OPENDIAS_PLANS, default opendias/plans.yml) |
| usage | Usage: quota counters, and the quotas read from the job store |
| terms | Terms: the datasets' licences and the users' acceptances |
"""

from opendias.identity.accounts import Accounts, User
from opendias.identity.grants import Grants
from opendias.identity.keys import secret_key, signing_key
from opendias.identity.plans import (CAPABILITIES, DEFAULT_PLAN, PlansError, check_plan,
                                     load_plans, plan_names)
from opendias.identity.schema import OPERATOR, ROLES, USER
from opendias.identity.sessions import Sessions
from opendias.identity.tokens import Tokens

__all__ = [
    "Accounts", "CAPABILITIES", "DEFAULT_PLAN", "Grants", "OPERATOR", "PlansError", "ROLES",
    "Sessions", "Tokens", "USER", "User", "check_plan", "load_plans", "plan_names", "secret_key",
    "signing_key",
]
