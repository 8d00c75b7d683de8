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

## Participants and bank accounts (§4.1, §4.4–§4.6).

error-msg-url-invalid = Enter a valid website address
error-msg-date-future = The date cannot be later than today
error-msg-iinbin-format = An ИИН/БИН has 12 digits
error-msg-iinbin-checksum = The ИИН/БИН is wrong: the check digit does not match
error-msg-iinbin-structure = The ИИН/БИН is wrong
error-msg-iin-expected = Enter the ИИН of an individual
error-msg-bin-expected = Enter the БИН of an organisation
error-msg-dict-value = Choose a value from the dictionary
error-msg-dict-code-format = The code does not match the format of the dictionary
error-msg-dict-code-exists = This code is already in the dictionary
error-msg-inis-unavailable = ИНИС is not available. Enter the bank details by hand
error-msg-part-exists = A participant with ИИН/БИН { $id } is already registered. To act for it, send a request to join
error-msg-part-type = The participant type does not fit the ЭЦП certificate. To register a legal entity, choose a certificate that carries the organisation's БИН
error-msg-part-signer = The participant agreement must be signed with an ЭЦП with the right to sign that carries the participant's ИИН/БИН
error-msg-small-medium = A participant cannot be both a small and a medium business
error-msg-field-not-allowed = The field «{ $label }» is not filled in for this participant type
error-msg-kopf-type = This legal form does not apply to this participant type
error-msg-account-too-long = An account number cannot be longer than 34 characters
error-msg-iban-format = Enter the account number as an IBAN
error-msg-iban-length = A Kazakhstan IBAN has 20 characters
error-msg-iban-checksum = The account number is wrong: the check digits do not match
error-msg-bank-unknown = No bank with code { $code } in the bank dictionary
error-msg-bank-country = The bank's country differs from the country code of the account number
error-msg-account-duplicate = An account with this number is already added
error-msg-not-manual = Only data entered by hand can be changed here
error-msg-bic-format = A BIC has 8 or 11 characters
error-msg-bic-exists = A bank with this BIC or IBAN code is already in the bank dictionary
acc-msg-kbe-recomputed = The КБе of the bank accounts was recomputed

## Labels of the participant form (§2.4; kk: 002-kk, to be reviewed).

acc-label-name = Name
acc-label-state-reg-date = State registration date
acc-label-state-reg-doc-number = State registration document number
acc-label-state-reg-authority = State registration authority
acc-label-country = Country
acc-label-is-organizer = Organizer
acc-label-is-supplier = Supplier
acc-label-kopf = Legal form (KOPF)
acc-label-kse = Sector of the economy (KSE)
acc-label-kfs = Form of ownership (KFS)
acc-label-is-resident = Resident of the Republic of Kazakhstan
acc-label-is-small-business = Small business
acc-label-is-medium-business = Medium business
acc-label-email = Organisation e-mail
acc-label-website = Organisation website
acc-label-phones = Phones, fax
acc-label-applicant-full-name = Applicant full name
acc-label-applicant-position = Applicant position
acc-label-head-iin = Head ИИН
acc-label-head-last-name = Head last name
acc-label-head-first-name = Head first name
acc-label-head-middle-name = Head middle name
acc-label-head-position = Head position

## Employees (§3.8–§3.11).

error-msg-reject-reason = Give the reason for declining
error-msg-block-reason = Give the reason for blocking
error-msg-self-block = You cannot block yourself
error-msg-last-admin = The organisation must keep at least one organisation administrator
error-msg-head-locked = This employee is the participant's head. Change the head first
error-msg-member-blocked = Your work in «{ $name }» is blocked. Reason: { $reason }
error-msg-session-ended-by-org = Your rights in the organisation have changed. Log in again
error-msg-join-duplicate = A request to join has already been sent and is awaiting a decision
error-msg-authority-not-allowed = This authority cannot be given to an employee of this participant
acc-msg-join-sent = The request to join has been sent to the organisation administrator
mail-join-new-subject = New employee request
mail-join-new-body = { $person } (ИИН { $iin }) asks to join «{ $org }».
mail-join-approved-subject = Request to join approved
mail-join-approved-body = Your request to join «{ $org }» is approved. Your authorities apply from your next login.
mail-join-declined-subject = Request to join declined
mail-join-declined-body = Your request to join «{ $org }» is declined. Reason: { $reason }
mail-member-blocked-subject = Access to the organisation blocked
mail-member-blocked-body = Your work in «{ $org }» is blocked. Reason: { $reason }
mail-member-unblocked-subject = Access to the organisation restored
mail-member-unblocked-body = Your work in «{ $org }» is restored. Your authorities apply from your next login.
mail-admin-handover-subject = Organisation administrator handed over
mail-admin-handover-body = { $from } handed the administrator authority of «{ $org }» to { $to } on { $at }.
mail-head-changed-subject = Head data changed
mail-head-changed-body = The head of «{ $org }» is now { $new } (before: { $old }).

## New-bank requests (§3.9).

acc-msg-newbank-sent = The request has been sent for approval
mail-bank-approved-subject = Bank registration request approved
mail-bank-approved-body = Request No. { $n } to register the bank «{ $name }» is approved. You can now add the bank account.
mail-bank-rejected-subject = Bank registration request rejected
mail-bank-rejected-body = Request No. { $n } is rejected. Reason: { $reason }
