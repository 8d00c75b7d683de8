## Profile rows and platform administration (spec/accounts.md §3.13, §3.16).

error-msg-doc-number = The document number may contain only letters and digits, at most 20
error-msg-doc-duplicate = A document of this type with this number has already been added
error-msg-date-before-birth = The date of issue cannot be earlier than the date of birth
error-msg-date-order = The expiry date must be later than the date of issue
error-msg-too-long = The value is longer than allowed
error-msg-reason-required = Give a reason
error-msg-role-held = The user already has this role
error-msg-upgrade-required = Sign in to the portal with your ЭЦП key to do this
error-msg-account-state = This action is not available for the account in its current state

mail-email-changed-subject = E-mail address changed
mail-email-changed-body = The e-mail address of your account was changed to { $masked } on { $at }. If this was not you, contact support.
mail-account-blocked-subject = Account blocked
mail-account-blocked-body = Your account has been blocked by an administrator. Reason: { $reason }
mail-account-unblocked-subject = Account unblocked
mail-account-unblocked-body = Your account has been unblocked. Reason: { $reason }
