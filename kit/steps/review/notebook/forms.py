"""What the review records: asks, actions updated, partners, goals revisited, department asks,
strategies, and (the manager's own copy) coaching and conversations."""


class Forms:
    """The review notebook's forms: what the review records."""

    # ------------------------------------------------------------ who is looking
    def _manager(self):
        """The manager's own copy: the only one that reads and records coaching and conversations."""
        return self.audience.keeps_the_record

    @property
    def _me(self):
        """The seller whose own copy this is (None for the wall, the team and the manager)."""
        return self.audience.member_id

    def _nothing(self, name):
        """What a manager-only cell shows in any other copy: nothing (one line above says where it lives)."""
        return self._view(name, lambda: None)

    # ------------------------------------------------------------ forms
    def ask_form(self):
        """Asks of the manager, with their status (a seller's own copy: their own asks)."""
        from ..capture import ask_form

        return self._form(ask_form, session_id=self.session_id, member_id=self._me)

    def update_actions(self):
        """The action form of step 5 under the open actions: a status updated as the team goes through them, new
        actions (the manager's, for a seller, answering an ask) recorded; its own list folded away (the table above
        is the list)."""
        from ...actions.capture import action_form

        form = self._form(action_form, session_id=self.session_id)
        form.list.layout.display = "none"
        return form

    def partner_form(self):
        """The proposed rotation of accountability partners, recorded in one click, and the pairs one by one."""
        from ..capture import partner_form

        return self._form(partner_form, session_id=self.session_id)

    def goal_progress_form(self):
        """How each goal stands (a seller's own copy: their own goals, private ones included)."""
        from ..capture import goal_progress_form

        return self._form(goal_progress_form, session_id=self.session_id, member_id=self._me)

    def department_form(self):
        """Route a SWOT item to a department, with the ask and, when it comes, the answer."""
        from ..capture import department_form

        return self._form(department_form, session_id=self.session_id, show_list=False)

    def strategy_form(self):
        """Write a strategy: the SWOT items it pairs (the kit's pairings offered as questions) and its action."""
        from ..capture import strategy_form

        return self._form(strategy_form, session_id=self.session_id, show_list=False)

    def crm_form(self):
        """Results from the CRM: an opportunity export imported into each seller's KPI results (kit.crm); not in a
        seller's own copy (it records everyone's)."""
        from ....crm.form import import_form

        if self._me is not None:
            return self._nothing("crm-form")
        return import_form(self.eng, on_change=self.refresh)

    def coaching_form(self):
        """The manager's coaching log (only in the manager's own copy; any other copy shows nothing here)."""
        from ..capture import coaching_form

        if not self._manager():
            return self._nothing("coaching-form")
        return self._form(coaching_form, session_id=self.session_id)

    def conversation_form(self):
        """Document a conversation (only in the manager's own copy)."""
        from ..capture import conversation_form

        if not self._manager():
            return self._nothing("conversation-form")
        return self._form(conversation_form, session_id=self.session_id, show_list=False)
