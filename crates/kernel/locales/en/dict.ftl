## Reference dictionaries.

dict-title = Dictionaries
dict-intro = Reference dictionaries used by every part of Tauar. Sources are listed in data/PROVENANCE.md.
dict-name = Dictionary
dict-rows = Entries
dict-source = Source
dict-code = Code
dict-entry-name = Name
dict-search-placeholder = Part of a name or code
dict-kato = KATO — administrative-territorial objects
dict-oked = OKED — types of economic activity
dict-kpved = KPVED — products by economic activity
dict-tnved = EAEU TN VED — commodity nomenclature of foreign trade
dict-mkei = MKEI — units of measure
dict-banks = Banks and BIC codes
dict-banks-historical = Banks no longer listed (former BIC codes)
dict-kopf = KOPF — organisational-legal forms
dict-kfs = KFS — forms of ownership
dict-kse = KSE — sectors of the economy
dict-kbe = KBe — beneficiary codes
dict-countries = Countries
dict-bank-account-types = Types of bank accounts
