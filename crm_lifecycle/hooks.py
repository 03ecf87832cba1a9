# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Reconstruct every customer's lifecycle history from past purchases,
    then refresh the portfolio analysis
    (each rebuilt customer gets its summary note: the chatter may already
    tell of changes the rebuild rewrites, e.g. those of demo orders)."""
    env["crm.lifecycle.history"]._rebuild()
    # the figures of customers refreshed one by one (e.g. on demo orders)
    # were ranked against the few scored before them: rank them all
    env["res.partner"]._lifecycle_refresh_portfolio()
