# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """The live-chat sessions held before the install become service
    contacts too, so that the channel mix of past periods counts them."""
    sessions = env["discuss.channel"].search([("channel_type", "=", "livechat")])
    sessions._crm_service_contact_sync()
