## ЭЦП verification errors (spec/signatures.md §7.1).

error-sig-malformed = The signature could not be read (invalid CMS). Please sign again.
error-sig-signer-cert-missing = The signature does not contain the signer's certificate.
error-sig-invalid-signature = The signature is damaged or invalid.
error-sig-content-mismatch = The signature does not match the data to be signed: the data was changed. Please sign again.
error-sig-algorithm-unsupported = This key's algorithm ({ $alg }) is not supported yet. Please use another НУЦ РК key.
error-sig-not-personal-cert = This is not an НУЦ РК certificate of a person or an employee (it has no IIN).
error-sig-untrusted-issuer = The certificate was not issued by НУЦ РК, or its chain of trust could not be built.
error-sig-cert-expired = The certificate expired on { $date }. Get a new key from НУЦ РК (pki.gov.kz).
error-sig-cert-not-yet-valid = The certificate is not valid yet (valid from { $date }).
error-sig-cert-revoked = The certificate has been revoked or suspended by the certification authority ({ $reason }, { $date }).
error-sig-revocation-unavailable = The revocation status cannot be checked right now: the НУЦ РК service is unreachable. Nothing was saved — please try again in a few minutes.
error-sig-wrong-key-usage = This key cannot be used for this action. To sign documents choose your signing key (usually an RSA… or GOST… file), not the authentication key (AUTH…).
error-sig-role-not-allowed = This action needs the key of the organisation's head or of a person with the right to sign.
error-sig-iin-mismatch = The IIN in the certificate ({ $iin }) does not match the IIN of your account.
error-sig-bin-mismatch = The BIN in the certificate ({ $bin }) does not match the BIN of the organisation you act for.
error-sig-email-mismatch = The e-mail in the certificate does not match the e-mail of your profile (or the certificate has none).
error-sig-challenge-replayed = This signature has already been used. Reload the page and sign again.
error-sig-challenge-expired = The time to sign has run out (5 minutes). Please sign again.
error-sig-challenge-unknown = The signing request was not found or belongs to another window. Reload the page.
sig-reason-revoked = revoked
sig-reason-suspended = suspended
sig-reason-key-compromise = key compromise
sig-reason-superseded = superseded
