from allauth.account.adapter import DefaultAccountAdapter


class StaffroomAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join through a school's invitation or MIS import, so that every account has a school.
        return False
