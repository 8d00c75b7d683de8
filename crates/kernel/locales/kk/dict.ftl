## Reference dictionaries.

dict-title = Анықтамалықтар
dict-intro = Tauar-дың барлық бөліктері пайдаланатын анықтамалықтар. Дереккөздері data/PROVENANCE.md файлында көрсетілген.
dict-name = Анықтамалық
dict-rows = Жазбалар
dict-source = Дереккөз
dict-code = Код
dict-entry-name = Атауы
dict-search-placeholder = Атаудың немесе кодтың бөлігі
dict-kato = ӘАОЖ — әкімшілік-аумақтық объектілер жіктеуіші (КАТО)
dict-oked = ЭҚЖЖ — экономикалық қызмет түрлері (ОКЭД)
dict-kpved = КПВЭД — экономикалық қызмет түрлері бойынша өнімдер
dict-tnved = ЕАЭО СЭҚ ТН — сыртқы экономикалық қызметтің тауар номенклатурасы
dict-mkei = МКЕИ — өлшем бірліктері
dict-banks = Банктер және БСК
dict-banks-historical = Тізімнен шығарылған банктер (өткен жылдардың БСК)
dict-kopf = ҰҚНЖ — ұйымдық-құқықтық нысандар (КОПФ)
dict-kfs = МНЖ — меншік нысандары (КФС)
dict-kse = ЭСК — экономика секторлары (КСЕ)
dict-kbe = КБе — бенефициар кодтары
dict-countries = Елдер
dict-bank-account-types = Банк шоттарының түрлері
