## Participant pages of the cabinet (spec/accounts.md §5.4, §5.6–§5.8).

orgp-cabinet = Cabinet
orgp-back-cabinet = Back to the cabinet
orgp-yes = Yes
orgp-no = No
orgp-cancel = Cancel
orgp-delete = Delete
orgp-send = Send
orgp-empty = No records
orgp-status = Status
orgp-reason = Reason
orgp-position = Position
orgp-comment = Comment
orgp-organisation = Organisation
orgp-id-number = IIN/BIN

## Participant registration
orgp-register-link = Register a participant
orgp-register-title = Participant registration
orgp-type = Participant type
orgp-type-apply = Choose
orgp-type-fl = Individual
orgp-type-ip = Sole entrepreneur
orgp-type-kh = Farm
orgp-type-ul = Legal entity
orgp-sec-info = Participant details
orgp-sec-role = Participant role
orgp-sec-attrs = Attributes
orgp-sec-contacts = Contacts
orgp-sec-heads = Applicant and head
orgp-organizer-hint = The role is assigned to the Single Distributor only
orgp-agreement = Participant agreement
orgp-sign = Sign
orgp-sign-waiting = Confirm the signature in NCALayer…
orgp-sign-cancelled = Signing cancelled. Nothing was sent.
orgp-confirm-data = I confirm the data
orgp-fix-errors = Correct the errors:
orgp-registered = The participant is registered. Fill in the bank details.

## Participant profile
orgp-profile = Participant profile
orgp-reg-data = Registration data

## Bank accounts
orgp-bank-accounts = Bank accounts
orgp-bank-empty = The bank details are empty. Fill them in from INIS?
orgp-bank-fill = Fill in
orgp-inis-title = Fill in from INIS
orgp-inis-hint = Tick the accounts to add and press «Import».
orgp-inis-none = INIS holds no bank accounts of your organisation. Add an account by hand.
orgp-inis-registered = Already added
orgp-inis-import = Import
orgp-inis-off = The data cannot be taken from INIS now. Enter the bank details by hand.
orgp-bank-add = Add an account
orgp-bank-edit = Edit the account
orgp-bank-number = Account number
orgp-bank-name = Bank
orgp-bank-kbe = Beneficiary code (KBe)
orgp-bank-type = Account type
orgp-bank-guarantee = Account for the guarantee deposit
orgp-bank-default = Default
orgp-bank-source = Source
orgp-bank-old-format = Old-format account number
orgp-bank-auto = — taken from the account number —
orgp-bank-auto-hint = For a Kazakhstan IBAN the bank is taken from the account number automatically.
orgp-bank-add-bank = Add a bank
orgp-bank-delete = Delete the account
orgp-bank-delete-question = Delete account { $number }?
orgp-source-manual = Entered by hand
orgp-source-inis = INIS
orgp-source-ens-admin = ENS TRU

## New-bank requests
orgp-my-new-banks = My requests to register a bank
orgp-nb-new = Add a new bank
orgp-nb-send = Send for approval
orgp-nb-confirm = Send the request to register the bank for approval?
orgp-nb-number = Request no.
orgp-nb-sent = Sent on
orgp-nb-bank-name-ru = Bank name
orgp-nb-bank-name-kk = Bank name in Kazakh
orgp-nb-bic = BIC
orgp-nb-country = Country
orgp-nb-iban-code = Bank code in the IBAN
orgp-nb-bank-bin = Bank BIN
orgp-nb-address = Address
orgp-nb-comment = Comment
orgp-nb-status-on-approval = On approval
orgp-nb-status-approved = Approved
orgp-nb-status-rejected = Rejected
orgp-queue-title = Requests to register banks
orgp-approve-bank = Approve
orgp-reject = Reject
orgp-reject-reason = Reason for rejection

## Employees
orgp-employees = Employees of the organisation
orgp-authorities = Authorities
orgp-joined = Joined on
orgp-is-head = Head
orgp-member-active = Active
orgp-member-blocked = Blocked
orgp-member-ended = Removed
orgp-edit-authorities = Edit authorities
orgp-block = Block the employee
orgp-block-reason = Reason for blocking
orgp-block-question = Block employee { $name }?
orgp-unblock-question = Unblock employee { $name }?
orgp-next-login-note = The changes take effect at the employee's next login
orgp-handover = Hand over the administrator authority
orgp-handover-question = Hand over the administrator authority to { $name }? You will lose access to managing the organisation.
orgp-end = Remove from the organisation
orgp-end-question = Remove { $name } from the organisation?
orgp-head = Head of the participant
orgp-head-choose = Head
orgp-head-none = No employees with the authority «Head»
orgp-self-admin = Make myself the organisation administrator
orgp-auth-org-admin = Organisation administrator
orgp-auth-head = Head
orgp-auth-org-bank = Bank details
orgp-auth-nct-apply = NCT applications for the organisation
orgp-auth-reg-apply = Applications to the register of domestic producers
orgp-auth-proc-supplier = Taking part in procurement
orgp-auth-proc-organizer = Organising procurement

## Join requests
orgp-join-requests = Join requests
orgp-join-title = Join an organisation
orgp-join-send = Send a request to join
orgp-join-date = Requested on
orgp-join-pending = Your request to join awaits the organisation administrator's decision
orgp-join-withdraw = Withdraw the request
orgp-join-withdraw-question = Withdraw the request to join?
orgp-join-withdrawn = The request is withdrawn
orgp-join-status-pending = Pending
orgp-join-status-approved = Approved
orgp-join-status-declined = Declined
orgp-approve = Approve
orgp-decline = Decline
orgp-decline-reason = Reason for declining
