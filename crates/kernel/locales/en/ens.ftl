# ЕНС ТРУ in the account layer (spec/accounts.md §3.4, §3.12, §5.10; CAT-63, CAT-151, CAT-179).

error-msg-ens-bad-credentials = Wrong account or password
error-msg-ens-not-accredited = The account is not accredited
error-msg-ens-duplicate = A request to register in ЕНС ТРУ has already been sent, or access has already been granted
error-msg-ens-account-required = Enter the account
error-msg-ens-iin-mismatch = The ИИН in the ЭЦП certificate does not match the ИИН in the user profile
error-msg-ens-bin-email-mismatch = The БИН or the e-mail address in the ЭЦП certificate do not match the user profile
error-msg-ens-org-not-registered = The organisation with БИН { $bin } is not registered in the ЕНС ТРУ information system. Send the organisation registration form to the authorized body
error-msg-ens-legal-entity-required = An ЭЦП of a legal-entity employee is required
error-msg-ens-agreement = You must accept the terms of the user agreement
error-msg-ens-parent = The parent organisation cannot be the organisation itself or one of its subsidiaries
error-msg-rnn-format = The РНН must have 12 digits
error-msg-file-too-large = The file must not be larger than 20 MB
error-msg-file-type = Only pdf, jpg and png files are accepted

ens-summary-access-request = Request to register in ЕНС ТРУ: { $name }, БИН { $bin }
ens-summary-login = Log in to the Requests module of ЕНС ТРУ
ens-msg-request-sent = The registration request has been sent. After accreditation, log in to the Requests module with the e-mail address and the password of your account

mail-ens-accredited-subject = Access to the ЕНС ТРУ information system granted
mail-ens-accredited-body = You are accredited in the ЕНС ТРУ information system for «{ $name }». Login: { $email }. Password: the password of your account.
mail-ens-refused-subject = Your request to register in the ЕНС ТРУ information system was refused
mail-ens-refused-body = Your request to register in the ЕНС ТРУ information system for «{ $name }» was refused. Reason: { $reason }
