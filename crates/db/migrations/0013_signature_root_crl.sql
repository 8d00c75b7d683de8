-- SIG-49 step 4, SIG-70: the evidence of the check of the signer's intermediate CA against its
-- root's CRL, kept with every signature (JSON: `not_configured`, or the root CRL's issuer,
-- number and thisUpdate). A CRL-decided act also carries it inside `revocation_evidence`; an
-- OCSP-decided one keeps the responder's DER there, so it needs this column. NULL for rows
-- stored before the check existed.
ALTER TABLE signatures ADD COLUMN revocation_root_crl TEXT;
