## Accounts (spec/accounts.md §5.10, §6): titles of the MSG-* codes, page messages, e-mails.

error-msg-required = This field is required
error-msg-email-invalid = Enter a valid e-mail address
error-msg-email-taken = A user with this e-mail is already registered
error-msg-phone-invalid = Enter the number as +7 (777) 777 77 77
error-msg-pwd-policy = The password must be 8 to 20 characters long and contain lower-case letters, capital letters and digits
error-msg-pwd-mismatch = The passwords do not match
error-msg-pwd-same = The new password must differ from the current one
error-msg-current-pwd-wrong = The current password is wrong
error-msg-agreement-unsigned = Please sign the user agreement
error-msg-agreement-other-person = The agreement must be signed with an ЭЦП of the same person who is registering
error-msg-already-registered = A user with this ЭЦП is already registered
error-msg-not-registered = No user is registered with this ЭЦП. Please register
error-msg-nct-signing-right = Registration needs the ЭЦП of an individual or of a legal-entity employee with the right to sign
error-msg-step-expired = The time has run out. Choose your ЭЦП key again
error-msg-wrong-password = Wrong password. Attempts left: { $n }
error-msg-locked = Login is blocked for 10 minutes after 5 wrong passwords. Try again after { $time } or use «Forgot your password?»
error-msg-account-blocked = The account is blocked. Reason: { $reason }
error-msg-not-activated = The account is not activated. To continue, follow the link in the e-mail sent to { $email }
error-msg-link-invalid = The link is not valid: it has expired or has already been used
error-msg-temp-expired = The temporary password has expired. Use «Forgot your password?» again
error-msg-password-change-required = You logged in with a temporary password. Set a new password on the «Change password» page
error-msg-rate-limit = Too many requests. Try again later
error-msg-forbidden = You are not allowed to do this
error-csrf-token-invalid = The form is out of date or was not sent from this page. Reload the page and try again
error-field-not-allowed = The field «{ $field }» is not accepted: it comes from the ЭЦП certificate or from the system

acc-msg-activated = Your e-mail address is confirmed and the account is activated. Log in again
acc-msg-email-confirmed = Your e-mail address is confirmed
acc-msg-confirm-sent = A message with a confirmation link has been sent to { $email }
acc-msg-recovery-sent = A password recovery link has been sent to { $email }
acc-msg-recovery-sent-neutral = If an account with this address exists, a password recovery link has been sent to it
acc-msg-temp-sent = A temporary password has been sent to { $email }
acc-msg-saved = Saved
acc-msg-activation-resent = An activation link has been sent to { $email }
acc-agreement-signed = Agreement signed
acc-summary-agreement = Signing: { $title }, version { $version }
acc-summary-register-identity = Registration on the Tauar portal: proof of identity with an ЭЦП key

## E-mails (§6). English mails are not sent (ACC-154: kk then ru); kept for completeness.

mail-activation-subject = Account activation
mail-activation-body =
    Dear { $name }! You have registered on the web portal. To activate your account, please follow the link below. If you do not know what this is about, just ignore this message.
    { $link }
    The link is valid until { $until }.
mail-email-confirm-subject = E-mail address confirmation
mail-email-confirm-body = Dear { $name }! To confirm your e-mail address, follow the link: { $link }. The link is valid until { $until }.
mail-recovery-subject = Password recovery
mail-recovery-body = To recover your password, follow the link: { $link }. The link is valid for 1 hour. If you did not ask for password recovery, ignore this message.
mail-temp-password-subject = Temporary password
mail-temp-password-body = Your temporary password: { $password }. It is valid until { $until }. After logging in, set a new password.
mail-password-changed-subject = Password changed
mail-password-changed-body = The password of your account was changed on { $at }. If it was not you, use password recovery.
mail-locked-subject = Login temporarily blocked
mail-locked-body = After 5 wrong passwords, login to your account is blocked until { $time }. If it was not you, change your password.
