## «Participants» of the platform administrator (spec/accounts.md §3.16 ACC-115, ACC-113,
## ACC-89 (c), P4/P5, E-PART-BLOCKED).

error-msg-part-not-active = This action is available only for a participant in the status «Active»
error-msg-part-not-blocked = The participant is not blocked
error-msg-organizer-distributor = The role «Organizer» is given only to the Single distributor
error-msg-member-not-active = The authority can be given only to an active employee of the participant
error-msg-session-ended-part-blocked = The participant has been blocked by the platform administrator. Nobody can act for it; sign in again

mail-part-blocked-subject = Participant blocked
mail-part-blocked-body = The participant «{ $org }» (IIN/BIN { $id }) has been blocked by the platform administrator. Reason: { $reason }. Nobody can act for the participant until it is unblocked.
mail-part-unblocked-subject = Participant unblocked
mail-part-unblocked-body = The participant «{ $org }» (IIN/BIN { $id }) has been unblocked. Reason: { $reason }

pa-participants = Participants
pa-participant = Participant
pa-search = IIN/BIN or name
pa-status-any = All
pa-status-active = Active
pa-status-blocked = Blocked
pa-status-admin-created = Created by the ЕНС ТРУ administrator
pa-found = Found: { $count }
pa-roles = Participant role
pa-single-distributor = Single distributor
pa-organizer-hint = «Organizer» can be ticked only together with «Single distributor»
pa-save = Save
pa-block = Block the participant
pa-block-question = Block the participant? Every session acting for it will end and its administrators will be notified.
pa-unblock = Unblock the participant
pa-unblock-question = Unblock the participant? Its employees can act for it again after their next sign-in.
pa-correction = Correction of the registration data
pa-correction-hint = Corrections are made on the participant's written request: give its reference in «Reason». «IIN/BIN» and «Name» come from the ЭЦП certificate and are never changed by hand.
pa-members = Employees and authorities
pa-grant-org-admin = Make organisation administrator
pa-grant-org-admin-hint = On a written request; the authority takes effect at the employee's next sign-in.
pa-registered-at = Registration date
