# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Courses finished before this addon was installed: their finishing
    time is unknown, the time their membership was last written stands for
    it (see ``slide.channel.partner.crm_success_completed_at``)."""
    env.cr.execute(
        """
        UPDATE slide_channel_partner
           SET crm_success_completed_at = write_date
         WHERE member_status = 'completed' AND crm_success_completed_at IS NULL
        """
    )
