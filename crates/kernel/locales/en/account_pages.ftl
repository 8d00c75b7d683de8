## Account pages (spec/accounts.md §5.1–§5.3, ACC-6): labels of the login, registration,
## password, activation, recovery, password-change and cabinet pages, and the ЭЦП help page.

accp-login = Sign in
accp-logout = Sign out
accp-login-title = Sign in
accp-ncalayer-first = Attention! Start the program for working with ЭЦП (NCALayer) first.
accp-choose-key = Choose a key
accp-ncalayer-down = Cannot connect to NCALayer. Make sure that NCALayer is running and reload the page
accp-ncalayer-rights = NCALayer does not have enough access rights on this computer. Run NCALayer as administrator
accp-help-link = How to prepare your computer for ЭЦП
accp-noscript = Signing in with ЭЦП needs JavaScript in the browser: the page talks to the NCALayer program on your computer.
accp-unavailable = Signing in is temporarily unavailable. Try again later.

## НКТ entry (001 Сур. 1–5)
accp-nct-title = Sign in to НКТ
accp-nct-register = Registration
accp-nct-auth = Sign in
accp-nct-choose-key-register = Choose an ЭЦП key
accp-nct-choose-key-login = Choose an ЭЦП key
accp-nct-contacts = Contact details
accp-nct-email = E-mail *
accp-nct-phone = Mobile phone *
accp-nct-password = Password *
accp-nct-password-confirm = Confirm password *
accp-nct-agreement = User agreement
accp-nct-submit = Register
accp-nct-back = Go back
accp-nct-login-submit = Sign in to the system
accp-close = Close
accp-placeholder-password = Enter the password
accp-placeholder-password-confirm = Confirm the password

## Registration (ACC-137)
accp-register-title = User registration
accp-iin = IIN
accp-fio = Full name
accp-birth-date = Date of birth
accp-email = E-mail
accp-phone = Mobile phone
accp-agreement = User agreement
accp-sign = Sign
accp-password-set = Set a password
accp-password-confirm = Password confirmation
accp-pwd-rules = The password must contain:
accp-pwd-rule-length = 8 to 20 characters
accp-pwd-rule-lower = lower-case letters
accp-pwd-rule-upper = capital letters
accp-pwd-rule-digit = digits
accp-confirm-data = I confirm the data
accp-authorize = Sign in

## Password page, activation, recovery (ACC-139…ACC-141)
accp-password-title = Password
accp-password = Password
accp-forgot = Forgot your password?
accp-activate-title = Account activation
accp-recover-title = Password recovery
accp-recover-intro = Press the button and a temporary password will be sent to the account's e-mail address. The old password will stop working.
accp-recover-button = Get a temporary password
accp-go-login = Go to sign-in
accp-resend = Send the e-mail again
accp-change-email = Change the e-mail address
accp-new-email = New e-mail address
accp-change-title = Change password
accp-current-password = Current password
accp-new-password = New password
accp-save = Save

## Cabinet
accp-cabinet-title = Personal cabinet
accp-status = Account status
accp-status-active = Active
accp-status-pending = Not activated
accp-status-blocked = Blocked
accp-email-status = E-mail address status
accp-email-confirmed = Confirmed
accp-email-not-confirmed = Not confirmed
# ACC-58: the banner after a login with a BIN certificate that got no participant context.
accp-banner-not-registered = The organisation with BIN { $bin } is not registered as a participant.
accp-banner-not-member = You are not an employee of the participant «{ $name }».

## Help page (ACC-6)
accp-help-title = Preparing to work with ЭЦП
accp-help-intro = To sign in to Tauar and sign documents you need an ЭЦП key issued by НУЦ РК (the National Certification Authority) and the NCALayer program running on your computer.
accp-help-keys-title = 1. Get your ЭЦП keys
accp-help-keys = Registration certificates (ЭЦП keys) for individuals and legal entities are issued by the НУЦ РК registration centres in the public service centres (ЦОН). Usually two keys are issued: one to sign in (authentication, file AUTH_RSA…) and one to sign documents (RSA_… or GOST_…).
accp-help-keys-link = НУЦ РК website: pki.gov.kz
accp-help-ncalayer-title = 2. Install and start NCALayer
accp-help-ncalayer = Install NCALayer from the НУЦ РК website and start it before signing in. While it runs, the "NCALayer (НУЦ РК)" icon is shown in the notification area. You choose the key in the NCALayer window; the key password is typed only there and is never sent to the website.
accp-help-install-link = Install NCALayer
accp-help-down-title = 3. If NCALayer is not running
accp-help-down = The sign-in page says that it cannot connect to NCALayer. Start NCALayer, wait for its icon in the notification area and reload the page. If the program is not installed, install it.
accp-help-rights-title = 4. If NCALayer lacks rights
accp-help-rights = If NCALayer runs but does not have enough access rights on the computer, close it and run it as administrator (right-click the program's icon → "Run as administrator"), then reload the page.
accp-help-browser-title = 5. Browser
accp-help-browser = Tauar works in an ordinary browser over a secure connection (HTTPS). There is no need to install root certificates into the browser or to weaken its protection: if a page asks you to, it is not Tauar.

# ACC-29, AS-70: a Requests-module session on the portal login page.
accp-upgrade-needed = This part opens after a login with your ЭЦП key: sign the login and enter your password. You will continue in the same session.
