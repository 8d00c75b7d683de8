# The user agreement on the first entry into a system (ACC-24, AS-12), publishing agreement
# versions (ACC-116) and «Войти как секретарь» (ACC-118, AS-64).

error-msg-agreement-required = Accept the user agreement of this system to continue
error-msg-agreement-version-taken = A version of this agreement with this number is already published

agr-title = User agreement
agr-intro-sign = To continue working in the system, read the agreement and sign it with your ЭЦП key.
agr-intro-check = To continue working in the system, read the agreement and accept its terms.
agr-reaccept = A new version of the agreement has been published. Accept it to continue.
agr-version = Version { $version } of { $date }
agr-closed = The agreement has not been accepted. The system cannot be used without it.
agr-accept-check = I accept the terms of the user agreement
agr-accept = Accept
agr-accepted = Agreement accepted
agr-open = Open the agreement

ws-enter = Enter as secretary
ws-leave = Leave the secretary mode
ws-secretary = Secretary mode
