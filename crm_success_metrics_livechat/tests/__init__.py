from . import test_livechat_contacts
